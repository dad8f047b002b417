package org.totpkit.kit.report;

import io.cucumber.plugin.ConcurrentEventListener;
import io.cucumber.plugin.event.EventPublisher;
import io.cucumber.plugin.event.HookTestStep;
import io.cucumber.plugin.event.PickleStepTestStep;
import io.cucumber.plugin.event.Result;
import io.cucumber.plugin.event.Status;
import io.cucumber.plugin.event.TestCaseFinished;
import io.cucumber.plugin.event.TestCaseStarted;
import io.cucumber.plugin.event.TestRunFinished;
import io.cucumber.plugin.event.TestRunStarted;
import io.cucumber.plugin.event.TestSourceRead;
import io.cucumber.plugin.event.TestStepFinished;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.totpkit.kit.report.ScenarioOutcome.Verdict;
import org.totpkit.kit.target.Targets;

/**
 * A Cucumber plugin that writes conformance-report.md and conformance-report.json into its
 * directory argument, and prints one progress line per scenario.
 */
public final class ConformanceReportPlugin implements ConcurrentEventListener {
  private static volatile RunOutcome lastOutcome = new RunOutcome(List.of());
  private static volatile ConformanceReport lastReport;
  private static volatile java.io.PrintStream progress = System.out;
  private static volatile Optional<Waivers> waivers = Optional.empty();

  /** The step where the scenario on this thread stopped passing, if it has. */
  private static final ThreadLocal<String> STOPPED_AT = new ThreadLocal<>();

  /** By feature file, then by line ("features/a.feature:12" before "features/a.feature:100"). */
  static final java.util.Comparator<ScenarioOutcome> IN_FEATURE_ORDER =
      java.util.Comparator.comparing(
              (ScenarioOutcome o) -> o.location().substring(0, o.location().lastIndexOf(':')))
          .thenComparingInt(
              o -> Integer.parseInt(o.location().substring(o.location().lastIndexOf(':') + 1)));

  private final Path directory;
  private final List<ScenarioOutcome> scenarios = new ArrayList<>();
  private final Map<String, String> sources = new TreeMap<>();
  private Instant startedAt;

  public ConformanceReportPlugin(String directory) {
    this.directory = Path.of(directory);
  }

  /** Where the progress lines go (the runner's output; standard output by default). */
  public static void progressTo(java.io.PrintStream stream) {
    progress = stream;
  }

  /** The outcome of the last run that finished in this JVM, with its waivers applied. */
  public static RunOutcome lastOutcome() {
    return lastOutcome;
  }

  /** The report of the last run that finished in this JVM, or null. */
  public static ConformanceReport lastReport() {
    return lastReport;
  }

  /**
   * The waivers of the next runs (the runner's --waivers). A bare suite run has none: its JUnit
   * results are Cucumber's, so its reports say what those say (ConformanceVerdictTest is the Maven
   * route with waivers).
   */
  public static void useWaivers(Optional<Waivers> list) {
    waivers = list;
  }

  private static Waivers waivers() {
    return waivers.orElse(Waivers.none());
  }

  @Override
  public void setEventPublisher(EventPublisher publisher) {
    publisher.registerHandlerFor(TestRunStarted.class, this::started);
    publisher.registerHandlerFor(TestSourceRead.class, this::sourceRead);
    publisher.registerHandlerFor(TestCaseStarted.class, this::scenarioStarted);
    publisher.registerHandlerFor(TestStepFinished.class, this::stepFinished);
    publisher.registerHandlerFor(TestCaseFinished.class, this::scenarioFinished);
    publisher.registerHandlerFor(TestRunFinished.class, this::finished);
  }

  private synchronized void started(TestRunStarted event) {
    startedAt = event.getInstant();
    AcceptanceWindow.reset();
  }

  private synchronized void sourceRead(TestSourceRead event) {
    sources.put(
        event.getUri().toString().replaceFirst("^.*?features/", "features/"), event.getSource());
  }

  // Cucumber tells a concurrent listener on the thread that runs the scenario, the same thread
  // that makes its exchanges: the transcript and the stopping step are per thread.
  private void scenarioStarted(TestCaseStarted event) {
    Transcript.begin();
    STOPPED_AT.remove();
  }

  private void stepFinished(TestStepFinished event) {
    if (event.getResult().getStatus() == Status.PASSED || STOPPED_AT.get() != null) {
      return;
    }
    String step;
    if (event.getTestStep() instanceof PickleStepTestStep pickle) {
      step =
          pickle.getStep().getKeyword().strip()
              + " "
              + pickle.getStep().getText()
              + " (line "
              + pickle.getStep().getLine()
              + ")";
    } else if (event.getTestStep() instanceof HookTestStep hook) {
      step =
          hook.getHookType().name().toLowerCase().replace('_', ' ')
              + " hook "
              + hook.getCodeLocation();
    } else {
      step = event.getTestStep().getCodeLocation();
    }
    STOPPED_AT.set(
        Redaction.redact(step) + " - " + event.getResult().getStatus().name().toLowerCase());
  }

  private synchronized void scenarioFinished(TestCaseFinished event) {
    Transcript.Kept kept = Transcript.end();
    String stoppedAt = STOPPED_AT.get();
    STOPPED_AT.remove();
    Result result = event.getResult();
    Verdict verdict =
        result.getStatus() == Status.PASSED
            ? Verdict.PASSED
            : result.getStatus() == Status.SKIPPED ? Verdict.SKIPPED : Verdict.FAILED;
    Optional<String> reason =
        Optional.ofNullable(result.getError())
            .map(
                error ->
                    Optional.ofNullable(error.getMessage())
                        .orElse(error.getClass().getSimpleName()))
            .map(message -> Redaction.redact(message.lines().findFirst().orElse("")));
    if (verdict == Verdict.FAILED && reason.isEmpty()) {
      reason = Optional.of("scenario " + result.getStatus().name().toLowerCase());
    }
    String location =
        event.getTestCase().getUri().toString().replaceFirst("^.*?features/", "features/")
            + ":"
            + event.getTestCase().getLine();
    Optional<ScenarioOutcome.Evidence> evidence =
        verdict == Verdict.PASSED
            ? Optional.empty()
            : Optional.of(
                new ScenarioOutcome.Evidence(
                    Optional.ofNullable(stoppedAt).orElse("(no step ran)"),
                    kept.exchanges(),
                    kept.earlierExchanges()));
    ScenarioOutcome outcome =
        new ScenarioOutcome(
            event.getTestCase().getName(),
            location,
            List.copyOf(event.getTestCase().getTags()),
            verdict,
            reason,
            evidence,
            Optional.empty());
    scenarios.add(outcome);
    progress.println(
        Redaction.redact(
            String.format(
                "%-7s %-18s %s (%s)%s",
                verdict,
                String.join(",", outcome.requirementIds()),
                outcome.name(),
                location,
                reason.map(r -> " - " + r).orElse(""))));
  }

  private synchronized void finished(TestRunFinished event) {
    Waivers list = waivers();
    // Scenarios finish in any order when they run concurrently: the report lists them as the
    // features do, so two runs of the same kit read alike.
    scenarios.sort(IN_FEATURE_ORDER);
    Waivers.Applied applied =
        list.apply(new RunOutcome(List.copyOf(scenarios)), FeatureIndex.ofKit());
    lastOutcome = applied.outcome();
    ConformanceReport report =
        new ConformanceReport(
            Targets.current(),
            transport(),
            KitVersion.get(),
            FeatureFingerprint.ofRun(sources),
            startedAt,
            event.getInstant(),
            applied.outcome(),
            list,
            applied.waivers(),
            AcceptanceWindow.observed(),
            AcceptanceWindow.inconclusiveCount(),
            RequirementCatalogue.load(),
            KitDocuments.digests());
    lastReport = report;
    try {
      report.writeTo(directory);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write the conformance report to " + directory, e);
    }
  }

  /** The transport the scenarios ran over: the target's ({@code rest} unless chosen). */
  private static String transport() {
    return Targets.current().transport().key();
  }
}
