package org.totpkit.mock.cli;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Optional;
import org.totpkit.mock.ServerOptions;

/** Whether the hooks are open to more than this machine: they can read and change everything. */
final class Exposure {
  private Exposure() {}

  /** The one-line warning to print at start, when bound beyond loopback without an admin token. */
  static Optional<String> warning(ServerOptions options) {
    if (options.adminToken() != null || isLoopback(options.bindAddress())) {
      return Optional.empty();
    }
    return Optional.of(
        "totp-mock-server: warning: listening on "
            + options.bindAddress()
            + " without --admin-token: anyone who reaches this port can create users and tokens,"
            + " import secrets, move the clock and reset the server through /__admin/totp;"
            + " add --admin-token TOKEN or bind to 127.0.0.1");
  }

  private static boolean isLoopback(String address) {
    try {
      return InetAddress.getByName(address).isLoopbackAddress();
    } catch (UnknownHostException unresolvable) {
      return false;
    }
  }
}
