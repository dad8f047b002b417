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
    Path dataDir,
    Limits limits,
    int maxRequestBodyBytes,
    StoreLocation store) {
  public static final int DEFAULT_PORT = 8080;
  public static final String DEFAULT_BIND_ADDRESS = "127.0.0.1";
  public static final int DEFAULT_MAX_REQUEST_BODY_BYTES =
      ContractHttpServer.DEFAULT_MAX_BODY_BYTES;

  public ServerOptions {
    if (port < 0 || port > 65535) {
      throw new IllegalArgumentException("port must be between 0 and 65535");
    }
    if (maxRequestBodyBytes < 1) {
      throw new IllegalArgumentException("the request body bound must be at least 1 byte");
    }
    if (limits == null) {
      throw new IllegalArgumentException("limits must not be null (Limits.DEFAULT)");
    }
    if (store != null && dataDir != null) {
      throw new IllegalArgumentException("--store and --data-dir exclude each other");
    }
  }

  /** Without a shared store. */
  public ServerOptions(
      int port,
      String bindAddress,
      String adminToken,
      boolean demoData,
      boolean verbose,
      Path dataDir,
      Limits limits,
      int maxRequestBodyBytes) {
    this(
        port,
        bindAddress,
        adminToken,
        demoData,
        verbose,
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
        dataDir,
        limits,
        maxRequestBodyBytes,
        store);
  }

  public ServerOptions withBindAddress(String address) {
    return new ServerOptions(
        port, address, adminToken, demoData, verbose, dataDir, limits, maxRequestBodyBytes, store);
  }

  public ServerOptions withAdminToken(String token) {
    return new ServerOptions(
        port, bindAddress, token, demoData, verbose, dataDir, limits, maxRequestBodyBytes, store);
  }

  public ServerOptions withDemoData(boolean on) {
    return new ServerOptions(
        port, bindAddress, adminToken, on, verbose, dataDir, limits, maxRequestBodyBytes, store);
  }

  public ServerOptions withVerbose(boolean on) {
    return new ServerOptions(
        port, bindAddress, adminToken, demoData, on, dataDir, limits, maxRequestBodyBytes, store);
  }

  /** Durable state in {@code dir} (null: in memory). */
  public ServerOptions withDataDir(Path dir) {
    return new ServerOptions(
        port, bindAddress, adminToken, demoData, verbose, dir, limits, maxRequestBodyBytes, store);
  }

  /** State in the shared database at {@code location} (null: {@code dataDir} or memory). */
  public ServerOptions withStore(StoreLocation location) {
    return new ServerOptions(
        port,
        bindAddress,
        adminToken,
        demoData,
        verbose,
        dataDir,
        limits,
        maxRequestBodyBytes,
        location);
  }

  public ServerOptions withLimits(Limits newLimits) {
    return new ServerOptions(
        port,
        bindAddress,
        adminToken,
        demoData,
        verbose,
        dataDir,
        newLimits,
        maxRequestBodyBytes,
        store);
  }

  public ServerOptions withMaxRequestBodyBytes(int bytes) {
    return new ServerOptions(
        port, bindAddress, adminToken, demoData, verbose, dataDir, limits, bytes, store);
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
