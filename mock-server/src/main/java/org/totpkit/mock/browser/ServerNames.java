package org.totpkit.mock.browser;

import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The names a request may give in {@code Host} to reach the admin surface: {@code localhost}, any
 * IP address, the bind address and the {@code --allowed-host} names. A DNS-rebinding page reaches
 * the server under its own DNS name (its {@code Host}), which is none of these. An IP address is
 * safe to accept: a browser connects to the address its URL names, so a page whose origin is an IP
 * address other than this server's never reaches it.
 */
public final class ServerNames {
  private static final Pattern IPV4 =
      Pattern.compile(
          "(25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])(\\.(25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])){3}");
  private static final Pattern IPV6 = Pattern.compile("\\[[0-9a-f:.]+]");

  private final Set<String> names = new HashSet<>();

  /**
   * @param bindAddress the address the server binds (a name or an address)
   * @param allowedHosts the {@code --allowed-host} names
   */
  public ServerNames(String bindAddress, List<String> allowedHosts) {
    names.add("localhost");
    if (bindAddress != null && !bindAddress.isBlank()) {
      names.add(withoutTrailingDot(bindAddress.toLowerCase(Locale.ROOT)));
    }
    names.addAll(allowedHosts);
  }

  /** Whether {@code host} (the host of a {@code Host} header, without port) names this server. */
  public boolean isOurs(String host) {
    String name = withoutTrailingDot(host.toLowerCase(Locale.ROOT));
    return isIpLiteral(name) || names.contains(name);
  }

  /** An IPv4 address in dotted decimal, or an IPv6 address in brackets, as in a {@code Host}. */
  static boolean isIpLiteral(String host) {
    String name = host.toLowerCase(Locale.ROOT);
    return IPV4.matcher(name).matches() || IPV6.matcher(name).matches();
  }

  private static String withoutTrailingDot(String name) {
    return name.endsWith(".") ? name.substring(0, name.length() - 1) : name;
  }
}
