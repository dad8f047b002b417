package org.totpkit.kit;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.totpkit.kit.report.ScenarioOutcome.Verdict;
import org.totpkit.kit.target.EmbeddedReferenceServer;
import org.totpkit.mock.faults.Fault;

/**
 * Proof that the kit can fail: against a reference server broken on purpose it fails with the
 * requirement IDs that name the broken rule; against the correct server it passes everything. Each
 * fault runs only the scenarios that are about it, to keep the build short.
 */
class FaultProofTest {

  /**
   * Which requirements must fail for each fault (always, not just when a step boundary is near).
   */
  private static final Map<Fault, Set<String>> MUST_FAIL =
      Map.of(
          Fault.ACCEPT_ANY_CODE,
              Set.of("TOTP-INPUT-02", "TOTP-SKEW-02", "TOTP-SKEW-03", "TOTP-LOCKOUT-01"),
          Fault.SKEW_0, Set.of("TOTP-SKEW-03", "TOTP-VECTORS-05"),
          Fault.SKEW_2, Set.of("TOTP-SKEW-03", "TOTP-SKEW-04", "TOTP-VECTORS-05"),
          Fault.SECOND_VERIFY_SUCCEEDS, Set.of("TOTP-CORE-07", "TOTP-REPLAY-01", "TOTP-REPLAY-02"),
          Fault.OWNER_AS_STRING, Set.of("TOTP-CORE-01", "TOTP-CORE-06"),
          Fault.ERROR_BODY_NOT_RPC_STATUS,
              Set.of("TOTP-ERRORS-01", "TOTP-AUTH-01", "TOTP-INPUT-01"),
          Fault.FORBIDDEN_AS_NOT_FOUND, Set.of("TOTP-AUTH-02"),
          Fault.AUTH_IGNORED, Set.of("TOTP-AUTH-01"),
          Fault.NUMERIC_CODE_COMPARISON, Set.of("TOTP-INPUT-03", "TOTP-VECTORS-04"),
          Fault.CHECK_THEN_SET_RACE, Set.of("TOTP-REPLAY-01"));

  static Stream<Arguments> faults() {
    return Stream.of(Fault.values()).map(fault -> Arguments.of(fault, MUST_FAIL.get(fault)));
  }

  @Test
  void everyFaultHasExpectations() {
    assertThat(MUST_FAIL.keySet()).containsExactlyInAnyOrder(Fault.values());
  }

  @ParameterizedTest(name = "{0} is caught by {1}")
  @MethodSource("faults")
  void theKitCatchesTheBrokenServer(Fault fault, Set<String> mustFail) {
    String tags = String.join(" or ", mustFail.stream().map(id -> "@" + id).sorted().toList());
    try (EmbeddedReferenceServer broken = EmbeddedReferenceServer.start(Set.of(fault))) {
      ConformanceKit.Result result =
          ConformanceKit.run(
              broken.target(),
              Path.of("target/fault-proof/" + fault),
              Optional.of(tags),
              quietly());
      assertThat(result.exitStatus()).as("exit status against %s", fault).isEqualTo(1);
      assertThat(result.outcome().failedRequirements())
          .as("failed requirements against %s", fault)
          .containsAll(mustFail);
    }
  }

  @Test
  void theCorrectServerPassesEverything() {
    try (EmbeddedReferenceServer correct = EmbeddedReferenceServer.start()) {
      ConformanceKit.Result result =
          ConformanceKit.run(
              correct.target(), Path.of("target/fault-proof/NONE"), Optional.empty(), quietly());
      assertThat(result.outcome().failedRequirements()).isEmpty();
      assertThat(result.outcome().count(Verdict.SKIPPED)).isZero();
      assertThat(result.outcome().count(Verdict.PASSED)).isGreaterThan(100);
      assertThat(result.exitStatus()).isZero();
      // Every requirement that a fault must break also passed here, so the failures above are the
      // faults'.
      MUST_FAIL
          .values()
          .forEach(
              ids ->
                  assertThat(result.outcome().requirements())
                      .containsKeys(ids.toArray(String[]::new)));
    }
  }

  static PrintStream quietly() {
    return new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8);
  }
}
