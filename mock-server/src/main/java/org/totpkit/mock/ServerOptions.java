package org.totpkit.mock;

/**
 * How to run the reference server.
 *
 * @param port 0 for any free port
 * @param adminToken when set, guards every {@code /__admin} route but the health check
 */
public record ServerOptions(
    int port, String bindAddress, String adminToken, boolean demoData, boolean verbose) {
  public static final int DEFAULT_PORT = 8080;
  public static final String DEFAULT_BIND_ADDRESS = "127.0.0.1";

  public ServerOptions {
    if (port < 0 || port > 65535) {
      throw new IllegalArgumentException("port must be between 0 and 65535");
    }
  }

  public static ServerOptions defaults() {
    return new ServerOptions(DEFAULT_PORT, DEFAULT_BIND_ADDRESS, null, true, false);
  }

  public ServerOptions withPort(int newPort) {
    return new ServerOptions(newPort, bindAddress, adminToken, demoData, verbose);
  }

  public ServerOptions withBindAddress(String address) {
    return new ServerOptions(port, address, adminToken, demoData, verbose);
  }

  public ServerOptions withAdminToken(String token) {
    return new ServerOptions(port, bindAddress, token, demoData, verbose);
  }

  public ServerOptions withDemoData(boolean on) {
    return new ServerOptions(port, bindAddress, adminToken, on, verbose);
  }

  public ServerOptions withVerbose(boolean on) {
    return new ServerOptions(port, bindAddress, adminToken, demoData, on);
  }

  @Override
  public String toString() {
    return "ServerOptions[port="
        + port
        + ", bindAddress="
        + bindAddress
        + ", adminToken="
        + (adminToken == null ? "none" : "set")
        + ", demoData="
        + demoData
        + ", verbose="
        + verbose
        + "]";
  }
}
