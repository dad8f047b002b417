package org.totpkit.mock.hooks;

import com.github.tomakehurst.wiremock.http.Request;
import com.github.tomakehurst.wiremock.security.Authenticator;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;

/**
 * Guards WireMock's own admin API with the admin token. The TOTP hooks check the token themselves
 * so that a refusal has the contract's error shape, and the health check stays open for probes.
 */
public final class AdminGuard implements Authenticator {
  private final String adminToken;

  public AdminGuard(String adminToken) {
    this.adminToken = adminToken;
  }

  @Override
  public boolean authenticate(Request request) {
    if (isHookOrHealthCheck(request.getUrl())) {
      return true;
    }
    return holdsToken(request.getHeader("Authorization"));
  }

  // WireMock hands the authenticator the URL below the admin root ("/totp/users", "/health"),
  // not the full "/__admin/..." path. Dot segments and escapes never pass unguarded.
  private static boolean isHookOrHealthCheck(String url) {
    int query = url.indexOf('?');
    String path = query < 0 ? url : url.substring(0, query);
    if (path.contains("/.") || path.contains("%") || path.contains(";")) {
      return false;
    }
    return path.startsWith("/totp/") || path.equals("/health");
  }

  boolean holdsToken(String authorization) {
    if (adminToken == null) {
      return true;
    }
    byte[] expected = ("Bearer " + adminToken).getBytes(StandardCharsets.UTF_8);
    byte[] given =
        authorization == null ? new byte[0] : authorization.getBytes(StandardCharsets.UTF_8);
    return MessageDigest.isEqual(expected, given);
  }
}
