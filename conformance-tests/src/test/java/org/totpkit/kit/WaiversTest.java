package org.totpkit.kit;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.totpkit.kit.report.ConformanceReport;
import org.totpkit.kit.target.EmbeddedReferenceServer;
import org.totpkit.mock.faults.Fault;

/**
 * Waivers through the kit's command line (docs/conformance-kit.md): a waived deviation passes the
 * run and is reported WAIVED; once the deviation is fixed, the waiver left in is stale and fails
 * the run; a waiver file that cannot be used is a usage error.
 */
class WaiversTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String TAGS = "@TOTP-AUTH-02 or @TOTP-CORE-06";
  private static final String WAIVER =
      "{\"waivers\": [{\"requirement\": \"TOTP-AUTH-02\","
          + " \"reason\": \"our gateway answers 404 to other users by policy\"}]}";

  private final ByteArrayOutputStream out = new ByteArrayOutputStream();
  private final ByteArrayOutputStream err = new ByteArrayOutputStream();

  private int run(String... args) {
    return KitCommandLine.run(
        List.of(args),
        new PrintStream(out, true, StandardCharsets.UTF_8),
        new PrintStream(err, true, StandardCharsets.UTF_8));
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
  void aWaivedDeviationPassesAndTheSameWaiverGoesStaleOnceItIsFixed() throws IOException {
    Path dir = Files.createDirectories(Path.of("target/waivers"));
    Path waivers = Files.writeString(dir.resolve("waivers.json"), WAIVER);

    Path deviating = dir.resolve("deviating");
    try (EmbeddedReferenceServer server =
        BrokenReferenceServer.start(Set.of(Fault.FORBIDDEN_AS_NOT_FOUND))) {
      int status =
          run(
              "--target", targetFile(server, dir).toString(),
              "--report-dir", deviating.toString(),
              "--tags", TAGS,
              "--waivers", waivers.toString());
      assertThat(status).as(out.toString(StandardCharsets.UTF_8)).isZero();
    }
    JsonNode report = JSON.readTree(deviating.resolve(ConformanceReport.JSON).toFile());
    assertThat(report.path("verdict").asText()).isEqualTo("PASSED");
    assertThat(requirement(report, "TOTP-AUTH-02").path("status").asText()).isEqualTo("WAIVED");
    assertThat(requirement(report, "TOTP-CORE-06").path("status").asText()).isEqualTo("PASSED");
    JsonNode waiver = report.path("waivers").get(0);
    assertThat(waiver.path("state").asText()).isEqualTo("APPLIED");
    assertThat(waiver.path("reason").asText())
        .isEqualTo("our gateway answers 404 to other users by policy");
    assertThat(statuses(report)).contains("WAIVED").doesNotContain("FAILED");
    assertThat(report.path("attestation").path("waiverFile").path("sha256").asText())
        .isEqualTo(org.totpkit.kit.report.KitDocuments.sha256(Files.readAllBytes(waivers)));
    String md = Files.readString(deviating.resolve(ConformanceReport.MARKDOWN));
    assertThat(md)
        .contains("**PASSED with 1 waived requirement**", "| TOTP-AUTH-02 |", "| WAIVED |")
        .contains("### WAIVED: Another user may not", "- waived: our gateway answers 404");
    assertThat(Files.readString(deviating.resolve(ConformanceReport.CERTIFICATE)))
        .contains("PASSED with 1 waived requirement", "our gateway answers 404 to other users");

    Path fixed = dir.resolve("fixed");
    out.reset();
    try (EmbeddedReferenceServer server = EmbeddedReferenceServer.start()) {
      int status =
          run(
              "--target", targetFile(server, dir).toString(),
              "--report-dir", fixed.toString(),
              "--tags", TAGS,
              "--waivers", waivers.toString());
      assertThat(status).isEqualTo(1);
    }
    assertThat(out.toString(StandardCharsets.UTF_8))
        .contains("stale waiver: TOTP-AUTH-02 - STALE: its scenarios pass now");
    JsonNode stale = JSON.readTree(fixed.resolve(ConformanceReport.JSON).toFile());
    assertThat(stale.path("verdict").asText()).isEqualTo("FAILED");
    assertThat(stale.path("waivers").get(0).path("state").asText()).isEqualTo("STALE_PASSING");
    assertThat(statuses(stale)).containsOnly("PASSED");
    assertThat(Files.readString(fixed.resolve(ConformanceReport.MARKDOWN)))
        .contains("| TOTP-AUTH-02 | our gateway answers 404 to other users by policy | STALE");
  }

  @Test
  void aWaiverThatNamesNothingIsStale() throws IOException {
    Path dir = Files.createDirectories(Path.of("target/waivers/unknown"));
    Path waivers =
        Files.writeString(
            dir.resolve("waivers.json"),
            "{\"waivers\": [{\"requirement\": \"TOTP-CORE-06\", \"scenario\": \"No such scenario\","
                + " \"reason\": \"typo\"}, {\"requirement\": \"TOTP-NOPE-01\", \"reason\": \"x\"}]}");
    int status =
        run(
            "--report-dir", dir.resolve("out").toString(),
            "--tags", "@TOTP-CORE-06",
            "--waivers", waivers.toString());
    assertThat(status).isEqualTo(1);
    assertThat(out.toString(StandardCharsets.UTF_8))
        .contains(
            "stale waiver: TOTP-CORE-06 \"No such scenario\" - STALE: names no requirement or scenario",
            "stale waiver: TOTP-NOPE-01 - STALE: names no requirement");
  }

  @Test
  void minusDTotpWaiversIsTheDefaultOfDashDashWaivers() throws IOException {
    Path dir = Files.createDirectories(Path.of("target/waivers/property"));
    Path waivers =
        Files.writeString(
            dir.resolve("waivers.json"),
            "{\"waivers\": [{\"requirement\": \"TOTP-NOPE-01\", \"reason\": \"x\"}]}");
    int status =
        Main.run(
            List.of("--report-dir", dir.resolve("out").toString(), "--tags", "@TOTP-CORE-06"),
            name -> name.equals("totp.waivers") ? waivers.toString() : null,
            new PrintStream(out, true, StandardCharsets.UTF_8),
            new PrintStream(err, true, StandardCharsets.UTF_8));
    assertThat(status).isEqualTo(1);
    assertThat(out.toString(StandardCharsets.UTF_8))
        .contains("stale waiver: TOTP-NOPE-01 - STALE: names no requirement");
  }

  @Test
  void aWaiverWhoseScenariosDidNotRunDoesNotFailASubset() throws IOException {
    Path dir = Files.createDirectories(Path.of("target/waivers/subset"));
    Path waivers = Files.writeString(dir.resolve("waivers.json"), WAIVER);
    int status =
        run(
            "--report-dir", dir.resolve("out").toString(),
            "--tags", "@TOTP-CORE-06",
            "--waivers", waivers.toString());
    assertThat(status).as(out.toString(StandardCharsets.UTF_8)).isZero();
    JsonNode report = JSON.readTree(dir.resolve("out").resolve(ConformanceReport.JSON).toFile());
    assertThat(report.path("waivers").get(0).path("state").asText()).isEqualTo("NOT_RUN");
  }

  @Test
  void aMalformedWaiverFileIsOneLineAndExitTwo(@TempDir Path dir) throws IOException {
    for (String[] bad :
        new String[][] {
          {"{\"waivers\": [", "is not JSON"},
          {"[]", "needs {\"waivers\": [...]}"},
          {"{\"waivers\": [{\"requirement\": \"TOTP-AUTH-02\"}]}", "waiver 1 needs a \"reason\""},
          {
            "{\"waivers\": [{\"requirement\": \"TOTP-AUTH-02\", \"reason\": \" \"}]}",
            "must be a non-empty string"
          },
          {
            "{\"waivers\": [{\"requirment\": \"TOTP-AUTH-02\", \"reason\": \"r\"}]}",
            "unknown field \"requirment\""
          }
        }) {
      Path file = Files.writeString(dir.resolve("w.json"), bad[0]);
      err.reset();
      assertThat(run("--waivers", file.toString(), "--report-dir", dir.resolve("out").toString()))
          .as(bad[0])
          .isEqualTo(2);
      assertThat(err.toString(StandardCharsets.UTF_8).lines())
          .as(bad[0])
          .singleElement()
          .asString()
          .startsWith("error: waiver file ")
          .contains(bad[1]);
    }
    err.reset();
    assertThat(run("--waivers", dir.resolve("missing.json").toString())).isEqualTo(2);
    assertThat(err.toString(StandardCharsets.UTF_8)).startsWith("error: cannot read waiver file");
  }

  private static JsonNode requirement(JsonNode report, String id) {
    for (JsonNode r : report.path("requirements")) {
      if (r.path("id").asText().equals(id)) {
        return r;
      }
    }
    throw new AssertionError(id + " is not in the report");
  }

  private static List<String> statuses(JsonNode report) {
    List<String> statuses = new ArrayList<>();
    report.path("scenarios").forEach(s -> statuses.add(s.path("status").asText()));
    return statuses;
  }
}
