package org.totpkit.mock.browser;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.List;
import java.util.Locale;

/**
 * What the server tells web browsers: the extra names the admin surface answers to ({@code
 * --allowed-host}) besides loopback, IP addresses and the bind address, and the origins the
 * contract API serves CORS to ({@code --cors-origin}; none named = every origin, as upstream).
 *
 * @param allowedHosts host names, lower case, without port
 * @param corsOrigins origins ({@code scheme://host[:port]} or {@code null}), lower case; empty for
 *     any
 */
public record BrowserPolicy(List<String> allowedHosts, List<String> corsOrigins) {
  /** Loopback, IP addresses and the bind address only; CORS for every origin. */
  public static final BrowserPolicy DEFAULT = new BrowserPolicy(List.of(), List.of());

  public BrowserPolicy {
    allowedHosts = allowedHosts.stream().map(BrowserPolicy::hostName).distinct().toList();
    corsOrigins = corsOrigins.stream().map(BrowserPolicy::origin).distinct().toList();
  }

  public BrowserPolicy withAllowedHost(String name) {
    return new BrowserPolicy(append(allowedHosts, name), corsOrigins);
  }

  public BrowserPolicy withCorsOrigin(String origin) {
    return new BrowserPolicy(allowedHosts, append(corsOrigins, origin));
  }

  /** Whether the API serves CORS to a page of {@code origin} (the header's value). */
  public boolean servesCorsTo(String origin) {
    return corsOrigins.isEmpty() || corsOrigins.contains(origin.toLowerCase(Locale.ROOT));
  }

  private static List<String> append(List<String> list, String value) {
    return java.util.stream.Stream.concat(list.stream(), java.util.stream.Stream.of(value))
        .toList();
  }

  /**
   * A host name as {@code --allowed-host} takes it: a DNS name or an IP address, no port, no
   * wildcard.
   *
   * @throws IllegalArgumentException saying what is wrong
   */
  public static String hostName(String value) {
    String name = value.trim().toLowerCase(Locale.ROOT);
    if (name.endsWith(".")) {
      name = name.substring(0, name.length() - 1);
    }
    if (!name.matches("[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?(\\.[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)*")
        && !ServerNames.isIpLiteral(name)) {
      throw new IllegalArgumentException(
          "a host name such as mock.internal (letters, digits, dots and dashes; no port, no"
              + " scheme, no wildcard)");
    }
    return name;
  }

  /**
   * An origin as {@code --cors-origin} takes it: {@code http(s)://host[:port]} with no path, or
   * {@code null} (a page from a file or a sandbox).
   *
   * @throws IllegalArgumentException saying what is wrong
   */
  public static String origin(String value) {
    String origin = value.trim().toLowerCase(Locale.ROOT);
    if (origin.equals("null")) {
      return origin;
    }
    if (origin.endsWith("/")) {
      origin = origin.substring(0, origin.length() - 1);
    }
    try {
      URI uri = new URI(origin);
      boolean web = "http".equals(uri.getScheme()) || "https".equals(uri.getScheme());
      if (web
          && uri.getHost() != null
          && uri.getRawPath().isEmpty()
          && uri.getRawQuery() == null
          && uri.getRawFragment() == null
          && uri.getRawUserInfo() == null) {
        return origin;
      }
    } catch (URISyntaxException notAnOrigin) {
      // answered below
    }
    throw new IllegalArgumentException(
        "an origin such as http://localhost:5173 (scheme, host and port, no path) or null");
  }
}
