package org.totpkit.kit;

import java.io.IOException;
import java.nio.file.Path;
import org.junit.jupiter.api.Assumptions;
import org.totpkit.kit.driver.TotpApi;
import org.totpkit.kit.report.ReportDirectory;
import org.totpkit.kit.target.Target;
import org.totpkit.kit.target.Targets;
import org.totpkit.kit.target.Transport;

/**
 * What the per-transport suites share: they run the whole kit against the embedded reference server
 * over one RPC transport, and stand aside when {@code -Dtotp.target} or {@code -Dtotp.transport}
 * points {@link ConformanceSuiteTest} somewhere else.
 */
final class TransportSuites {
  private static Target before;

  private TransportSuites() {}

  static void begin(Transport transport) {
    Assumptions.assumeTrue(
        chosenByNobody(),
        "-Dtotp.target, -Dtotp.transport or -Dtotp.dialect chose what ConformanceSuiteTest checks");
    before = Targets.currentIfSet();
    Targets.use(Targets.embedded().over(transport));
  }

  /** No -D option pointed the kit's suites anywhere: the build checks the embedded server. */
  static boolean chosenByNobody() {
    return System.getProperty(Targets.TARGET_PROPERTY, "").isBlank()
        && System.getProperty(Targets.TRANSPORT_PROPERTY, "").isBlank()
        && System.getProperty(Targets.DIALECT_PROPERTY, "").isBlank();
  }

  static void end(String reportDirectory) throws IOException {
    TotpApi.closeAll();
    Targets.use(before);
    if (java.nio.file.Files.isDirectory(Path.of(reportDirectory))) {
      ReportDirectory.redactAll(Path.of(reportDirectory));
    }
  }
}
