package org.totpkit.kit;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.totpkit.kit.driver.HooksApi;
import org.totpkit.kit.report.ScenarioOutcome;
import org.totpkit.kit.report.ScenarioOutcome.Verdict;
import org.totpkit.kit.target.EmbeddedReferenceServer;
import org.totpkit.kit.target.Target;

/**
 * A target with only baseUrl, user.id, user.token and other.token (no hooks): the @live scenarios
 * pass and the others are SKIPPED as not verifiable, never FAILED.
 */
class LiveOnlyTargetTest {

  @Test
  void liveScenariosPassAndTheRestAreSkipped() {
    try (EmbeddedReferenceServer server = EmbeddedReferenceServer.start()) {
      // Provision what a vendor would write into target.properties, then forget the hooks.
      HooksApi hooks = new HooksApi(server.target().hooksUrl().orElseThrow(), Optional.empty());
      HooksApi.CreatedUser user = hooks.createUser(Optional.empty());
      HooksApi.CreatedUser other = hooks.createUser(Optional.of(user.orgId()));
      Target liveOnly =
          new Target(
              server.target().baseUrl(),
              Optional.empty(),
              Optional.of(user.userId()),
              Optional.of(user.token()),
              Optional.of(other.token()),
              Optional.empty(),
              Optional.empty(),
              Target.SAME_CLOCK_TOLERANCE,
              "embedded reference server, contract only");

      ConformanceKit.Result result =
          ConformanceKit.run(
              liveOnly, Path.of("target/live-only"), Optional.empty(), FaultProofTest.quietly());

      assertThat(result.outcome().failedRequirements()).isEmpty();
      assertThat(result.exitStatus()).isZero();
      for (ScenarioOutcome scenario : result.outcome().scenarios()) {
        boolean live = scenario.tags().contains("@live");
        boolean needsAdmin = scenario.requirementIds().contains("TOTP-AUTH-03");
        if (scenario.tags().contains("@rpc")) {
          assertThat(scenario.verdict()).as(scenario.name()).isEqualTo(Verdict.SKIPPED);
        } else if (live && !needsAdmin) {
          assertThat(scenario.verdict()).as(scenario.name()).isEqualTo(Verdict.PASSED);
        } else {
          assertThat(scenario.verdict()).as(scenario.name()).isEqualTo(Verdict.SKIPPED);
          assertThat(scenario.reason())
              .get()
              .asString()
              .startsWith("not verifiable on this target");
        }
      }
      assertThat(result.outcome().count(Verdict.PASSED)).isGreaterThan(50);
      assertThat(result.outcome().count(Verdict.SKIPPED)).isGreaterThan(50);
    }
  }
}
