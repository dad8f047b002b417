package org.totpkit.mock.browser;

import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Collections;
import java.util.Locale;
import org.totpkit.mock.contract.ErrorTable;
import org.totpkit.mock.http.ApiResponse;
import org.totpkit.mock.http.Rendering;

/**
 * The admin surface is same-origin only. In front of everything under {@code /__admin} (the hooks,
 * WireMock's routes, health, the console, closed and unknown paths alike), before routing, the
 * admin token and any body is read: a {@code Host} that is not one of {@link ServerNames} (DNS
 * rebinding), or an {@code Origin} other than the server's own ({@code Origin: null} included), is
 * a 403 in the contract's shape, and nothing runs. Clients that send no {@code Origin} (curl, CI,
 * the JUnit extension, WireMock's Java client) pass as before.
 */
public final class AdminOriginGuard implements Filter {
  private final ServerNames names;

  public AdminOriginGuard(ServerNames names) {
    this.names = names;
  }

  @Override
  public void doFilter(ServletRequest request, ServletResponse response, FilterChain chain)
      throws IOException, ServletException {
    HttpServletRequest http = (HttpServletRequest) request;
    Authority host = hostOf(http);
    if (!names.isOurs(host.host())) {
      Refusal.write(Rendering.error(ErrorTable.foreignHost()), (HttpServletResponse) response);
      return;
    }
    String scheme = schemeOf(http);
    for (String origin : Collections.list(http.getHeaders("Origin"))) {
      if (!isOwnOrigin(origin, scheme, host)) {
        Refusal.write(Rendering.error(ErrorTable.crossOrigin()), (HttpServletResponse) response);
        return;
      }
    }
    chain.doFilter(request, response);
  }

  /** The refusal a request gets, or null when it passes: for tests of the rule alone. */
  ApiResponse refusal(String scheme, String hostHeader, String origin) {
    Authority host = Authority.parse(hostHeader);
    if (!names.isOurs(host.host())) {
      return Rendering.error(ErrorTable.foreignHost());
    }
    if (origin != null && !isOwnOrigin(origin, scheme, host)) {
      return Rendering.error(ErrorTable.crossOrigin());
    }
    return null;
  }

  // HTTP/1.1 names it in Host; HTTP/2's :authority and an HTTP/1.0 request without Host (haproxy's
  // health check) reach us through what Jetty made of the request (the local address, if nothing).
  private static Authority hostOf(HttpServletRequest http) {
    String header = http.getHeader("Host");
    if (header != null && !header.isBlank()) {
      return Authority.parse(header);
    }
    String name = http.getServerName();
    boolean ipv6 = name.indexOf(':') >= 0 && !name.startsWith("[");
    return new Authority(ipv6 ? "[" + name + "]" : name, http.getServerPort());
  }

  /**
   * The scheme the browser used: {@code X-Forwarded-Proto} from a TLS proxy in front, else the
   * request's. A page cannot set that header without a preflight, which this guard refuses.
   */
  private static String schemeOf(HttpServletRequest http) {
    String forwarded = http.getHeader("X-Forwarded-Proto");
    if (forwarded != null && !forwarded.isBlank()) {
      int comma = forwarded.indexOf(',');
      return (comma < 0 ? forwarded : forwarded.substring(0, comma))
          .trim()
          .toLowerCase(Locale.ROOT);
    }
    return http.getScheme().toLowerCase(Locale.ROOT);
  }

  /**
   * The page's origin is the server's own when it names the scheme, host and port the request was
   * sent by and to ({@code Host} without a port: the scheme's default port).
   */
  static boolean isOwnOrigin(String origin, String scheme, Authority host) {
    String value = origin.trim().toLowerCase(Locale.ROOT);
    if (!value.startsWith(scheme + "://")) {
      return false; // another scheme; "null", file:, extensions: never this server's own
    }
    int defaultPort = scheme.equals("https") ? 443 : 80;
    String rest = value.substring(scheme.length() + 3);
    if (rest.isEmpty() || rest.contains("/") || rest.contains("@")) {
      return false;
    }
    Authority page = Authority.parse(rest);
    int pagePort = page.port() < 0 ? defaultPort : page.port();
    int hostPort = host.port() < 0 ? defaultPort : host.port();
    return page.host().equals(host.host().toLowerCase(Locale.ROOT)) && pagePort == hostPort;
  }

  /** The host (lower case; IPv6 in brackets) and port (-1 for none) of a {@code Host} value. */
  record Authority(String host, int port) {
    static Authority parse(String value) {
      String text = value.trim().toLowerCase(Locale.ROOT);
      int close = text.lastIndexOf(']');
      int colon = text.lastIndexOf(':');
      if (colon > close && colon >= 0) {
        String port = text.substring(colon + 1);
        String host = text.substring(0, colon);
        if (port.matches("[0-9]{1,5}")) {
          return new Authority(host, Integer.parseInt(port));
        }
        return new Authority(host, port.isEmpty() ? -1 : -2);
      }
      return new Authority(text, -1);
    }
  }
}
