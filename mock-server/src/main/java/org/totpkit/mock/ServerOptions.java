package org.totpkit.mock;

import java.util.Set;
import org.totpkit.mock.faults.Fault;

/**
 * How to run the reference server.
 *
 * @param port 0 for any free port
 * @param adminToken when set, guards every {@code /__admin} route but the health check
 * @param faults deliberate contract violations, only for proving the conformance kit
 * @param maxJournalEntries the redacted request journal's cap (newest kept); 0 = no journal
 * @param printQr print a QR code of a fresh demo registration's Key URI (needs demo data)
 */
public record ServerOptions(
    int port,
    String bindAddress,
    String adminToken,
    boolean demoData,
    boolean verbose,
    Set<Fault> faults,
    int maxJournalEntries,
    boolean printQr) {
  public static final int DEFAULT_PORT = 8080;
  public static final String DEFAULT_BIND_ADDRESS = "127.0.0.1";
  public static final int DEFAULT_MAX_JOURNAL_ENTRIES = 1_000;

  public ServerOptions {
    if (port < 0 || port > 65535) {
      throw new IllegalArgumentException("port must be between 0 and 65535");
    }
    faults = Set.copyOf(faults);
    if (maxJournalEntries < 0) {
      throw new IllegalArgumentException("maxJournalEntries must not be negative");
    }
  }

  public static ServerOptions defaults() {
    return new ServerOptions(
        DEFAULT_PORT,
        DEFAULT_BIND_ADDRESS,
        null,
        true,
        false,
        Set.of(),
        DEFAULT_MAX_JOURNAL_ENTRIES,
        false);
  }

  public ServerOptions withPort(int newPort) {
    return new ServerOptions(
        newPort, bindAddress, adminToken, demoData, verbose, faults, maxJournalEntries, printQr);
  }

  public ServerOptions withBindAddress(String address) {
    return new ServerOptions(
        port, address, adminToken, demoData, verbose, faults, maxJournalEntries, printQr);
  }

  public ServerOptions withAdminToken(String token) {
    return new ServerOptions(
        port, bindAddress, token, demoData, verbose, faults, maxJournalEntries, printQr);
  }

  public ServerOptions withDemoData(boolean on) {
    return new ServerOptions(
        port, bindAddress, adminToken, on, verbose, faults, maxJournalEntries, printQr);
  }

  public ServerOptions withVerbose(boolean on) {
    return new ServerOptions(
        port, bindAddress, adminToken, demoData, on, faults, maxJournalEntries, printQr);
  }

  public ServerOptions withFaults(Set<Fault> newFaults) {
    return new ServerOptions(
        port, bindAddress, adminToken, demoData, verbose, newFaults, maxJournalEntries, printQr);
  }

  public ServerOptions withMaxJournalEntries(int entries) {
    return new ServerOptions(
        port, bindAddress, adminToken, demoData, verbose, faults, entries, printQr);
  }

  public ServerOptions withPrintQr(boolean on) {
    return new ServerOptions(
        port, bindAddress, adminToken, demoData, verbose, faults, maxJournalEntries, on);
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
        + ", faults="
        + faults
        + ", maxJournalEntries="
        + maxJournalEntries
        + ", printQr="
        + printQr
        + "]";
  }
}
