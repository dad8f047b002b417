package org.totpkit.mock;

import java.nio.file.Path;
import org.totpkit.mock.http.ContractHttpServer;
import org.totpkit.mock.store.StoreLocation;
import org.totpkit.mock.totp.Limits;

/**
 * How to run the reference server.
 *
 * @param port 0 for any free port
 * @param adminToken when set, guards every {@code /__admin} route but the health check
 * @param maxJournalEntries the redacted request journal's cap (newest kept); 0 = no journal
 * @param printQr print a QR code of a fresh demo registration's Key URI (needs demo data)
 * @param dataDir where the durable store lives (SQLite), or null to keep state in memory
 * @param limits the resource bounds: users, tokens, registrations
 * @param maxRequestBodyBytes the largest request body read
 * @param store the shared database ({@code --store URL}), or null (then {@code dataDir} or memory)
 */
public record ServerOptions(
    int port,
    String bindAddress,
    String adminToken,
    boolean demoData,
    boolean verbose,
    int maxJournalEntries,
    boolean printQr,
    Path dataDir,
    Limits limits,
    int maxRequestBodyBytes,
    StoreLocation store) {
  public static final int DEFAULT_PORT = 8080;
  public static final String DEFAULT_BIND_ADDRESS = "127.0.0.1";
  public static final int DEFAULT_MAX_JOURNAL_ENTRIES = 1_000;
  public static final int DEFAULT_MAX_REQUEST_BODY_BYTES =
      ContractHttpServer.DEFAULT_MAX_BODY_BYTES;

  public ServerOptions {
    if (port < 0 || port > 65535) {
      throw new IllegalArgumentException("port must be between 0 and 65535");
    }
    if (maxJournalEntries < 0) {
      throw new IllegalArgumentException("maxJournalEntries must not be negative");
    }
    if (maxRequestBodyBytes < 1) {
      throw new IllegalArgumentException("the request body bound must be at least 1 byte");
    }
    if (limits == null) {
      throw new IllegalArgumentException("limits must not be null (Limits.DEFAULT)");
    }
  }

  /** Without a shared store. */
  public ServerOptions(
      int port,
      String bindAddress,
      String adminToken,
      boolean demoData,
      boolean verbose,
      int maxJournalEntries,
      boolean printQr,
      Path dataDir,
      Limits limits,
      int maxRequestBodyBytes) {
    this(
        port,
        bindAddress,
        adminToken,
        demoData,
        verbose,
        maxJournalEntries,
        printQr,
        dataDir,
        limits,
        maxRequestBodyBytes,
        null);
  }

  public static ServerOptions defaults() {
    return new ServerOptions(
        DEFAULT_PORT,
        DEFAULT_BIND_ADDRESS,
        null,
        true,
        false,
        DEFAULT_MAX_JOURNAL_ENTRIES,
        false,
        null,
        Limits.DEFAULT,
        DEFAULT_MAX_REQUEST_BODY_BYTES,
        null);
  }

  public ServerOptions withPort(int newPort) {
    return new ServerOptions(
        newPort,
        bindAddress,
        adminToken,
        demoData,
        verbose,
        maxJournalEntries,
        printQr,
        dataDir,
        limits,
        maxRequestBodyBytes,
        store);
  }

  public ServerOptions withBindAddress(String address) {
    return new ServerOptions(
        port,
        address,
        adminToken,
        demoData,
        verbose,
        maxJournalEntries,
        printQr,
        dataDir,
        limits,
        maxRequestBodyBytes,
        store);
  }

  public ServerOptions withAdminToken(String token) {
    return new ServerOptions(
        port,
        bindAddress,
        token,
        demoData,
        verbose,
        maxJournalEntries,
        printQr,
        dataDir,
        limits,
        maxRequestBodyBytes,
        store);
  }

  public ServerOptions withDemoData(boolean on) {
    return new ServerOptions(
        port,
        bindAddress,
        adminToken,
        on,
        verbose,
        maxJournalEntries,
        printQr,
        dataDir,
        limits,
        maxRequestBodyBytes,
        store);
  }

  public ServerOptions withVerbose(boolean on) {
    return new ServerOptions(
        port,
        bindAddress,
        adminToken,
        demoData,
        on,
        maxJournalEntries,
        printQr,
        dataDir,
        limits,
        maxRequestBodyBytes,
        store);
  }

  public ServerOptions withMaxJournalEntries(int entries) {
    return new ServerOptions(
        port,
        bindAddress,
        adminToken,
        demoData,
        verbose,
        entries,
        printQr,
        dataDir,
        limits,
        maxRequestBodyBytes,
        store);
  }

  public ServerOptions withPrintQr(boolean on) {
    return new ServerOptions(
        port,
        bindAddress,
        adminToken,
        demoData,
        verbose,
        maxJournalEntries,
        on,
        dataDir,
        limits,
        maxRequestBodyBytes,
        store);
  }

  public ServerOptions withDataDir(Path dir) {
    return new ServerOptions(
        port,
        bindAddress,
        adminToken,
        demoData,
        verbose,
        maxJournalEntries,
        printQr,
        dir,
        limits,
        maxRequestBodyBytes,
        store);
  }

  public ServerOptions withLimits(Limits newLimits) {
    return new ServerOptions(
        port,
        bindAddress,
        adminToken,
        demoData,
        verbose,
        maxJournalEntries,
        printQr,
        dataDir,
        newLimits,
        maxRequestBodyBytes,
        store);
  }

  public ServerOptions withMaxRequestBodyBytes(int bytes) {
    return new ServerOptions(
        port,
        bindAddress,
        adminToken,
        demoData,
        verbose,
        maxJournalEntries,
        printQr,
        dataDir,
        limits,
        bytes,
        store);
  }

  public boolean journal() {
    return maxJournalEntries > 0;
  }

  /** State in the shared database at {@code location} (null: {@code dataDir} or memory). */
  public ServerOptions withStore(StoreLocation location) {
    return new ServerOptions(
        port,
        bindAddress,
        adminToken,
        demoData,
        verbose,
        maxJournalEntries,
        printQr,
        dataDir,
        limits,
        maxRequestBodyBytes,
        location);
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
        + ", dataDir="
        + dataDir
        + ", limits="
        + limits
        + ", maxRequestBodyBytes="
        + maxRequestBodyBytes
        + ", store="
        + store
        + "]";
  }
}
