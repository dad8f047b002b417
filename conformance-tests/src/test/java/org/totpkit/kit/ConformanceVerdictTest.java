package org.totpkit.kit;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;
import org.totpkit.kit.report.RunOutcome;
import org.totpkit.kit.report.ScenarioOutcome.Verdict;
import org.totpkit.kit.report.Waivers;
import org.totpkit.kit.target.Target;
import org.totpkit.kit.target.Targets;
import org.totpkit.kit.target.Transport;

/**
 * {@code mvn verify -Dtotp.waivers=FILE}: the kit's verdict with the waivers, as the jar gives it.
 * Cucumber's JUnit engine reports every scenario by its own result (a waived failure is a failed
 * test), so under {@code -Dtotp.waivers} the pom's {@code waivers} profile runs this test instead
 * of the bare suites: one kit run per transport the suites would cover, through {@link
 * ConformanceKit#run} (the jar's launcher code), each passing exactly when the jar would exit 0.
 * Without {@code -Dtotp.waivers} it stands aside (the pom leaves it out then, too).
 *
 * <p>The settings are the run's configuration parameters, which fall back to the JVM's system
 * properties: surefire passes {@code -Dtotp.target}, {@code -Dtotp.transport}, {@code
 * -Dtotp.waivers} and {@code -Dcucumber.filter.tags} that way; {@link MavenWaiversTest} passes them
 * to a launcher directly, with {@code totp.reports} (the REST run's report folder, default
 * target/conformance-report; the others get {@code -<transport>} appended).
 */
@ExtendWith(ConformanceVerdictTest.Settings.class)
public class ConformanceVerdictTest {
  static final String TAGS_PROPERTY = "cucumber.filter.tags";
  static final String REPORTS_PROPERTY = "totp.reports";

  /** The run's settings, each a configuration parameter (or system property) by its name. */
  static final class Settings implements ParameterResolver {
    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
      return parameter.getParameter().getType() == UnaryOperator.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
      UnaryOperator<String> lookup = name -> context.getConfigurationParameter(name).orElse(null);
      return lookup;
    }
  }

  @TestFactory
  Stream<DynamicTest> theKitsVerdictWithTheWaivers(UnaryOperator<String> settings) {
    String file = Optional.ofNullable(settings.apply(Waivers.PROPERTY)).orElse("").strip();
    Assumptions.assumeFalse(
        file.isEmpty(),
        "no -Dtotp.waivers: ConformanceSuiteTest and the transport suites report each scenario");
    Waivers waivers = Waivers.load(Waivers.resolve(file));
    Optional<String> tags =
        Optional.ofNullable(settings.apply(TAGS_PROPERTY)).filter(t -> !t.isBlank());
    return runs(settings).stream()
        .map(
            run ->
                DynamicTest.dynamicTest(
                    "the kit's verdict over " + run.target().transport().key(),
                    () -> assertVerdict(run, tags, waivers)));
  }

  /** One kit run: a target and where its reports go (the same folders as the suites'). */
  record Run(Target target, Path reports) {}

  /**
   * As the suites do: {@code -Dtotp.target} or {@code -Dtotp.transport} choose one run; without
   * them the embedded reference server over every transport.
   */
  static List<Run> runs(UnaryOperator<String> settings) {
    boolean chosen =
        Stream.of(Targets.TARGET_PROPERTY, Targets.TRANSPORT_PROPERTY)
            .map(settings)
            .anyMatch(value -> value != null && !value.isBlank());
    Path base = Optional.ofNullable(settings.apply(REPORTS_PROPERTY)).map(Path::of).orElse(null);
    Path rest = base == null ? Path.of("target/conformance-report") : base;
    if (chosen) {
      return List.of(new Run(Targets.from(settings), rest));
    }
    Target embedded = Targets.embedded();
    List<Run> runs = new ArrayList<>();
    for (Transport transport : Transport.values()) {
      runs.add(
          new Run(
              embedded.over(transport),
              transport == Transport.REST ? rest : Path.of(rest + "-" + transport.key())));
    }
    return runs;
  }

  private static void assertVerdict(Run run, Optional<String> tags, Waivers waivers) {
    ConformanceKit.Result result =
        ConformanceKit.run(run.target(), run.reports(), tags, waivers, System.out);
    RunOutcome outcome = result.outcome();
    assertThat(outcome.scenarios())
        .as("no scenario matches -D%s=%s", TAGS_PROPERTY, tags.orElse(""))
        .isNotEmpty();
    String summary =
        String.format(
            "%d passed, %d failed, %d waived, %d skipped over %s; reports in %s",
            outcome.count(Verdict.PASSED),
            outcome.count(Verdict.FAILED),
            outcome.count(Verdict.WAIVED),
            outcome.count(Verdict.SKIPPED),
            run.target().transport().key(),
            run.reports().toAbsolutePath());
    System.out.println(summary);
    List<String> problems = new ArrayList<>();
    if (!outcome.failedRequirements().isEmpty()) {
      problems.add("failed requirements: " + String.join(", ", outcome.failedRequirements()));
    }
    for (Waivers.Checked stale : result.staleWaivers()) {
      problems.add("stale waiver: " + stale.waiver().label() + " - " + stale.state().describe());
    }
    if (problems.isEmpty() && result.exitStatus() != 0) {
      problems.add("a failure outside any scenario (see the output above)");
    }
    assertThat(result.exitStatus())
        .as("the kit's verdict: %s; %s", String.join("; ", problems), summary)
        .isZero();
  }
}
