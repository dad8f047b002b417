package org.totpkit.mock.hooks;

import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Optional;
import org.totpkit.mock.http.ApiResponse;
import org.totpkit.mock.http.Rendering;

/**
 * The admin calls a client makes by the thousand, answered in the admin context's filter chain
 * (after the browser rules and the request gate, like {@link HealthCheck}, which it also serves)
 * instead of through WireMock's admin handler: {@code POST /__admin/totp/users/{userId}/totp}, the
 * import hook that populates a fixture. WireMock turns every admin request into a logged request
 * and a serve event before its router runs (about two thirds of the 54 KB an import allocated),
 * though admin requests are never journaled.
 *
 * <p>Served here with what WireMock's path would apply, in its order: the admin token rule ({@link
 * AdminGuard#refusal}, as {@link AdminSurface} applies it to a served route), then the hook itself
 * ({@link TotpHooks}, which checks the token again and reads the body strictly). A request this
 * filter does not take as exactly that route goes on to WireMock and gets the answer it always had:
 * another method or path, a query, a path with a percent-escape or a parameter ({@code ;}), whose
 * reading is WireMock's.
 */
public final class HookFront implements Filter {
  private static final String USERS = "/__admin/totp/users/";
  private static final String IMPORT_TAIL = "/totp";

  private final Filter health;
  private final TotpHooks hooks;
  private final AdminGuard guard;

  /**
   * @param health the health check's answer, asked first
   * @param hooks the hooks whose calls are answered here
   * @param guard the admin token rule
   */
  public HookFront(Filter health, TotpHooks hooks, AdminGuard guard) {
    this.health = health;
    this.hooks = hooks;
    this.guard = guard;
  }

  @Override
  public void doFilter(ServletRequest request, ServletResponse response, FilterChain chain)
      throws IOException, ServletException {
    HttpServletRequest http = (HttpServletRequest) request;
    String userId = "POST".equals(http.getMethod()) ? importUserId(http) : null;
    int length = http.getContentLength();
    if (userId == null || length < 0) {
      health.doFilter(request, response, chain);
      return;
    }
    // AdminSurface's rule for a served route; the hook's own check follows in TotpHooks.
    String path = http.getRequestURI().substring("/__admin".length());
    Optional<ApiResponse> refusal = guard.refusal(path, http.getHeader("Authorization"));
    ApiResponse answer;
    if (refusal.isPresent()) {
      answer = refusal.get();
    } else {
      // The gate has read the body and serves it from memory, with its length.
      byte[] body = http.getInputStream().readNBytes(length);
      answer = hooks.importRegistration(userId, body, http.getHeader("Authorization"));
    }
    Rendering.write(answer, (HttpServletResponse) response);
  }

  /** The user id of an import hook's path, or null when the request is not plainly that route. */
  static String importUserId(HttpServletRequest http) {
    if (http.getQueryString() != null) {
      return null;
    }
    String uri = http.getRequestURI();
    if (!uri.startsWith(USERS)
        || !uri.endsWith(IMPORT_TAIL)
        || uri.indexOf('%') >= 0
        || uri.indexOf(';') >= 0) {
      return null;
    }
    int end = uri.length() - IMPORT_TAIL.length();
    if (end <= USERS.length()) {
      return null;
    }
    String userId = uri.substring(USERS.length(), end);
    return userId.indexOf('/') >= 0 ? null : userId;
  }
}
