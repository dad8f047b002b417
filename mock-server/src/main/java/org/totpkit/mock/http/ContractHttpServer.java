package org.totpkit.mock.http;

import com.github.tomakehurst.wiremock.common.JettySettings;
import com.github.tomakehurst.wiremock.core.Options;
import com.github.tomakehurst.wiremock.http.AdminRequestHandler;
import com.github.tomakehurst.wiremock.http.HttpServerFactory;
import com.github.tomakehurst.wiremock.http.StubRequestHandler;
import com.github.tomakehurst.wiremock.http.trafficlistener.DoNothingWiremockNetworkTrafficListener;
import com.github.tomakehurst.wiremock.jetty11.Jetty11HttpServer;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.Filter;
import java.time.Duration;
import java.util.Arrays;
import java.util.EnumSet;
import org.eclipse.jetty.http2.server.AbstractHTTP2ServerConnectionFactory;
import org.eclipse.jetty.http2.server.HTTP2CServerConnectionFactory;
import org.eclipse.jetty.io.NetworkTrafficListener;
import org.eclipse.jetty.server.ConnectionFactory;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.HandlerContainer;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.handler.gzip.GzipHandler;
import org.eclipse.jetty.servlet.FilterHolder;
import org.eclipse.jetty.servlet.FilterMapping;
import org.eclipse.jetty.servlet.ServletContextHandler;
import org.eclipse.jetty.servlet.ServletHandler;
import org.totpkit.mock.browser.AdminOriginGuard;
import org.totpkit.mock.browser.ApiCors;
import org.totpkit.mock.browser.BrowserPolicy;
import org.totpkit.mock.browser.ServerNames;

/**
 * WireMock's Jetty server with every Jetty-made error in the contract's shape, the {@link
 * RequestGate} in front of the API and the hooks for what WireMock itself would fail on, and {@link
 * WholeBodyFirst} in front of everything, so that no request holds a thread while its body is on
 * its way. The admin surface is same-origin only ({@link AdminOriginGuard}, and none of WireMock's
 * own CORS); the API serves CORS to browser clients ({@link ApiCors}).
 */
public final class ContractHttpServer extends Jetty11HttpServer {
  /** The largest request body read unless configured otherwise. */
  public static final int DEFAULT_MAX_BODY_BYTES = RequestGate.MAX_BODY_BYTES;

  /** A server without RPC transports: REST and the hooks only, with the default body limit. */
  public static final HttpServerFactory FACTORY = factory(DEFAULT_MAX_BODY_BYTES, null);

  // Jetty11HttpServer builds its handlers in its constructor, before a field of ours is set: the
  // RPC filter reaches the decorate hook through this, for the duration of the construction.
  private static final ThreadLocal<Filter> RPC_UNDER_CONSTRUCTION = new ThreadLocal<>();

  // Likewise the REST front, and the browser rules: the admin guard needs the bind address from
  // WireMock's options.
  private static final ThreadLocal<Filter> REST_UNDER_CONSTRUCTION = new ThreadLocal<>();

  private static final ThreadLocal<Browser> BROWSER_UNDER_CONSTRUCTION = new ThreadLocal<>();

  // Whether WireMock's network traffic listener is its do-nothing one (nothing prints traffic).
  private static final ThreadLocal<Boolean> TRAFFIC_UNWATCHED = new ThreadLocal<>();

  // health: the admin context's health answer (hooks/HealthCheck), or null.
  private record Browser(Filter adminGuard, Filter apiCors, Filter health) {}

  private final int maxBodyBytes;

  private ContractHttpServer(
      Options options,
      AdminRequestHandler adminHandler,
      StubRequestHandler stubHandler,
      int maxBodyBytes) {
    super(options, adminHandler, stubHandler);
    this.maxBodyBytes = maxBodyBytes;
  }

  /** Servers without RPC transports that read request bodies of at most {@code maxBodyBytes}. */
  public static HttpServerFactory factory(int maxBodyBytes) {
    return factory(maxBodyBytes, null);
  }

  /**
   * @param maxBodyBytes the largest REST or hook request body read
   * @param rpc the filter that serves gRPC, gRPC-Web and Connect on the same port, ahead of REST;
   *     null for none
   */
  public static HttpServerFactory factory(int maxBodyBytes, Filter rpc) {
    return factory(maxBodyBytes, rpc, BrowserPolicy.DEFAULT);
  }

  /**
   * @param maxBodyBytes the largest REST or hook request body read
   * @param rpc the filter that serves gRPC, gRPC-Web and Connect on the same port, ahead of REST;
   *     null for none
   * @param browser the admin surface's extra names and the API's CORS origins
   */
  public static HttpServerFactory factory(int maxBodyBytes, Filter rpc, BrowserPolicy browser) {
    return factory(maxBodyBytes, rpc, browser, null);
  }

  /**
   * @param maxBodyBytes the largest REST or hook request body read
   * @param rpc the filter that serves gRPC, gRPC-Web and Connect on the same port, ahead of REST;
   *     null for none
   * @param browser the admin surface's extra names and the API's CORS origins
   * @param rest the filter that answers the REST contract after the gate, in front of WireMock's
   *     stub handler ({@link RestFront}); null to leave every REST request to WireMock
   */
  public static HttpServerFactory factory(
      int maxBodyBytes, Filter rpc, BrowserPolicy browser, Filter rest) {
    return factory(maxBodyBytes, rpc, browser, rest, null);
  }

  /**
   * @param maxBodyBytes the largest REST or hook request body read
   * @param rpc the filter that serves gRPC, gRPC-Web and Connect on the same port, ahead of REST;
   *     null for none
   * @param browser the admin surface's extra names and the API's CORS origins
   * @param rest the filter that answers the REST contract after the gate, in front of WireMock's
   *     stub handler ({@link RestFront}); null to leave every REST request to WireMock
   * @param health the filter that answers the health check after the admin surface's browser rules
   *     and gate, in front of WireMock's admin routing; null to leave it to WireMock
   */
  public static HttpServerFactory factory(
      int maxBodyBytes, Filter rpc, BrowserPolicy browser, Filter rest, Filter health) {
    return (options, admin, stub) -> {
      RPC_UNDER_CONSTRUCTION.set(rpc);
      REST_UNDER_CONSTRUCTION.set(rest);
      TRAFFIC_UNWATCHED.set(
          options.networkTrafficListener() instanceof DoNothingWiremockNetworkTrafficListener);
      BROWSER_UNDER_CONSTRUCTION.set(
          new Browser(
              new AdminOriginGuard(new ServerNames(options.bindAddress(), browser.allowedHosts())),
              new ApiCors(browser),
              health));
      try {
        return new ContractHttpServer(options, admin, stub, maxBodyBytes);
      } finally {
        RPC_UNDER_CONSTRUCTION.remove();
        REST_UNDER_CONSTRUCTION.remove();
        TRAFFIC_UNWATCHED.remove();
        BROWSER_UNDER_CONSTRUCTION.remove();
      }
    };
  }

  /** The idle time unless configured otherwise: Jetty's own default. */
  public static final int DEFAULT_IDLE_SECONDS = 30;

  static final Duration DEFAULT_IDLE_TIMEOUT = Duration.ofSeconds(DEFAULT_IDLE_SECONDS);

  /**
   * The largest request head (request line and headers) read; a larger one is a 431. Every header
   * of the API and the hooks is a few hundred bytes; WireMock's default is 32 KiB.
   */
  static final int MAX_HEADER_BYTES = 8 * 1024;

  // Jetty's per-connection header cache matches values case-insensitively by default, so on a
  // kept-alive connection "bearer x" after "Bearer x" would reach us as "Bearer x" (row 5). The
  // cache is off: it keeps each new Authorization value in a trie of 1 KiB that is cleared when
  // full, so a connection carrying many callers' tokens (the v2 dialect's users, a proxy) paid a
  // trie insert and, every ~20 tokens, a clear on each request; without it a header costs the same
  // whoever sent the one before (docs/decisions.md, "v2's verify as fast as v3alpha's").
  @Override
  protected ServerConnector createHttpConnector(
      String bindAddress, int port, JettySettings settings, NetworkTrafficListener listener) {
    ServerConnector connector = super.createHttpConnector(bindAddress, port, settings, listener);
    if (Boolean.TRUE.equals(TRAFFIC_UNWATCHED.get())) {
      connector = withoutTrafficListener(connector);
    }
    for (ConnectionFactory factory : connector.getConnectionFactories()) {
      if (factory instanceof HttpConfiguration.ConnectionFactory http) {
        http.getHttpConfiguration().setHeaderCacheCaseSensitive(true);
        http.getHttpConfiguration().setRequestHeaderSize(MAX_HEADER_BYTES);
        http.getHttpConfiguration().setHeaderCacheSize(0);
      }
    }
    ClientErrorsOnly.install(connector);
    // An HTTP/2 stream whose message stops arriving ends after the same idle time as a connection.
    long idle = idleTimeout(settings).toMillis();
    connector.setIdleTimeout(idle);
    for (ConnectionFactory factory : connector.getConnectionFactories()) {
      if (factory instanceof AbstractHTTP2ServerConnectionFactory h2) {
        h2.setStreamIdleTimeout(idle);
      }
    }
    // Unary gRPC answered on its HTTP/2 stream (one write, no thread hand-off); every stream not
    // claimed is Jetty's, through the servlet path as before.
    if (RPC_UNDER_CONSTRUCTION.get() instanceof StreamClaims claims) {
      for (ConnectionFactory factory : connector.getConnectionFactories()) {
        if (factory instanceof HTTP2CServerConnectionFactory h2c) {
          connector.addConnectionFactory(ClaimingH2c.of(h2c, claims, Duration.ofMillis(idle)));
          break;
        }
      }
    }
    return connector;
  }

  /**
   * The same connector without the network traffic listener WireMock always installs: its endpoint
   * writes each buffer of a response with a system call of its own, to show each to the listener,
   * where Jetty's plain endpoint writes them all at once (an HTTP/1.1 answer's head and body, an
   * HTTP/2 answer's frames and their headers). Used when the listener is WireMock's do-nothing one.
   */
  private static ServerConnector withoutTrafficListener(ServerConnector watched) {
    ServerConnector plain =
        new ServerConnector(
            watched.getServer(),
            null,
            null,
            null,
            watched.getAcceptors(),
            watched.getSelectorManager().getSelectorCount(),
            watched.getConnectionFactories().toArray(ConnectionFactory[]::new));
    plain.setPort(watched.getPort());
    plain.setHost(watched.getHost());
    plain.setAcceptQueueSize(watched.getAcceptQueueSize());
    plain.setIdleTimeout(watched.getIdleTimeout());
    plain.setShutdownIdleTimeout(watched.getShutdownIdleTimeout());
    return plain;
  }

  private static Duration idleTimeout(JettySettings settings) {
    return settings.getIdleTimeout().map(Duration::ofMillis).orElse(DEFAULT_IDLE_TIMEOUT);
  }

  @Override
  protected Handler createHandler(
      Options options, AdminRequestHandler admin, StubRequestHandler stub) {
    WholeBodyFirst wholeBodyFirst =
        new WholeBodyFirst(
            // Read per request: Jetty's constructor builds the handlers before this field is set.
            () -> Math.max(maxBodyBytes + 1, WholeBodyFirst.KEPT_AT_LEAST),
            idleTimeout(options.jettySettings()));
    Handler handlers = super.createHandler(options, admin, stub);
    withoutHttpCompressionOfGrpc(handlers);
    // Plain Connect calls answered once their body is in, before WireMock's handlers and filters.
    if (RPC_UNDER_CONSTRUCTION.get() instanceof RequestClaims claims) {
      ClaimedFirst claimed = new ClaimedFirst(claims);
      claimed.setHandler(handlers);
      handlers = claimed;
    }
    wholeBodyFirst.setHandler(handlers);
    return wholeBodyFirst;
  }

  /**
   * The media types of gRPC over HTTP/2 (grpc/grpc doc/PROTOCOL-HTTP2.md): its messages carry their
   * own compression ({@code grpc-encoding}, a flag in each frame), and an HTTP {@code
   * Content-Encoding} is not part of the protocol, so a gRPC client reads a gzipped body as broken
   * frames.
   */
  static final String[] GRPC_MEDIA_TYPES = {"application/grpc", "application/grpc+proto"};

  // WireMock wraps the API's context in Jetty's GzipHandler, which compresses any answer of 32
  // bytes or more to a client that sends "accept-encoding: gzip" (curl --compressed, proxies such
  // as Envoy): a gRPC answer left as "application/grpc" with "content-encoding: gzip". gRPC answers
  // are left alone; gRPC-Web and Connect keep HTTP compression, which browsers and fetch undo
  // (and which Connect's unary protocol uses as its own).
  private static void withoutHttpCompressionOfGrpc(Handler handlers) {
    if (handlers instanceof HandlerContainer container) {
      for (Handler gzip : container.getChildHandlersByClass(GzipHandler.class)) {
        ((GzipHandler) gzip).addExcludedMimeTypes(GRPC_MEDIA_TYPES);
      }
    }
  }

  @Override
  protected void applyAdditionalServerConfiguration(Server server, Options options) {
    super.applyAdditionalServerConfiguration(server, options);
    server.setErrorHandler(new ContractErrorHandler());
  }

  @Override
  protected void decorateMockServiceContextBeforeConfig(ServletContextHandler context) {
    super.decorateMockServiceContextBeforeConfig(context);
    // First: a preflight is answered, and every answer (RPC, REST, stub, error) carries CORS.
    context.addFilter(
        new FilterHolder(BROWSER_UNDER_CONSTRUCTION.get().apiCors()),
        "/*",
        EnumSet.of(DispatcherType.REQUEST));
    // Before the gate, which rewrites Content-Type and reads the body for REST.
    Filter rpc = RPC_UNDER_CONSTRUCTION.get();
    if (rpc != null) {
      context.addFilter(new FilterHolder(rpc), "/*", EnumSet.of(DispatcherType.REQUEST));
    }
    gate(context, true);
    // After the gate: the contract answers what no stub matches without WireMock's handler.
    Filter rest = REST_UNDER_CONSTRUCTION.get();
    if (rest != null) {
      context.addFilter(new FilterHolder(rest), "/*", EnumSet.of(DispatcherType.REQUEST));
      // RestFront answers a verify once its write commits (AsyncContext): every filter up to it
      // lets the request go asynchronous.
      for (FilterHolder holder : context.getServletHandler().getFilters()) {
        holder.setAsyncSupported(true);
      }
    }
  }

  @Override
  protected void decorateAdminServiceContextBeforeConfig(ServletContextHandler context) {
    super.decorateAdminServiceContextBeforeConfig(context);
    // "/__admin" itself is answered like any other admin path, not redirected to "/__admin/".
    context.setAllowNullPathInfo(true);
    // First of all: a foreign page's request is refused before routing, the token or its body.
    context.addFilter(
        new FilterHolder(BROWSER_UNDER_CONSTRUCTION.get().adminGuard()),
        "/*",
        EnumSet.of(DispatcherType.REQUEST));
    gate(context, false);
    // After the browser rules and the gate: health without WireMock's admin routing.
    Filter health = BROWSER_UNDER_CONSTRUCTION.get().health();
    if (health != null) {
      context.addFilter(new FilterHolder(health), "/*", EnumSet.of(DispatcherType.REQUEST));
    }
  }

  private void gate(ServletContextHandler context, boolean apiRoutes) {
    context.addFilter(
        // Read per request: Jetty's constructor builds the contexts before this field is set.
        new FilterHolder(new RequestGate(apiRoutes, () -> maxBodyBytes)),
        "/*",
        EnumSet.of(DispatcherType.REQUEST));
  }

  @Override
  protected void decorateMockServiceContextAfterConfig(ServletContextHandler context) {
    super.decorateMockServiceContextAfterConfig(context);
    context.setErrorHandler(new ContractErrorHandler());
  }

  @Override
  protected void decorateAdminServiceContextAfterConfig(ServletContextHandler context) {
    super.decorateAdminServiceContextAfterConfig(context);
    context.setErrorHandler(new ContractErrorHandler());
    withoutWireMockCors(context.getServletHandler());
  }

  // WireMock puts Jetty's CrossOriginFilter on its admin context (any origin, credentials allowed):
  // it would let every web page read and drive the admin API. The admin API is same-origin only.
  private static final String WIREMOCK_CORS = "org.eclipse.jetty.servlets.CrossOriginFilter";

  private static void withoutWireMockCors(ServletHandler handler) {
    FilterHolder[] kept =
        Arrays.stream(handler.getFilters())
            .filter(holder -> !WIREMOCK_CORS.equals(holder.getClassName()))
            .toArray(FilterHolder[]::new);
    FilterMapping[] mappings =
        Arrays.stream(handler.getFilterMappings())
            .filter(
                mapping ->
                    Arrays.stream(kept)
                        .anyMatch(holder -> holder.getName().equals(mapping.getFilterName())))
            .toArray(FilterMapping[]::new);
    handler.setFilters(kept);
    handler.setFilterMappings(mappings);
  }
}
