package org.totpkit.mock.junit;

import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolutionException;
import org.junit.jupiter.api.extension.ParameterResolver;
import org.junit.platform.commons.support.AnnotationSupport;
import org.totpkit.mock.ReferenceServer;
import org.totpkit.mock.ServerOptions;

/**
 * The extension behind {@link TotpMockTest}: one server per annotated class, kept in that class's
 * extension store (nested classes share their outer class's server).
 */
public final class TotpMockTestExtension
    implements BeforeAllCallback, AfterAllCallback, AfterEachCallback, ParameterResolver {
  private static final ExtensionContext.Namespace NAMESPACE =
      ExtensionContext.Namespace.create(TotpMockTestExtension.class);
  private static final String KEY = "server";

  /** A class's server, closed by the class that started it. */
  private record Running(
      String owner, TotpMockTest settings, ReferenceServer server, TotpMockRuntimeInfo info) {}

  @Override
  public void beforeAll(ExtensionContext context) {
    if (running(context) != null) {
      return;
    }
    TotpMockTest settings =
        AnnotationSupport.findAnnotation(context.getRequiredTestClass(), TotpMockTest.class)
            .orElseThrow(() -> new IllegalStateException("@TotpMockTest is missing"));
    String token = settings.adminToken().isEmpty() ? null : settings.adminToken();
    ServerOptions options =
        ServerOptions.defaults()
            .withPort(settings.port())
            .withDemoData(settings.demoData())
            .withAdminToken(token);
    ReferenceServer server = ReferenceServer.start(options);
    context
        .getStore(NAMESPACE)
        .put(
            KEY,
            new Running(
                context.getUniqueId(), settings, server, new TotpMockRuntimeInfo(server, token)));
  }

  @Override
  public void afterAll(ExtensionContext context) {
    Running running = running(context);
    if (running != null && running.owner().equals(context.getUniqueId())) {
      context.getStore(NAMESPACE).remove(KEY);
      running.server().close();
    }
  }

  @Override
  public void afterEach(ExtensionContext context) {
    Running running = running(context);
    if (running == null || !running.settings().resetBetweenTests()) {
      return;
    }
    // The hooks' reset (state, clock, policy, journal), then WireMock's (stubs, scenarios).
    running.info().hooks().reset();
    running.info().wireMock().resetToDefaultMappings();
    running.info().wireMock().resetScenarios();
    running.server().reinstallDemoData();
  }

  @Override
  public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
    return parameter.getParameter().getType() == TotpMockRuntimeInfo.class;
  }

  @Override
  public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
    Running running = running(context);
    if (running == null) {
      throw new ParameterResolutionException("the server of @TotpMockTest is not running");
    }
    return running.info();
  }

  private static Running running(ExtensionContext context) {
    return context.getStore(NAMESPACE).get(KEY, Running.class);
  }
}
