package org.totpkit.kit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;
import org.junit.platform.launcher.listeners.SummaryGeneratingListener;
import org.junit.platform.launcher.listeners.TestExecutionSummary;
import org.totpkit.kit.report.ConformanceReport;
import org.totpkit.kit.target.EmbeddedReferenceServer;
import org.totpkit.mock.faults.Fault;

/**
 * {@code mvn verify -Dtotp.waivers=FILE} behaves as the jar does: the class the pom's {@code
 * waivers} profile runs ({@link ConformanceVerdictTest}) is run here by the JUnit Platform
 * Launcher, as surefire runs it, with the settings surefire would pass. A waived deviation passes
 * and is reported WAIVED; once it is fixed, the waiver left in fails the run and is named.
 */
class MavenWaiversTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String TAGS = "@TOTP-AUTH-02 or @TOTP-CORE-06";

  private static TestExecutionSummary runVerdictTest(Map<String, String> settings) {
    SummaryGeneratingListener summary = new SummaryGeneratingListener();
    LauncherFactory.create()
        .execute(
            LauncherDiscoveryRequestBuilder.request()
                .selectors(selectClass(ConformanceVerdictTest.class))
                .configurationParameters(settings)
                .build(),
            summary);
    return summary.getSummary();
  }

  private static Path targetFile(EmbeddedReferenceServer server, Path dir) throws IOException {
    return Files.writeString(
        dir.resolve("target.properties"),
        "baseUrl="
            + server.target().baseUrl()
            + "\nhooksUrl="
            + server.target().hooksUrl().orElseThrow()
            + "\n");
  }

  @Test
  void aWaivedDeviationPassesTheMavenRunAndAStaleWaiverFailsIt() throws IOException {
    Path dir = Files.createDirectories(Path.of("target/maven-waivers"));
    Path waivers =
        Files.writeString(
            dir.resolve("waivers.json"),
            "{\"waivers\": [{\"requirement\": \"TOTP-AUTH-02\","
                + " \"reason\": \"our gateway answers 404 to other users by policy\"}]}");

    Path deviating = dir.resolve("deviating");
    TestExecutionSummary passed;
    try (EmbeddedReferenceServer server =
        BrokenReferenceServer.start(Set.of(Fault.FORBIDDEN_AS_NOT_FOUND))) {
      passed =
          runVerdictTest(
              Map.of(
                  "totp.target",
                  targetFile(server, dir).toString(),
                  "totp.transport",
                  "",
                  "totp.waivers",
                  waivers.toString(),
                  "cucumber.filter.tags",
                  TAGS,
                  ConformanceVerdictTest.REPORTS_PROPERTY,
                  deviating.toString()));
    }
    assertThat(passed.getTotalFailureCount())
        .as("%s", passed.getFailures().stream().map(f -> f.getException().getMessage()).toList())
        .isZero();
    assertThat(passed.getTestsSucceededCount()).isEqualTo(1);
    JsonNode report = JSON.readTree(deviating.resolve(ConformanceReport.JSON).toFile());
    assertThat(report.path("verdict").asText()).isEqualTo("PASSED");
    assertThat(report.path("waivers").get(0).path("state").asText()).isEqualTo("APPLIED");
    assertThat(Files.readString(deviating.resolve(ConformanceReport.MARKDOWN)))
        .contains("**PASSED with 1 waived requirement**", "| TOTP-AUTH-02 |", "| WAIVED |");

    Path fixed = dir.resolve("fixed");
    TestExecutionSummary failed;
    try (EmbeddedReferenceServer server = EmbeddedReferenceServer.start()) {
      failed =
          runVerdictTest(
              Map.of(
                  "totp.target",
                  targetFile(server, dir).toString(),
                  "totp.transport",
                  "",
                  "totp.waivers",
                  waivers.toString(),
                  "cucumber.filter.tags",
                  TAGS,
                  ConformanceVerdictTest.REPORTS_PROPERTY,
                  fixed.toString()));
    }
    assertThat(failed.getTotalFailureCount()).isEqualTo(1);
    assertThat(failed.getFailures().get(0).getException().getMessage())
        .contains("stale waiver: TOTP-AUTH-02 - STALE: its scenarios pass now")
        .doesNotContain("failed requirements");
    JsonNode stale = JSON.readTree(fixed.resolve(ConformanceReport.JSON).toFile());
    assertThat(stale.path("verdict").asText()).isEqualTo("FAILED");
    assertThat(stale.path("waivers").get(0).path("state").asText()).isEqualTo("STALE_PASSING");
  }

  @Test
  void aDeviationWithoutAWaiverStillFailsTheMavenRun() throws IOException {
    Path dir = Files.createDirectories(Path.of("target/maven-waivers/unwaived"));
    Path waivers =
        Files.writeString(
            dir.resolve("waivers.json"),
            "{\"waivers\": [{\"requirement\": \"TOTP-CORE-06\", \"reason\": \"unrelated\"}]}");
    TestExecutionSummary summary;
    try (EmbeddedReferenceServer server =
        BrokenReferenceServer.start(Set.of(Fault.FORBIDDEN_AS_NOT_FOUND))) {
      summary =
          runVerdictTest(
              Map.of(
                  "totp.target",
                  targetFile(server, dir).toString(),
                  "totp.transport",
                  "",
                  "totp.waivers",
                  waivers.toString(),
                  "cucumber.filter.tags",
                  TAGS,
                  ConformanceVerdictTest.REPORTS_PROPERTY,
                  dir.resolve("out").toString()));
    }
    assertThat(summary.getTotalFailureCount()).isEqualTo(1);
    assertThat(summary.getFailures().get(0).getException().getMessage())
        .contains("failed requirements: TOTP-AUTH-02", "stale waiver: TOTP-CORE-06");
  }

  @Test
  void withoutWaiversTheVerdictTestStandsAside() {
    TestExecutionSummary summary = runVerdictTest(Map.of("totp.waivers", ""));
    assertThat(summary.getContainersAbortedCount()).isEqualTo(1);
    assertThat(summary.getTestsStartedCount()).isZero();
    assertThat(summary.getTotalFailureCount()).isZero();
  }
}
