package org.totpkit.kit;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.function.UnaryOperator;
import org.totpkit.kit.report.Attestation;
import org.totpkit.kit.report.KitDocuments;
import org.totpkit.kit.report.KitVersion;
import org.totpkit.kit.report.ScenarioOutcome.Verdict;
import org.totpkit.kit.report.Waivers;
import org.totpkit.kit.target.EmbeddedReferenceServer;
import org.totpkit.kit.target.Reachability;
import org.totpkit.kit.target.Target;
import org.totpkit.kit.target.TargetConfigurationException;
import org.totpkit.kit.target.TargetProperties;
import org.totpkit.kit.target.UntouchedUser;

/**
 * {@code java -jar totp-conformance-kit.jar}: exit 0 all passed, 1 some failed, 2 usage or
 * configuration.
 */
public final class Main {
  private Main() {}

  public static void main(String[] args) {
    ShortRunJit.applyUnlessFull(System.getProperty(ShortRunJit.PROPERTY));
    int status = run(List.of(args), System.out, System.err);
    System.exit(status);
  }

  public static int run(List<String> args, PrintStream out, PrintStream err) {
    return run(args, System::getProperty, out, err);
  }

  /**
   * @param properties where {@code -Dtotp.waivers} is looked up (the JVM's system properties)
   */
  static int run(
      List<String> args, UnaryOperator<String> properties, PrintStream out, PrintStream err) {
    KitOptions options;
    try {
      options = KitOptions.parse(args, properties);
    } catch (KitOptions.UsageException e) {
      err.println("error: " + e.getMessage());
      return 2;
    }
    if (options.help()) {
      out.println(KitOptions.usage());
      return 0;
    }
    if (options.version()) {
      out.println(KitOptions.versionText());
      return 0;
    }
    Waivers waivers;
    try {
      waivers = options.waivers().map(Waivers::load).orElse(Waivers.none());
    } catch (Waivers.WaiverFileException e) {
      err.println("error: " + e.getMessage());
      return 2;
    }
    if (options.verifyReport().isPresent()) {
      return verifyReport(
          options.verifyReport().get(), options.waivers().map(f -> waivers), out, err);
    }
    EmbeddedReferenceServer embedded = null;
    try {
      Target target;
      if (options.target().isPresent()) {
        target = TargetProperties.load(options.target().get(), options.dialect());
        target = options.transport().map(target::over).orElse(target);
        Reachability.require(target);
        // Before any scenario: a v2 black-box run refuses a user whose TOTP it did not make.
        UntouchedUser.require(target);
      } else {
        embedded = EmbeddedReferenceServer.start();
        target = embedded.target();
        target = options.transport().map(target::over).orElse(target);
        target = options.dialect().map(target::in).orElse(target);
      }
      out.println(
          "TOTP conformance kit: checking "
              + target.endpoint()
              + " over "
              + target.transport()
              + " in the "
              + target.dialect()
              + " dialect ("
              + target.description()
              + ")"
              + (target.hasHooks()
                  ? ""
                  : ", no hooks: @hooks and @clock scenarios will be skipped"));
      ConformanceKit.Result result =
          ConformanceKit.run(target, options.reportDirectory(), options.tags(), waivers, out);
      if (result.outcome().scenarios().isEmpty()) {
        err.println(
            "error: no scenario matches --tags " + options.tags().orElse("") + " (see --help)");
        return 2;
      }
      var outcome = result.outcome();
      out.printf(
          "%d passed, %d failed, %d waived, %d skipped; reports in %s%n",
          outcome.count(Verdict.PASSED),
          outcome.count(Verdict.FAILED),
          outcome.count(Verdict.WAIVED),
          outcome.count(Verdict.SKIPPED),
          options.reportDirectory().toAbsolutePath());
      if (!outcome.failedRequirements().isEmpty()) {
        out.println("failed requirements: " + String.join(", ", outcome.failedRequirements()));
      }
      for (Waivers.Checked stale : result.staleWaivers()) {
        out.println("stale waiver: " + stale.waiver().label() + " - " + stale.state().describe());
      }
      return result.exitStatus();
    } catch (TargetConfigurationException e) {
      err.println("error: " + e.getMessage());
      return 2;
    } catch (java.io.UncheckedIOException e) {
      err.println("error: " + e.getMessage());
      return 2;
    } finally {
      if (embedded != null) {
        embedded.close();
      }
    }
  }

  private static int verifyReport(
      Path report, Optional<Waivers> waivers, PrintStream out, PrintStream err) {
    Attestation.Verification verification;
    try {
      verification = Attestation.verify(report, KitVersion.get(), KitDocuments.digests(), waivers);
    } catch (Attestation.UnreadableReportException e) {
      err.println("error: " + e.getMessage());
      return 2;
    }
    if (verification.verified()) {
      out.println(
          "verified: "
              + report
              + " was produced by totp-conformance-kit "
              + KitVersion.get()
              + " with these "
              + KitDocuments.digests().size()
              + " documents, and is unaltered");
    } else {
      out.println("NOT verified: " + report);
      verification.problems().forEach(p -> out.println("  - " + p));
    }
    verification.notes().forEach(n -> out.println("  note: " + n));
    return verification.verified() ? 0 : 1;
  }
}
