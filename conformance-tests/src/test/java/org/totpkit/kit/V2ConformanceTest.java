package org.totpkit.kit;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.totpkit.kit.driver.ApiResponse;
import org.totpkit.kit.driver.Caller;
import org.totpkit.kit.driver.HooksApi;
import org.totpkit.kit.driver.TotpApi;
import org.totpkit.kit.report.ScenarioOutcome.Verdict;
import org.totpkit.kit.target.Dialect;
import org.totpkit.kit.target.Target;
import org.totpkit.kit.target.Targets;
import org.totpkit.kit.target.Transport;
import org.totpkit.kit.target.UntouchedUser;

/**
 * The v2 dialect's scenarios over every transport against the embedded reference server, the way a
 * pipeline runs them: with the hooks (every scenario can be shown), and black box with only {@code
 * baseUrl}, a user and an administrator's token (what a real ZITADEL gives), where the scenarios
 * that need hooks are SKIPPED, none FAILED, and the user is left with no TOTP. Reports land in
 * target/conformance-report-v2-&lt;transport&gt;[-black-box].
 */
class V2ConformanceTest {

  @BeforeAll
  static void onlyWhenNobodyChoseAnotherTarget() {
    Assumptions.assumeTrue(
        TransportSuites.chosenByNobody(),
        "-Dtotp.target, -Dtotp.transport or -Dtotp.dialect chose what ConformanceSuiteTest checks");
  }

  @ParameterizedTest(name = "v2 over {0} with hooks")
  @EnumSource(Transport.class)
  void passesWithHooks(Transport transport) throws IOException {
    Target target = Targets.embedded().in(Dialect.V2).over(transport);
    ConformanceKit.Result result = run(target, "target/conformance-report-v2-" + transport.key());
    assertThat(result.outcome().failedRequirements()).isEmpty();
    assertThat(result.exitStatus()).isZero();
    // Only the other kind of transport's scenarios are skipped, saying so.
    assertThat(result.outcome().scenarios())
        .filteredOn(s -> s.verdict() == Verdict.SKIPPED)
        .allSatisfy(
            s ->
                assertThat(s.reason())
                    .get()
                    .asString()
                    .startsWith("not applicable over " + transport.key()));
    // Every v2 requirement ran, none of v3alpha's.
    Set<String> v2 = FaultProofTest.requirementIds(true);
    assertThat(result.outcome().requirements().keySet()).containsExactlyInAnyOrderElementsOf(v2);
    assertThat(result.outcome().count(Verdict.PASSED)).isGreaterThan(50);
  }

  @ParameterizedTest(name = "v2 over {0}, black box")
  @EnumSource(Transport.class)
  void passesBlackBoxAndLeavesTheUserWithoutATotp(Transport transport) {
    Target withHooks = Targets.embedded().in(Dialect.V2).over(transport);
    HooksApi hooks = new HooksApi(withHooks.hooksUrl().orElseThrow(), withHooks.hooksToken());
    HooksApi.CreatedUser user = hooks.createUser(Optional.empty());
    String admin = hooks.createToken(user.orgId(), List.of("user.credential.write", "user.write"));
    Target blackBox = withHooks.blackBox(user.userId(), admin);
    UntouchedUser.require(blackBox);

    ConformanceKit.Result result =
        run(blackBox, "target/conformance-report-v2-" + transport.key() + "-black-box");

    assertThat(result.outcome().failedRequirements()).isEmpty();
    assertThat(result.exitStatus()).isZero();
    assertThat(result.outcome().scenarios())
        .filteredOn(s -> s.tags().contains("@hooks") || s.tags().contains("@clock"))
        .isNotEmpty()
        .allSatisfy(
            s -> {
              assertThat(s.verdict()).isEqualTo(Verdict.SKIPPED);
              assertThat(s.reason()).get().asString().startsWith("not verifiable on this target");
            });
    assertThat(result.outcome().count(Verdict.PASSED)).isGreaterThan(30);
    // The user is as the kit found it: no TOTP.
    ApiResponse after =
        TotpApi.of(blackBox).verifyWithPublicCode(Caller.bearer(admin), user.userId(), "", "0");
    assertThat(after.details()).singleElement().extracting("id").isEqualTo("COMMAND-3Mif9s");
    TotpApi.closeAll();
  }

  private static ConformanceKit.Result run(Target target, String reports) {
    return ConformanceKit.run(target, Path.of(reports), Optional.empty(), FaultProofTest.quietly());
  }
}
