package org.totpkit.mock.http;

import com.github.tomakehurst.wiremock.core.Options;
import com.github.tomakehurst.wiremock.http.AdminRequestHandler;
import com.github.tomakehurst.wiremock.http.HttpServer;
import com.github.tomakehurst.wiremock.http.HttpServerFactory;
import com.github.tomakehurst.wiremock.http.StubRequestHandler;
import com.github.tomakehurst.wiremock.jetty11.Jetty11HttpServer;
import jakarta.servlet.DispatcherType;
import java.util.EnumSet;
import org.eclipse.jetty.servlet.FilterHolder;
import org.eclipse.jetty.servlet.ServletContextHandler;

/** WireMock's own Jetty server with the {@link RequestGate} in front of the API and the hooks. */
public final class GuardedJettyServerFactory implements HttpServerFactory {
  @Override
  public String getName() {
    return "totp-guarded-jetty";
  }

  @Override
  public HttpServer buildHttpServer(
      Options options, AdminRequestHandler admin, StubRequestHandler stubs) {
    return new Jetty11HttpServer(options, admin, stubs) {
      @Override
      protected void decorateMockServiceContextBeforeConfig(ServletContextHandler context) {
        gate(context, true);
      }

      @Override
      protected void decorateAdminServiceContextBeforeConfig(ServletContextHandler context) {
        gate(context, false);
      }
    };
  }

  private static void gate(ServletContextHandler context, boolean apiRoutes) {
    context.addFilter(
        new FilterHolder(new RequestGate(apiRoutes)), "/*", EnumSet.of(DispatcherType.REQUEST));
  }
}
