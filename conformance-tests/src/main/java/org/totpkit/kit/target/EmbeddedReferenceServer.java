package org.totpkit.kit.target;

import java.util.Optional;
import org.totpkit.mock.ReferenceServer;
import org.totpkit.mock.ServerOptions;
import org.totpkit.mock.ServerParts;

/** The reference server, started in this JVM on a free port, as the kit's default target. */
public final class EmbeddedReferenceServer implements AutoCloseable {
  private final ReferenceServer server;
  private final Target target;

  private EmbeddedReferenceServer(ReferenceServer server, String description) {
    this.server = server;
    this.target =
        Target.withHooks(server.baseUrl(), server.hooksUrl(), Optional.empty(), description)
            .asReferenceServer();
  }

  /** The correct reference server, without demo data (the kit makes its own fixtures). */
  public static EmbeddedReferenceServer start() {
    return start(ServerParts.STANDARD, "embedded reference server");
  }

  /** A reference server built from other parts (the kit's own tests start broken ones). */
  public static EmbeddedReferenceServer start(ServerParts parts, String description) {
    ServerOptions options = ServerOptions.defaults().withPort(0).withDemoData(false);
    return new EmbeddedReferenceServer(ReferenceServer.start(options, parts), description);
  }

  public Target target() {
    return target;
  }

  @Override
  public void close() {
    server.close();
  }
}
