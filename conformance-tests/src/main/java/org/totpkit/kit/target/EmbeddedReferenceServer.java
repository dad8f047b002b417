package org.totpkit.kit.target;

import java.util.Optional;
import java.util.Set;
import org.totpkit.mock.ReferenceServer;
import org.totpkit.mock.ServerOptions;
import org.totpkit.mock.faults.Fault;

/** The reference server, started in this JVM on a free port, as the kit's default target. */
public final class EmbeddedReferenceServer implements AutoCloseable {
  private final ReferenceServer server;
  private final Target target;

  private EmbeddedReferenceServer(ReferenceServer server, String description) {
    this.server = server;
    this.target =
        Target.withHooks(server.baseUrl(), server.hooksUrl(), Optional.empty(), description);
  }

  /** The correct reference server, without demo data (the kit makes its own fixtures). */
  public static EmbeddedReferenceServer start() {
    return start(Set.of());
  }

  /** A reference server with test-only faults switched on: proof that the kit notices them. */
  public static EmbeddedReferenceServer start(Set<Fault> faults) {
    ServerOptions options =
        ServerOptions.defaults().withPort(0).withDemoData(false).withFaults(faults);
    String description =
        faults.isEmpty()
            ? "embedded reference server"
            : "embedded reference server with faults " + faults;
    return new EmbeddedReferenceServer(ReferenceServer.start(options), description);
  }

  public Target target() {
    return target;
  }

  @Override
  public void close() {
    server.close();
  }
}
