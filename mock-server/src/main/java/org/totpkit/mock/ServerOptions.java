package org.totpkit.mock;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.function.Consumer;
import org.totpkit.mock.browser.BrowserPolicy;
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
 * @param browser the admin surface's extra host names ({@code --allowed-host}) and the API's CORS
 *     origins ({@code --cors-origin})
 * @param idleTimeout how long a connection, or a request whose body is on its way, may receive
 *     nothing before it is ended (a request with 408, an idle connection closed)
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
    StoreLocation store,
    BrowserPolicy browser,
    Duration idleTimeout) {
  public static final int DEFAULT_PORT = 8080;
  public static final String DEFAULT_BIND_ADDRESS = "127.0.0.1";
  public static final int DEFAULT_MAX_JOURNAL_ENTRIES = 1_000;
  public static final int DEFAULT_MAX_REQUEST_BODY_BYTES =
      ContractHttpServer.DEFAULT_MAX_BODY_BYTES;
  public static final int DEFAULT_IDLE_TIMEOUT_SECONDS = ContractHttpServer.DEFAULT_IDLE_SECONDS;
  public static final Duration DEFAULT_IDLE_TIMEOUT =
      Duration.ofSeconds(DEFAULT_IDLE_TIMEOUT_SECONDS);

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
    if (browser == null) {
      throw new IllegalArgumentException("browser must not be null (BrowserPolicy.DEFAULT)");
    }
    if (idleTimeout == null || idleTimeout.toMillis() < 1) {
      throw new IllegalArgumentException("the idle timeout must be at least 1 ms");
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
        DEFAULT_MAX_REQUEST_BODY_BYTES,
        null,
        BrowserPolicy.DEFAULT,
        DEFAULT_IDLE_TIMEOUT);
  }

  public ServerOptions withPort(int newPort) {
    return with(o -> o.port = newPort);
  }

  public ServerOptions withBindAddress(String address) {
    return with(o -> o.bindAddress = address);
  }

  public ServerOptions withAdminToken(String token) {
    return with(o -> o.adminToken = token);
  }

  public ServerOptions withDemoData(boolean on) {
    return with(o -> o.demoData = on);
  }

  public ServerOptions withVerbose(boolean on) {
    return with(o -> o.verbose = on);
  }

  public ServerOptions withMaxJournalEntries(int entries) {
    return with(o -> o.maxJournalEntries = entries);
  }

  public ServerOptions withPrintQr(boolean on) {
    return with(o -> o.printQr = on);
  }

  public ServerOptions withDataDir(Path dir) {
    return with(o -> o.dataDir = dir);
  }

  public ServerOptions withLimits(Limits newLimits) {
    return with(o -> o.limits = newLimits);
  }

  public ServerOptions withMaxRequestBodyBytes(int bytes) {
    return with(o -> o.maxRequestBodyBytes = bytes);
  }

  /** State in the shared database at {@code location} (null: {@code dataDir} or memory). */
  public ServerOptions withStore(StoreLocation location) {
    return with(o -> o.store = location);
  }

  /** The admin surface also answers to {@code name} in {@code Host} ({@code --allowed-host}). */
  public ServerOptions withAllowedHost(String name) {
    return with(o -> o.browser = o.browser.withAllowedHost(name));
  }

  /** The API serves CORS to {@code origin} (and, once one is named, only to those named). */
  public ServerOptions withCorsOrigin(String origin) {
    return with(o -> o.browser = o.browser.withCorsOrigin(origin));
  }

  /** No {@code --allowed-host} names. */
  public ServerOptions withoutAllowedHosts() {
    return with(o -> o.browser = new BrowserPolicy(List.of(), o.browser.corsOrigins()));
  }

  /** CORS for every origin again. */
  public ServerOptions withoutCorsOrigins() {
    return with(o -> o.browser = new BrowserPolicy(o.browser.allowedHosts(), List.of()));
  }

  /** A connection, or a request whose body is on its way, that receives nothing this long ends. */
  public ServerOptions withIdleTimeout(Duration timeout) {
    return with(o -> o.idleTimeout = timeout);
  }

  public boolean journal() {
    return maxJournalEntries > 0;
  }

  /** These options with one field changed, checked again by the record's constructor. */
  private ServerOptions with(Consumer<Draft> change) {
    Draft draft = new Draft(this);
    change.accept(draft);
    return draft.options();
  }

  /** The fields of a {@link ServerOptions}, changeable: one place that lists them all. */
  private static final class Draft {
    int port;
    String bindAddress;
    String adminToken;
    boolean demoData;
    boolean verbose;
    int maxJournalEntries;
    boolean printQr;
    Path dataDir;
    Limits limits;
    int maxRequestBodyBytes;
    StoreLocation store;
    BrowserPolicy browser;
    Duration idleTimeout;

    Draft(ServerOptions from) {
      port = from.port;
      bindAddress = from.bindAddress;
      adminToken = from.adminToken;
      demoData = from.demoData;
      verbose = from.verbose;
      maxJournalEntries = from.maxJournalEntries;
      printQr = from.printQr;
      dataDir = from.dataDir;
      limits = from.limits;
      maxRequestBodyBytes = from.maxRequestBodyBytes;
      store = from.store;
      browser = from.browser;
      idleTimeout = from.idleTimeout;
    }

    ServerOptions options() {
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
          store,
          browser,
          idleTimeout);
    }
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
        + ", browser="
        + browser
        + ", idleTimeout="
        + idleTimeout
        + "]";
  }
}
