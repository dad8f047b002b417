package org.totpkit.mock.junit;

import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.totpkit.mock.ReferenceServer;
import org.totpkit.mock.ServerOptions;

/**
 * Runs the reference server for a test class:
 *
 * <pre>{@code
 * @RegisterExtension
 * static TotpMockServerExtension mock = TotpMockServerExtension.onFreePort();
 * ... mock.baseUrl() ... mock.hooks().createUser() ...
 * }</pre>
 */
public final class TotpMockServerExtension implements BeforeAllCallback, AfterAllCallback {
  private final ServerOptions options;
  private ReferenceServer server;
  private HooksClient hooks;

  private TotpMockServerExtension(ServerOptions options) {
    this.options = options;
  }

  /** A server on a free port, without demo data: tests make their own fixtures with the hooks. */
  public static TotpMockServerExtension onFreePort() {
    return with(ServerOptions.defaults().withPort(0).withDemoData(false));
  }

  public static TotpMockServerExtension with(ServerOptions options) {
    return new TotpMockServerExtension(options);
  }

  @Override
  public void beforeAll(ExtensionContext context) {
    server = ReferenceServer.start(options);
    hooks = new HooksClient(server.hooksUrl(), options.adminToken());
  }

  @Override
  public void afterAll(ExtensionContext context) {
    if (server != null) {
      server.close();
      server = null;
    }
  }

  public String baseUrl() {
    return running().baseUrl();
  }

  public String hooksUrl() {
    return running().hooksUrl();
  }

  public HooksClient hooks() {
    running();
    return hooks;
  }

  public ReferenceServer server() {
    return running();
  }

  private ReferenceServer running() {
    if (server == null) {
      throw new IllegalStateException(
          "the server runs between beforeAll and afterAll: register the extension on a static field");
    }
    return server;
  }
}
