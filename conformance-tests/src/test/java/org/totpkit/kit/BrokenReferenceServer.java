package org.totpkit.kit;

import java.util.Set;
import org.totpkit.kit.target.EmbeddedReferenceServer;
import org.totpkit.mock.faults.BrokenParts;
import org.totpkit.mock.faults.Fault;

/** The embedded reference server with deliberate faults, from the test-fixtures module. */
final class BrokenReferenceServer {
  private BrokenReferenceServer() {}

  static EmbeddedReferenceServer start(Set<Fault> faults) {
    return EmbeddedReferenceServer.start(
        new BrokenParts(faults), "embedded reference server with faults " + faults);
  }
}
