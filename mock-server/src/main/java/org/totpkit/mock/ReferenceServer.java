package org.totpkit.mock;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.common.Notifier;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import com.github.tomakehurst.wiremock.extension.Extension;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.totpkit.mock.contract.Authentication;
import org.totpkit.mock.contract.BearerTokens;
import org.totpkit.mock.contract.TotpContract;
import org.totpkit.mock.hooks.AdminGuard;
import org.totpkit.mock.hooks.AdminSurface;
import org.totpkit.mock.hooks.TotpHooks;
import org.totpkit.mock.http.ContractHttpServer;
import org.totpkit.mock.http.RequestLog;
import org.totpkit.mock.http.TotpApi;
import org.totpkit.mock.totp.Directory;
import org.totpkit.mock.totp.Instance;
import org.totpkit.mock.totp.TotpService;
import org.totpkit.mock.totp.VirtualClock;
import org.totpkit.mock.transport.RpcFilter;
import org.totpkit.mock.transport.rpc.RpcEndpoint;

/** The reference server: WireMock serving the TOTP API and its hooks over one domain. */
public final class ReferenceServer implements AutoCloseable {
  private final WireMockServer wireMock;
  private final TotpService service;
  private final ServerOptions options;

  private ReferenceServer(WireMockServer wireMock, TotpService service, ServerOptions options) {
    this.wireMock = wireMock;
    this.service = service;
    this.options = options;
  }

  /**
   * Starts a server and returns once it answers.
   *
   * @throws com.github.tomakehurst.wiremock.common.FatalStartupException when the port is taken
   */
  public static ReferenceServer start(ServerOptions options) {
    return start(options, ServerParts.STANDARD);
  }

  /**
   * Starts a server built from {@code parts} and returns once it answers.
   *
   * @throws com.github.tomakehurst.wiremock.common.FatalStartupException when the port is taken
   */
  public static ReferenceServer start(ServerOptions options, ServerParts parts) {
    VirtualClock clock = VirtualClock.system();
    SecureRandom random = new SecureRandom();
    Directory directory = new Directory(clock, random);
    TotpService service =
        new TotpService(
            clock, directory, parts.store(), Instance.DEFAULT, random, parts.codeCheck());
    if (options.demoData()) {
      DemoData.STANDARD.install(service, clock.instant());
    }
    RequestLog log = options.verbose() ? RequestLog.to(System.out) : RequestLog.silent();
    AdminGuard guard = new AdminGuard(options.adminToken());
    WireMockServer[] self = new WireMockServer[1];
    Authentication authentication = parts.authentication(new BearerTokens(directory));
    TotpContract contract = new TotpContract(service, authentication);
    TotpApi api = new TotpApi(contract, parts.finisher(), log);
    RpcFilter rpc = new RpcFilter(new RpcEndpoint(contract, parts.rpcFinisher(), log));
    TotpHooks hooks = new TotpHooks(service, guard, () -> self[0].resetRequests());
    List<Extension> extensions = new ArrayList<>(parts.extensionsBefore(authentication));
    extensions.addAll(List.of(api, hooks, new AdminSurface(hooks, guard)));
    WireMockConfiguration config =
        WireMockConfiguration.options()
            .port(options.port())
            .bindAddress(options.bindAddress())
            .httpServerFactory(ContractHttpServer.factory(rpc))
            .jettyAcceptors(1)
            .adminAuthenticator(guard)
            .notifier(new QuietNotifier())
            // The journal would keep tokens and codes; the reference server keeps none.
            .disableRequestJournal()
            .extensions(extensions.toArray(Extension[]::new));
    WireMockServer wireMock = new WireMockServer(config);
    self[0] = wireMock;
    wireMock.start();
    return new ReferenceServer(wireMock, service, options);
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

  /** The domain behind the HTTP surface, for in-process tests. */
  public TotpService service() {
    return service;
  }

  @Override
  public void close() {
    wireMock.stop();
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
