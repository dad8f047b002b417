package org.totpkit.mock.browser;

import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.List;
import org.totpkit.mock.contract.ErrorTable;
import org.totpkit.mock.http.Rendering;

/**
 * CORS for the contract API, as upstream ZITADEL serves it (rs/cors, any origin, credentials
 * allowed): REST ({@code /resources/}, {@code /v2/}), gRPC-Web and Connect ({@code /zitadel.}),
 * stubs on those paths and every error included. A preflight is answered here (204) with the
 * methods and request headers that REST, connect-es and grpc-web clients send; an answer to a page
 * carries {@code Access-Control-Allow-Origin} (the page's origin) and exposes the headers a client
 * must read. With {@code --cors-origin}, other origins get no CORS headers, and their preflight a
 * 403 in the contract's shape. Requests without {@code Origin} are left alone.
 */
public final class ApiCors implements Filter {
  /** The paths of the contract API (REST of both dialects, and the RPC services). */
  static final List<String> API_PREFIXES = List.of("/resources/", "/v2/", "/zitadel.");

  /** Upstream's methods. */
  static final String METHODS = "GET, HEAD, POST, PUT, PATCH, DELETE, OPTIONS";

  /** Upstream's request headers, and those connect-es's {@code cors} lists for its protocols. */
  static final String REQUEST_HEADERS =
      String.join(
          ", ",
          "authorization",
          "content-type",
          "accept",
          "accept-language",
          "origin",
          "x-requested-with",
          "x-zitadel-orgid",
          "x-grpc-web",
          "x-user-agent",
          "grpc-timeout",
          "grpc-message-type",
          "connect-protocol-version",
          "connect-timeout-ms",
          "connect-content-encoding",
          "connect-accept-encoding",
          "content-encoding",
          "accept-encoding");

  /** What a client must read: the gRPC(-Web) status, row 13's wait, the 401's challenge. */
  static final String EXPOSED_HEADERS =
      String.join(
          ", ",
          "grpc-status",
          "grpc-message",
          "grpc-status-details-bin",
          "retry-after",
          "www-authenticate",
          "location",
          "content-length",
          "content-encoding",
          "connect-content-encoding");

  /** How long a browser may reuse a preflight, in seconds (Chromium caps it at 7200). */
  static final String MAX_AGE = "7200";

  private final BrowserPolicy policy;

  public ApiCors(BrowserPolicy policy) {
    this.policy = policy;
  }

  @Override
  public void doFilter(ServletRequest request, ServletResponse response, FilterChain chain)
      throws IOException, ServletException {
    HttpServletRequest http = (HttpServletRequest) request;
    HttpServletResponse out = (HttpServletResponse) response;
    String origin = http.getHeader("Origin");
    if (origin == null || !isApi(http.getRequestURI())) {
      chain.doFilter(request, response);
      return;
    }
    boolean served = policy.servesCorsTo(origin);
    boolean preflight =
        http.getMethod().equals("OPTIONS")
            && http.getHeader("Access-Control-Request-Method") != null;
    out.addHeader("Vary", "Origin");
    if (preflight) {
      out.addHeader("Vary", "Access-Control-Request-Method");
      out.addHeader("Vary", "Access-Control-Request-Headers");
      if (!served) {
        Refusal.write(Rendering.error(ErrorTable.corsOriginNotAllowed()), out);
        return;
      }
      allowOrigin(out, origin);
      out.setHeader("Access-Control-Allow-Methods", METHODS);
      out.setHeader("Access-Control-Allow-Headers", REQUEST_HEADERS);
      out.setHeader("Access-Control-Max-Age", MAX_AGE);
      // Chromium asks before a public page reaches a private address (a laptop's mock).
      if ("true".equalsIgnoreCase(http.getHeader("Access-Control-Request-Private-Network"))) {
        out.setHeader("Access-Control-Allow-Private-Network", "true");
      }
      out.setStatus(HttpServletResponse.SC_NO_CONTENT);
      return;
    }
    if (served) {
      allowOrigin(out, origin);
      out.setHeader("Access-Control-Expose-Headers", EXPOSED_HEADERS);
    }
    chain.doFilter(request, response);
  }

  // The page's own origin, never "*": with credentials allowed, a browser refuses "*".
  private static void allowOrigin(HttpServletResponse out, String origin) {
    out.setHeader("Access-Control-Allow-Origin", origin);
    out.setHeader("Access-Control-Allow-Credentials", "true");
  }

  static boolean isApi(String path) {
    for (String prefix : API_PREFIXES) {
      if (path.startsWith(prefix)) {
        return true;
      }
    }
    return false;
  }
}
