package org.totpkit.mock;

/**
 * How to run the reference server.
 *
 * @param port 0 for any free port
 * @param adminToken when set, guards every {@code /__admin} route but the health check
 * @param maxJournalEntries the redacted request journal's cap (newest kept); 0 = no journal
 * @param printQr print a QR code of a fresh demo registration's Key URI (needs demo data)
 */
public record ServerOptions(
    int port,
    String bindAddress,
    String adminToken,
    boolean demoData,
    boolean verbose,
    int maxJournalEntries,
    boolean printQr) {
  public static final int DEFAULT_PORT = 8080;
  public static final String DEFAULT_BIND_ADDRESS = "127.0.0.1";
  public static final int DEFAULT_MAX_JOURNAL_ENTRIES = 1_000;

  public ServerOptions {
    if (port < 0 || port > 65535) {
      throw new IllegalArgumentException("port must be between 0 and 65535");
    }
    if (maxJournalEntries < 0) {
      throw new IllegalArgumentException("maxJournalEntries must not be negative");
    }
  }

  public static ServerOptions defaults() {
    return new ServerOptions(
        DEFAULT_PORT, DEFAULT_BIND_ADDRESS, null, true, false, DEFAULT_MAX_JOURNAL_ENTRIES, false);
  }

  public ServerOptions withPort(int newPort) {
    return new ServerOptions(
        newPort, bindAddress, adminToken, demoData, verbose, maxJournalEntries, printQr);
  }

  public ServerOptions withBindAddress(String address) {
    return new ServerOptions(
        port, address, adminToken, demoData, verbose, maxJournalEntries, printQr);
  }

  public ServerOptions withAdminToken(String token) {
    return new ServerOptions(
        port, bindAddress, token, demoData, verbose, maxJournalEntries, printQr);
  }

  public ServerOptions withDemoData(boolean on) {
    return new ServerOptions(
        port, bindAddress, adminToken, on, verbose, maxJournalEntries, printQr);
  }

  public ServerOptions withVerbose(boolean on) {
    return new ServerOptions(
        port, bindAddress, adminToken, demoData, on, maxJournalEntries, printQr);
  }

  public ServerOptions withMaxJournalEntries(int entries) {
    return new ServerOptions(port, bindAddress, adminToken, demoData, verbose, entries, printQr);
  }

  public ServerOptions withPrintQr(boolean on) {
    return new ServerOptions(
        port, bindAddress, adminToken, demoData, verbose, maxJournalEntries, on);
  }

  public boolean journal() {
    return maxJournalEntries > 0;
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
        + ", maxJournalEntries="
        + maxJournalEntries
        + ", printQr="
        + printQr
        + "]";
  }
}
