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
    String path = request.getUrl();
    if (path.startsWith("/__admin/totp/") || path.startsWith("/__admin/health")) {
      return true;
    }
    return holdsToken(request.getHeader("Authorization"));
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
