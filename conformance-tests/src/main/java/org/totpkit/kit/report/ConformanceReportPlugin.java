package org.totpkit.kit.report;

import io.cucumber.plugin.ConcurrentEventListener;
import io.cucumber.plugin.event.EventPublisher;
import io.cucumber.plugin.event.Result;
import io.cucumber.plugin.event.Status;
import io.cucumber.plugin.event.TestCaseFinished;
import io.cucumber.plugin.event.TestRunFinished;
import io.cucumber.plugin.event.TestRunStarted;
import io.cucumber.plugin.event.TestSourceRead;
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
  private static volatile java.io.PrintStream progress = System.out;

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

  /** The outcome of the last run that finished in this JVM. */
  public static RunOutcome lastOutcome() {
    return lastOutcome;
  }

  @Override
  public void setEventPublisher(EventPublisher publisher) {
    publisher.registerHandlerFor(TestRunStarted.class, this::started);
    publisher.registerHandlerFor(TestSourceRead.class, this::sourceRead);
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

  private synchronized void scenarioFinished(TestCaseFinished event) {
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
    ScenarioOutcome outcome =
        new ScenarioOutcome(
            event.getTestCase().getName(),
            location,
            List.copyOf(event.getTestCase().getTags()),
            verdict,
            reason);
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
    RunOutcome outcome = new RunOutcome(List.copyOf(scenarios));
    lastOutcome = outcome;
    ConformanceReport report =
        new ConformanceReport(
            Targets.current(),
            KitVersion.get(),
            FeatureFingerprint.ofRun(sources),
            startedAt,
            event.getInstant(),
            outcome,
            AcceptanceWindow.observed(),
            AcceptanceWindow.inconclusiveCount());
    try {
      report.writeTo(directory);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write the conformance report to " + directory, e);
    }
  }
}
