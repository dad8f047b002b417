package org.totpkit.kit;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.totpkit.kit.report.ConformanceReport;
import org.totpkit.kit.target.EmbeddedReferenceServer;
import org.totpkit.mock.faults.Fault;

/**
 * One run of the kit's program against a server that answers 404 where the contract wants 403, plus
 * the skew scenarios for an acceptance window: the reports show the failure's evidence, the
 * certificate renders in headless Chromium, and {@code --verify-report} tells the report from an
 * altered one.
 */
class CertificationReportTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  static final Path REPORTS = Path.of("target/certification/broken");

  private static int exitStatus;
  private static String printed;

  @BeforeAll
  static void runAgainstABrokenServer() throws IOException {
    try (EmbeddedReferenceServer broken =
        BrokenReferenceServer.start(Set.of(Fault.FORBIDDEN_AS_NOT_FOUND))) {
      Path target =
          Files.createDirectories(Path.of("target/certification")).resolve("t.properties");
      Files.writeString(
          target,
          "baseUrl="
              + broken.target().baseUrl()
              + "\nhooksUrl="
              + broken.target().hooksUrl().orElseThrow()
              + "\n");
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      exitStatus =
          KitCommandLine.run(
              List.of(
                  "--target",
                  target.toString(),
                  "--report-dir",
                  REPORTS.toString(),
                  "--tags",
                  // SKEW-03 freezes the server clock, so its window observations are always
                  // conclusive; the black-box SKEW-01/02 are inconclusive near a step boundary.
                  "@TOTP-AUTH-02 or @TOTP-SKEW-03 or @TOTP-CORE-06"),
              new PrintStream(out, true, StandardCharsets.UTF_8),
              System.err);
      printed = out.toString(StandardCharsets.UTF_8);
    }
  }

  private static String read(String name) throws IOException {
    return Files.readString(REPORTS.resolve(name), StandardCharsets.UTF_8);
  }

  @Test
  void theRunFailsOnTheDeviation() {
    assertThat(exitStatus).as(printed).isEqualTo(1);
    assertThat(printed).contains("failed requirements: TOTP-AUTH-02");
  }

  @Test
  void theMarkdownShowsTheFailingStepWhatTheContractWantsAndTheExchange() throws IOException {
    String md = read(ConformanceReport.MARKDOWN);
    assertThat(md)
        .contains(
            "| transport | rest at http://", "## Evidence", "### FAILED: Another user may not");
    String evidence = md.substring(md.indexOf("### FAILED: Another user may not"));
    assertThat(evidence)
        .contains(
            "- step: Then the server answers 403 with code 7 and error \"AUTH-AWfge\"",
            "- the contract wants: TOTP-AUTH-02 Another user may not start, verify or remove"
                + " ([v3alpha-row-10](contract/v3alpha.html#v3alpha-row-10))",
            "the contract wants HTTP 403",
            "-> HTTP 404",
            "> Authorization: Bearer ‹redacted›");
    // Header names are case-insensitive; the JDK's client hands them out in lower case.
    assertThat(evidence).containsIgnoringCase("< Content-Type: application/json");
    // The exchange that led there: the other user's call on the user's registration.
    assertThat(evidence).containsPattern("(POST|DELETE) /resources/v3alpha/users/[0-9]+/totp");
    // A requirement that passed has a title and no evidence entry.
    assertThat(md)
        .contains("| TOTP-CORE-06 | The code of the current step verifies the registration |");
    assertThat(md).doesNotContain("### FAILED: The code of the current step");
  }

  @Test
  void theJsonCarriesTheEvidenceExchangeByExchange() throws IOException {
    JsonNode report = JSON.readTree(read(ConformanceReport.JSON));
    assertThat(report.path("verdict").asText()).isEqualTo("FAILED");
    assertThat(report.path("transport").asText()).isEqualTo("rest");
    List<JsonNode> failed = new ArrayList<>();
    report
        .path("scenarios")
        .forEach(
            s -> {
              if (s.path("status").asText().equals("FAILED")) {
                failed.add(s);
              }
            });
    assertThat(failed).isNotEmpty();
    for (JsonNode scenario : failed) {
      JsonNode evidence = scenario.path("evidence");
      assertThat(evidence.path("step").asText()).startsWith("Then the server answers 403");
      assertThat(evidence.path("contractWants").asText()).startsWith("TOTP-AUTH-02");
      JsonNode last = evidence.path("exchanges").get(evidence.path("exchanges").size() - 1);
      assertThat(last.path("status").asText()).isEqualTo("HTTP 404");
      assertThat(last.path("call").asText()).contains("/resources/v3alpha/users/");
      assertThat(last.path("headers").toString()).contains("Bearer ‹redacted›");
    }
    report
        .path("scenarios")
        .forEach(
            s -> {
              if (s.path("status").asText().equals("PASSED")) {
                assertThat(s.has("evidence")).as(s.path("name").asText()).isFalse();
              }
            });
    assertThat(report.path("requirements").findValuesAsText("title")).doesNotContain("");
  }

  @Test
  void theJsonAttestsEveryDocumentTheKitChecksAgainst() throws IOException {
    JsonNode attestation = JSON.readTree(read(ConformanceReport.JSON)).path("attestation");
    JsonNode documents = attestation.path("documents");
    List<String> paths = new ArrayList<>();
    documents.fieldNames().forEachRemaining(paths::add);
    assertThat(paths)
        .contains(
            "features/auth.feature",
            "openapi/totp-registration.openapi.yaml",
            "openapi/totp-hooks.openapi.yaml",
            "contract/v3alpha.md",
            "contract/v2.md",
            "contract/hooks.md",
            "contract/README.md");
    documents.forEach(digest -> assertThat(digest.asText()).matches("[0-9a-f]{64}"));
    assertThat(attestation.path("reportSha256").asText()).matches("[0-9a-f]{64}");
    assertThat(attestation.path("waiverFile").isNull()).isTrue();
  }

  /**
   * Every contract citation of the certificate, the Markdown and the JSON report is a link into the
   * report folder's own copy of the contract, and every one resolves to an element there.
   */
  @Test
  void everyContractCitationResolvesInTheReportFolder() throws IOException {
    String certificate = read(ConformanceReport.CERTIFICATE);
    // Each requirement's "contract" cell holds links only, never a bare citation.
    String table =
        certificate.substring(
            certificate.indexOf("<table id=\"requirements\">"),
            certificate.indexOf("</table>", certificate.indexOf("<table id=\"requirements\">")));
    Matcher row =
        Pattern.compile("<tr><td><code>([^<]+)</code>.*?</td><td>.*?</td><td>(.*?)</td>")
            .matcher(table);
    int rows = 0;
    while (row.find()) {
      rows++;
      assertThat(row.group(2))
          .as("the contract cell of %s", row.group(1))
          .matches(
              "(<a class=\"clause\" href=\"contract/[a-zA-Z0-9]+\\.html#[a-z0-9-]+\">[a-z0-9-]+</a>(; )?)+");
    }
    assertThat(rows).as("requirement rows").isEqualTo(3);
    assertThat(certificate)
        .doesNotContain("CONTRACT.md", "HOOKS.md")
        .doesNotContainPattern("\\.\\./shared");

    List<String> links = new ArrayList<>();
    Matcher href = Pattern.compile("href=\"(contract/[^\"]*)\"").matcher(certificate);
    while (href.find()) {
      links.add(href.group(1));
    }
    Matcher mdLink =
        Pattern.compile("\\]\\((contract/[^)]*)\\)").matcher(read(ConformanceReport.MARKDOWN));
    while (mdLink.find()) {
      links.add(mdLink.group(1));
    }
    JSON.readTree(read(ConformanceReport.JSON))
        .path("requirements")
        .forEach(r -> r.path("contract").forEach(c -> links.add(c.path("href").asText())));
    assertThat(links).as("contract links in the reports").hasSizeGreaterThan(20);
    assertThat(links).contains("contract/v3alpha.html#v3alpha-row-10");

    Map<String, Set<String>> idsOfPage = new HashMap<>();
    for (String link : links) {
      String page = link.contains("#") ? link.substring(0, link.indexOf('#')) : link;
      Path file = REPORTS.resolve(page);
      assertThat(file).as("the page of %s in the report folder", link).isRegularFile();
      Set<String> ids =
          idsOfPage.computeIfAbsent(
              page,
              p -> {
                try {
                  Set<String> found = new HashSet<>();
                  Matcher id =
                      Pattern.compile("\\sid=\"([^\"]+)\"").matcher(Files.readString(file));
                  while (id.find()) {
                    found.add(id.group(1));
                  }
                  return found;
                } catch (IOException e) {
                  throw new UncheckedIOException(e);
                }
              });
      if (link.contains("#")) {
        assertThat(ids)
            .as("element ids of %s", page)
            .contains(link.substring(link.indexOf('#') + 1));
      }
    }
    // The pages link to each other as HTML, not as the Markdown they come from.
    String v2 = Files.readString(REPORTS.resolve("contract/v2.html"));
    assertThat(v2)
        .contains("href=\"v3alpha.html#v3alpha-row-4\"")
        .doesNotContainPattern("href=\"[^\"]*\\.md[#\"]");
  }

  @Test
  void verifyReportAcceptsTheReportAsWritten() {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    int status =
        KitCommandLine.run(
            List.of("--verify-report", REPORTS.resolve(ConformanceReport.JSON).toString()),
            new PrintStream(out, true, StandardCharsets.UTF_8),
            FaultProofTest.quietly());
    assertThat(status).as(out.toString(StandardCharsets.UTF_8)).isZero();
    assertThat(out.toString(StandardCharsets.UTF_8)).startsWith("verified: ");
  }

  @Test
  void verifyReportRefusesAnAlteredReport() throws IOException {
    ObjectNode report = (ObjectNode) JSON.readTree(read(ConformanceReport.JSON));
    report.put("verdict", "PASSED");
    Path altered = Path.of("target/certification/altered.json");
    Files.writeString(altered, report.toPrettyString());
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    int status =
        KitCommandLine.run(
            List.of("--verify-report", altered.toString()),
            new PrintStream(out, true, StandardCharsets.UTF_8),
            FaultProofTest.quietly());
    assertThat(status).isEqualTo(1);
    assertThat(out.toString(StandardCharsets.UTF_8))
        .startsWith("NOT verified: ")
        .contains("altered");
  }

  @Test
  void verifyReportRefusesAReportOfOtherDocumentsOrAnotherKit() throws IOException {
    ObjectNode report = (ObjectNode) JSON.readTree(read(ConformanceReport.JSON));
    ObjectNode attestation = (ObjectNode) report.get("attestation");
    ((ObjectNode) attestation.get("documents")).put("features/auth.feature", "0".repeat(64));
    attestation.put("kitVersion", "0.0.1");
    // Reseal, as someone who knows the digest would: the documents and the version still tell.
    attestation.remove("reportSha256");
    Path other = Path.of("target/certification/other-kit.json");
    Files.writeString(other, report.toPrettyString());
    String digest =
        org.totpkit.kit.report.KitDocuments.sha256(
            JSON.readTree(Files.readString(other)).toString().getBytes(StandardCharsets.UTF_8));
    attestation.put("reportSha256", digest);
    Files.writeString(other, report.toPrettyString());
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    int status =
        KitCommandLine.run(
            List.of("--verify-report", other.toString()),
            new PrintStream(out, true, StandardCharsets.UTF_8),
            FaultProofTest.quietly());
    String said = out.toString(StandardCharsets.UTF_8);
    assertThat(status).isEqualTo(1);
    assertThat(said)
        .contains("features/auth.feature differs", "produced by kit version 0.0.1")
        .doesNotContain("altered");
  }

  @Test
  void verifyReportOfAMissingFileIsAUsageError() {
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int status =
        KitCommandLine.run(
            List.of("--verify-report", "target/certification/no-such-report.json"),
            FaultProofTest.quietly(),
            new PrintStream(err, true, StandardCharsets.UTF_8));
    assertThat(status).isEqualTo(2);
    assertThat(err.toString(StandardCharsets.UTF_8).lines())
        .singleElement()
        .asString()
        .startsWith("error: cannot read report");
  }

  @Test
  void theCertificateRendersInHeadlessChromium() throws Exception {
    Path certificate = REPORTS.resolve(ConformanceReport.CERTIFICATE).toAbsolutePath();
    HeadlessChromium chromium = HeadlessChromium.findOrExplain();
    String dom = chromium.dumpDom(certificate);
    assertThat(dom).contains("id=\"verdict\"", ">FAILED</div>", "TOTP-AUTH-02", "‹redacted›");
    assertThat(dom).contains("class=\"window\"");
    // The frozen-clock skew scenarios saw -1, 0 and +1 accepted on the reference server's skew 1.
    assertThat(dom)
        .contains(
            "class=\"step accepted\" data-offset=\"-1\"",
            "class=\"step accepted\" data-offset=\"0\"",
            "class=\"step accepted\" data-offset=\"1\"");
    Path screenshot = Path.of("target/certification/certificate.png").toAbsolutePath();
    HeadlessChromium.Picture picture = chromium.screenshot(certificate, screenshot);
    // The page is drawn, not blank: the verdict's red and the accepted steps' green are on it.
    assertThat(picture.pixelsNear(0x8a1c1c)).as("verdict text pixels").isGreaterThan(100);
    assertThat(picture.pixelsNear(0x2f9e55)).as("accepted step pixels").isGreaterThan(1000);
  }
}
