package org.totpkit.mock.testing;

import org.totpkit.mock.ServerOptions;
import org.totpkit.mock.junit.TotpMockServerExtension;

/**
 * The store engine the HTTP contract tests run on: in memory by default, PostgreSQL (a fresh table
 * prefix per server) under {@code -Dtotp.test.store=postgres}, which the build's second surefire
 * run ({@code http-suites-on-postgres}) sets, so that the same tests hold on the team-shared store.
 */
public final class TestEngine {
  public static final String PROPERTY = "totp.test.store";

  private TestEngine() {}

  /** {@link TotpMockServerExtension#onFreePort()} on the engine of this run. */
  public static TotpMockServerExtension onFreePort() {
    return with(ServerOptions.defaults().withPort(0).withDemoData(false));
  }

  /** {@link TotpMockServerExtension#with(ServerOptions)} on the engine of this run. */
  public static TotpMockServerExtension with(ServerOptions options) {
    return TotpMockServerExtension.with(on(options));
  }

  public static ServerOptions on(ServerOptions options) {
    String engine = System.getProperty(PROPERTY, "").trim();
    return switch (engine) {
      case "", "memory" -> options;
      case "postgres" -> options.withStore(TestPostgres.freshLocation());
      default ->
          throw new IllegalStateException(
              "-D" + PROPERTY + "=" + engine + ": the engines are memory and postgres");
    };
  }
}
