package org.totpkit.kit;

import static org.junit.platform.engine.discovery.DiscoverySelectors.selectPackage;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
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
import org.totpkit.kit.report.Waivers;
import org.totpkit.kit.target.Target;
import org.totpkit.kit.target.Targets;

/**
 * Runs the packaged features against one target through the JUnit Platform Launcher and the
 * Cucumber engine, the same way {@code mvn verify} runs them, and writes the reports.
 */
public final class ConformanceKit {
  public static final String GLUE = "org.totpkit.kit.steps";

  /**
   * What a run found: the scenarios' outcome (waivers applied), each waiver's state, and the exit
   * status docs/conformance-kit.md asks for.
   */
  public record Result(RunOutcome outcome, List<Waivers.Checked> waivers, int exitStatus) {
    public List<Waivers.Checked> staleWaivers() {
      return waivers.stream().filter(c -> c.state().stale()).toList();
    }
  }

  private ConformanceKit() {}

  /**
   * @param tags a Cucumber tag expression, or empty for every scenario
   */
  public static Result run(
      Target target, Path reportDirectory, Optional<String> tags, PrintStream progress) {
    return run(target, reportDirectory, tags, Waivers.none(), progress);
  }

  /**
   * @param waivers the accepted deviations: a waived failure does not fail the run, a stale waiver
   *     does
   */
  public static Result run(
      Target target,
      Path reportDirectory,
      Optional<String> tags,
      Waivers waivers,
      PrintStream progress) {
    return run(target, reportDirectory, tags, waivers, progress, Reports.ALL);
  }

  /** Which reports a run writes. */
  public enum Reports {
    /** Every file of docs/conformance-kit.md's list. */
    ALL,
    /**
     * All but cucumber.html, Cucumber's own page (1.6 MB for a run, most of its writing time): for
     * callers that read only the verdict, such as the proofs that the kit fails broken servers.
     */
    WITHOUT_CUCUMBER_HTML
  }

  /**
   * @param reports which reports to write
   */
  public static synchronized Result run(
      Target target,
      Path reportDirectory,
      Optional<String> tags,
      Waivers waivers,
      PrintStream progress,
      Reports reports) {
    try {
      Files.createDirectories(reportDirectory);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create the report directory " + reportDirectory, e);
    }
    Target previous = Targets.currentIfSet();
    Targets.use(target);
    ConformanceReportPlugin.progressTo(progress);
    ConformanceReportPlugin.useWaivers(Optional.of(waivers));
    try {
      LauncherDiscoveryRequestBuilder request =
          LauncherDiscoveryRequestBuilder.request()
              .selectors(selectPackage("features"))
              .filters(EngineFilter.includeEngines("cucumber"))
              .configurationParameter("cucumber.glue", GLUE)
              .configurationParameter(
                  "cucumber.plugin",
                  ReportDirectory.plugins(reportDirectory, reports == Reports.ALL))
              .configurationParameter("cucumber.publish.quiet", "true")
              .configurationParameter("cucumber.ansi-colors.disabled", "true")
              // Scenarios run concurrently, those that change the server's clock or policy alone.
              .configurationParameters(ScenarioConcurrency.parameters());
      // Only the target's dialect's scenarios, within the tags asked for.
      request.configurationParameter("cucumber.filter.tags", target.dialect().scenarios(tags));
      LauncherDiscoveryRequest discovery = request.build();
      Launcher launcher = LauncherFactory.create();
      SummaryGeneratingListener summary = new SummaryGeneratingListener();
      launcher.execute(discovery, summary);
      ReportDirectory.redactAll(reportDirectory);
      RunOutcome outcome = ConformanceReportPlugin.lastOutcome();
      List<Waivers.Checked> checked =
          Optional.ofNullable(ConformanceReportPlugin.lastReport())
              .map(r -> r.waiverStates())
              .orElse(List.of());
      // JUnit counts a waived scenario's failure too; anything beyond those failed outside one.
      long unexplained =
          summary.getSummary().getTotalFailureCount()
              - outcome.count(Verdict.FAILED)
              - outcome.count(Verdict.WAIVED);
      boolean failed =
          outcome.count(Verdict.FAILED) > 0
              || unexplained > 0
              || checked.stream().anyMatch(c -> c.state().stale());
      return new Result(outcome, checked, failed ? 1 : 0);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot finish the reports in " + reportDirectory, e);
    } finally {
      // A run's gRPC channels and HTTP clients end with it.
      TotpApi.closeAll();
      ConformanceReportPlugin.progressTo(System.out);
      ConformanceReportPlugin.useWaivers(Optional.empty());
      Targets.use(previous);
    }
  }
}
