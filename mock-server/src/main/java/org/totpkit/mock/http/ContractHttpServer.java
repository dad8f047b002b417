package org.totpkit.mock.http;

import com.github.tomakehurst.wiremock.core.Options;
import com.github.tomakehurst.wiremock.http.AdminRequestHandler;
import com.github.tomakehurst.wiremock.http.HttpServerFactory;
import com.github.tomakehurst.wiremock.http.StubRequestHandler;
import com.github.tomakehurst.wiremock.jetty11.Jetty11HttpServer;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.servlet.ServletContextHandler;

/** WireMock's Jetty server with every Jetty-made error in the contract's shape. */
public final class ContractHttpServer extends Jetty11HttpServer {
  public static final HttpServerFactory FACTORY = ContractHttpServer::new;

  private ContractHttpServer(
      Options options, AdminRequestHandler adminHandler, StubRequestHandler stubHandler) {
    super(options, adminHandler, stubHandler);
  }

  @Override
  protected void applyAdditionalServerConfiguration(Server server, Options options) {
    super.applyAdditionalServerConfiguration(server, options);
    server.setErrorHandler(new ContractErrorHandler());
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
  }
}
