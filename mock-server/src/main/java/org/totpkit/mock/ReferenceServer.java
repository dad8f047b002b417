package org.totpkit.mock;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.common.Notifier;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import com.github.tomakehurst.wiremock.extension.Extension;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.totpkit.mock.console.WebConsole;
import org.totpkit.mock.contract.Authentication;
import org.totpkit.mock.contract.BearerTokens;
import org.totpkit.mock.contract.TotpContract;
import org.totpkit.mock.contract.v2.V2Checks;
import org.totpkit.mock.contract.v2.V2Contract;
import org.totpkit.mock.hooks.AdminGuard;
import org.totpkit.mock.hooks.AdminSurface;
import org.totpkit.mock.hooks.CallEvents;
import org.totpkit.mock.hooks.HealthCheck;
import org.totpkit.mock.hooks.HookFront;
import org.totpkit.mock.hooks.TotpHooks;
import org.totpkit.mock.http.ContractHttpServer;
import org.totpkit.mock.http.NoOutboundHttp;
import org.totpkit.mock.http.RequestLog;
import org.totpkit.mock.http.RestFront;
import org.totpkit.mock.http.TotpApi;
import org.totpkit.mock.http.v2.V2RestApi;
import org.totpkit.mock.journal.JournalStores;
import org.totpkit.mock.journal.RedactedJournalStore;
import org.totpkit.mock.store.StoreUnusable;
import org.totpkit.mock.store.jdbc.PostgresStore;
import org.totpkit.mock.store.jdbc.SqliteDataDir;
import org.totpkit.mock.store.memory.MemoryStore;
import org.totpkit.mock.stubs.NoMappingFiles;
import org.totpkit.mock.stubs.StubsFirst;
import org.totpkit.mock.totp.Directory;
import org.totpkit.mock.totp.Instance;
import org.totpkit.mock.totp.TotpService;
import org.totpkit.mock.totp.TotpStore;
import org.totpkit.mock.totp.VirtualClock;
import org.totpkit.mock.transport.RpcFilter;
import org.totpkit.mock.transport.rpc.RpcEndpoint;
import org.totpkit.mock.transport.rpc.V2Service;
import org.totpkit.mock.transport.rpc.V3alphaService;

/** The reference server: WireMock serving the TOTP API and its hooks over one domain. */
public final class ReferenceServer implements AutoCloseable {
  private final WireMockServer wireMock;
  private final TotpService service;
  private final ServerOptions options;
  private final RedactedJournalStore journal;
  private final TotpStore store;

  private ReferenceServer(
      WireMockServer wireMock,
      TotpService service,
      ServerOptions options,
      RedactedJournalStore journal,
      TotpStore store) {
    this.wireMock = wireMock;
    this.service = service;
    this.options = options;
    this.journal = journal;
    this.store = store;
  }

  /**
   * Starts a server and returns once it answers.
   *
   * @throws com.github.tomakehurst.wiremock.common.FatalStartupException when the port is taken
   * @throws StoreUnusable when the data directory or its database cannot be used (nothing changed)
   */
  public static ReferenceServer start(ServerOptions options) {
    return start(options, ServerParts.STANDARD);
  }

  /**
   * Starts a server built from {@code parts} and returns once it answers.
   *
   * @throws com.github.tomakehurst.wiremock.common.FatalStartupException when the port is taken
   * @throws StoreUnusable when the data directory or its database cannot be used (nothing changed)
   */
  public static ReferenceServer start(ServerOptions options, ServerParts parts) {
    TotpStore engine =
        options.store() != null
            ? PostgresStore.open(options.store())
            : options.dataDir() != null ? SqliteDataDir.open(options.dataDir()) : new MemoryStore();
    try {
      return start(options, parts, engine);
    } catch (RuntimeException e) {
      engine.close();
      throw e;
    }
  }

  private static ReferenceServer start(ServerOptions options, ServerParts parts, TotpStore engine) {
    SecureRandom random = new SecureRandom();
    TotpStore store = parts.store(engine);
    VirtualClock clock = VirtualClock.system(store);
    TotpService service =
        new TotpService(
            store, clock, Instance.DEFAULT, random, parts.codeCheck(), options.limits());
    Directory directory = service.directory();
    // Once in a store's life: a restart on the same data directory does not add it again.
    if (options.demoData() && store.claimDemoData()) {
      DemoData.STANDARD.install(service, clock.instant());
    }
    RequestLog log = options.verbose() ? RequestLog.to(System.out) : RequestLog.silent();
    AdminGuard guard = new AdminGuard(options.adminToken());
    WireMockServer[] self = new WireMockServer[1];
    Authentication authentication = parts.authentication(new BearerTokens(directory));
    // Every answer of the API, for the console's live log (the events hook).
    CallEvents events = new CallEvents(clock);
    // One order of checks per dialect, each shared by all four transports.
    TotpContract contract = new TotpContract(service, authentication, events);
    V2Checks v2 = parts.v2Checks(new V2Contract(service, authentication, events), authentication);
    TotpApi api = new TotpApi(contract, new V2RestApi(v2), parts.finisher(), log);
    RpcFilter rpc =
        new RpcFilter(
            new RpcEndpoint(
                List.of(new V3alphaService(contract), new V2Service(v2)),
                parts.rpcFinisher(),
                parts.rpcDecoding(),
                log),
            // A call on memory never waits: gRPC may answer it on the HTTP/2 stream's own thread.
            engine instanceof MemoryStore);
    TotpHooks hooks = new TotpHooks(service, guard, () -> self[0].resetRequests(), events);
    // A stub that matches answers before the contract; the contract answers everything else.
    StubsFirst stubsFirst = new StubsFirst(api, () -> self[0]);
    RedactedJournalStore journal = new RedactedJournalStore(options.maxJournalEntries());
    List<Extension> extensions = new ArrayList<>(parts.extensionsBefore(authentication));
    // WireMock's handler runs the request filters registered before ours: with any, it answers all.
    RestFront rest =
        extensions.isEmpty()
            ? new RestFront(
                api,
                stubsFirst,
                journal,
                // Only a store that commits in groups holds an answer for its commit.
                store.holdsWrites() ? parts.heldAnswerTimeout() : null)
            : null;
    extensions.addAll(
        List.of(
            stubsFirst,
            hooks,
            new WebConsole(),
            new AdminSurface(hooks, guard, options.journal())));
    WireMockConfiguration config =
        WireMockConfiguration.options()
            .port(options.port())
            .bindAddress(options.bindAddress())
            .httpServerFactory(
                ContractHttpServer.factory(
                    options.maxRequestBodyBytes(),
                    rpc,
                    options.browser(),
                    rest,
                    // Health and the import hook, ahead of WireMock's admin handler.
                    new HookFront(new HealthCheck(clock.realTime()), hooks, guard)))
            .jettyAcceptors(1)
            // A connection, or a request whose body is on its way, that receives nothing for this
            // long is ended (WholeBodyFirst answers the request with 408).
            .jettyIdleTimeout(options.idleTimeout().toMillis())
            .adminAuthenticator(guard)
            .notifier(new QuietNotifier())
            // Only redacted events are kept, and at most the cap (the store keeps it).
            .withStores(new JournalStores(journal))
            // Stubs live in memory only: none are loaded from or saved to the working directory.
            .mappingSource(NoMappingFiles.INSTANCE)
            // Start-up: the server never proxies; it builds no outbound client (TLS, trust store).
            .httpClientFactory(new NoOutboundHttp())
            .extensions(extensions.toArray(Extension[]::new));
    WireMockServer wireMock = new WireMockServer(config);
    self[0] = wireMock;
    wireMock.start();
    return new ReferenceServer(wireMock, service, options, journal, store);
  }

  public int port() {
    return wireMock.port();
  }

  public String baseUrl() {
    String host = options.bindAddress();
    if (host.equals("0.0.0.0") || host.equals("::")) {
      host = "127.0.0.1";
    }
    return "http://" + (host.contains(":") ? "[" + host + "]" : host) + ":" + port();
  }

  public String hooksUrl() {
    return baseUrl() + "/__admin/totp";
  }

  public Optional<DemoData> demoData() {
    return options.demoData() ? Optional.of(DemoData.STANDARD) : Optional.empty();
  }

  /** After the reset hook (which removes them), the demo data again, when the server has it. */
  public void reinstallDemoData() {
    if (options.demoData()) {
      DemoData.STANDARD.install(service, service.clock().instant());
    }
  }

  /** The domain behind the HTTP surface, for in-process tests. */
  public TotpService service() {
    return service;
  }

  /** How many requests the journal holds now (at most {@link ServerOptions#maxJournalEntries}). */
  public int journalSize() {
    return journal.size();
  }

  @Override
  public void close() {
    try {
      wireMock.stop();
    } finally {
      store.close();
    }
  }

  /**
   * WireMock's notifier prints admin requests with their headers and bodies, which carry tokens and
   * codes. This one keeps only errors, and only their first line.
   */
  private static final class QuietNotifier implements Notifier {
    @Override
    public void info(String message) {}

    @Override
    public void error(String message) {
      System.err.println("wiremock: " + firstLine(message));
    }

    @Override
    public void error(String message, Throwable t) {
      System.err.println(
          "wiremock: " + firstLine(message) + " (" + t.getClass().getSimpleName() + ")");
    }

    private static String firstLine(String message) {
      int newline = message.indexOf('\n');
      return newline < 0 ? message : message.substring(0, newline);
    }
  }
}
