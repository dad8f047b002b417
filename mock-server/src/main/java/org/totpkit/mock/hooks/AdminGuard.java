package org.totpkit.mock.hooks;

import com.github.tomakehurst.wiremock.http.Request;
import com.github.tomakehurst.wiremock.security.Authenticator;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Optional;
import org.totpkit.mock.contract.ErrorTable;
import org.totpkit.mock.http.ApiResponse;
import org.totpkit.mock.http.Rendering;

/**
 * The one rule for the admin token: with {@code --admin-token}, every {@code /__admin} route but
 * the health check and the web console's files needs {@code Authorization: Bearer <token>}. {@link
 * AdminSurface} applies it to every served admin route once routing has found one (closed routes
 * answer 404 first), so that a refusal is a 401 in the contract's shape; it also guards WireMock's
 * own admin API as its authenticator, and the hooks check it again in case they are mounted
 * elsewhere.
 */
public final class AdminGuard implements Authenticator {
  private static final String HEALTH = "/health";

  /**
   * The web console's page, script and style sheet (below the admin root): open like health, for
   * they hold no data; the page asks for the token and every route it calls needs it.
   */
  public static final java.util.List<String> CONSOLE_FILES =
      java.util.List.of("/console", "/console/console.js", "/console/console.css");

  private final String adminToken;

  public AdminGuard(String adminToken) {
    this.adminToken = adminToken;
  }

  /**
   * The answer that refuses a routed admin request, or empty when it may pass.
   *
   * @param path below the admin root ("/totp/users", "/health"), without the query
   */
  public Optional<ApiResponse> refusal(String path, String authorization) {
    if (path.equals(HEALTH) || CONSOLE_FILES.contains(path) || holdsToken(authorization)) {
      return Optional.empty();
    }
    return Optional.of(Rendering.error(ErrorTable.unauthenticatedHook()));
  }

  // WireMock hands the authenticator the URL below the admin root ("/totp/users", "/health").
  @Override
  public boolean authenticate(Request request) {
    String url = request.getUrl();
    int query = url.indexOf('?');
    String path = query < 0 ? url : url.substring(0, query);
    return refusal(path, request.getHeader("Authorization")).isEmpty();
  }

  /** Whether {@code authorization} carries the admin token; always, when there is none. */
  public boolean holdsToken(String authorization) {
    if (adminToken == null) {
      return true;
    }
    // Constant time: how long a refusal takes says nothing about how much of the token matched.
    byte[] expected = ("Bearer " + adminToken).getBytes(StandardCharsets.UTF_8);
    byte[] given =
        authorization == null ? new byte[0] : authorization.getBytes(StandardCharsets.UTF_8);
    return MessageDigest.isEqual(expected, given);
  }
}
