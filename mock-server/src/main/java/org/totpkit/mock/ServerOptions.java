package org.totpkit.mock;

import java.nio.file.Path;
import org.totpkit.mock.http.ContractHttpServer;
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
    int maxRequestBodyBytes) {
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
        DEFAULT_MAX_REQUEST_BODY_BYTES);
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
        maxRequestBodyBytes);
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
        maxRequestBodyBytes);
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
        maxRequestBodyBytes);
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
        maxRequestBodyBytes);
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
        maxRequestBodyBytes);
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
        maxRequestBodyBytes);
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
        maxRequestBodyBytes);
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
        maxRequestBodyBytes);
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
        maxRequestBodyBytes);
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
        bytes);
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
        + ", dataDir="
        + dataDir
        + ", limits="
        + limits
        + ", maxRequestBodyBytes="
        + maxRequestBodyBytes
        + "]";
  }
}
