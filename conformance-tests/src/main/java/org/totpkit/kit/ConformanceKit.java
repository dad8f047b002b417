package org.totpkit.kit;

import static org.junit.platform.engine.discovery.DiscoverySelectors.selectPackage;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.platform.launcher.EngineFilter;
import org.junit.platform.launcher.Launcher;
import org.junit.platform.launcher.LauncherDiscoveryRequest;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;
import org.junit.platform.launcher.listeners.SummaryGeneratingListener;
import org.totpkit.kit.driver.TotpApi;
import org.totpkit.kit.report.ConformanceReportPlugin;
import org.totpkit.kit.report.ReportDirectory;
import org.totpkit.kit.report.RunOutcome;
import org.totpkit.kit.report.ScenarioOutcome.Verdict;
import org.totpkit.kit.target.Target;
import org.totpkit.kit.target.Targets;

/**
 * Runs the packaged features against one target through the JUnit Platform Launcher and the
 * Cucumber engine, the same way {@code mvn verify} runs them, and writes the reports.
 */
public final class ConformanceKit {
  public static final String GLUE = "org.totpkit.kit.steps";

  /** What a run found: the scenarios' outcome and the exit status KIT.md asks for. */
  public record Result(RunOutcome outcome, int exitStatus) {}

  private ConformanceKit() {}

  /**
   * @param tags a Cucumber tag expression, or empty for every scenario
   */
  public static synchronized Result run(
      Target target, Path reportDirectory, Optional<String> tags, PrintStream progress) {
    try {
      Files.createDirectories(reportDirectory);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create the report directory " + reportDirectory, e);
    }
    Target previous = Targets.currentIfSet();
    Targets.use(target);
    ConformanceReportPlugin.progressTo(progress);
    try {
      LauncherDiscoveryRequestBuilder request =
          LauncherDiscoveryRequestBuilder.request()
              .selectors(selectPackage("features"))
              .filters(EngineFilter.includeEngines("cucumber"))
              .configurationParameter("cucumber.glue", GLUE)
              .configurationParameter("cucumber.plugin", ReportDirectory.plugins(reportDirectory))
              .configurationParameter("cucumber.publish.quiet", "true")
              .configurationParameter("cucumber.ansi-colors.disabled", "true");
      tags.filter(t -> !t.isBlank())
          .ifPresent(t -> request.configurationParameter("cucumber.filter.tags", t));
      LauncherDiscoveryRequest discovery = request.build();
      Launcher launcher = LauncherFactory.create();
      SummaryGeneratingListener summary = new SummaryGeneratingListener();
      launcher.execute(discovery, summary);
      ReportDirectory.redactAll(reportDirectory);
      RunOutcome outcome = ConformanceReportPlugin.lastOutcome();
      boolean failed =
          outcome.count(Verdict.FAILED) > 0 || summary.getSummary().getTotalFailureCount() > 0;
      return new Result(outcome, failed ? 1 : 0);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot finish the reports in " + reportDirectory, e);
    } finally {
      // A run's gRPC channels and HTTP clients end with it.
      TotpApi.closeAll();
      ConformanceReportPlugin.progressTo(System.out);
      Targets.use(previous);
    }
  }
}
