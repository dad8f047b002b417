package org.totpkit.kit;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.totpkit.kit.report.ScenarioOutcome.Verdict;
import org.totpkit.kit.target.Target;
import org.totpkit.kit.target.Targets;
import org.totpkit.mock.ReferenceServer;
import org.totpkit.mock.ServerOptions;
import org.totpkit.mock.testing.TestPostgres;

/**
 * The kit's REST suite (every scenario {@link ConformanceSuiteTest} runs) against the embedded
 * reference server keeping its state on PostgreSQL ({@code --store jdbc:postgresql:...}), as every
 * replica of the team-shared mock does. Reports land in target/conformance-report-postgres.
 */
class PostgresConformanceTest {

  @Test
  void theWholeRestSuitePassesOnTheServerOnPostgres() {
    Assumptions.assumeTrue(
        System.getProperty(Targets.TARGET_PROPERTY, "").isBlank()
            && System.getProperty(Targets.TRANSPORT_PROPERTY, "").isBlank(),
        "-Dtotp.target or -Dtotp.transport chose what ConformanceSuiteTest checks");
    ServerOptions options =
        ServerOptions.defaults()
            .withPort(0)
            .withDemoData(false)
            .withStore(TestPostgres.freshLocation());
    try (ReferenceServer server = ReferenceServer.start(options)) {
      Target target =
          Target.withHooks(
              server.baseUrl(),
              server.hooksUrl(),
              Optional.empty(),
              "embedded reference server on PostgreSQL");
      ConformanceKit.Result result =
          ConformanceKit.run(
              target,
              Path.of("target/conformance-report-postgres"),
              Optional.empty(),
              FaultProofTest.quietly());
      assertThat(result.outcome().failedRequirements()).as("failed requirements").isEmpty();
      assertThat(result.outcome().count(Verdict.PASSED)).isGreaterThan(100);
      assertThat(result.exitStatus()).isZero();
    }
  }
}
