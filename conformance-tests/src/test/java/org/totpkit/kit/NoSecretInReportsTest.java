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
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.totpkit.kit.driver.TrafficTap;
import org.totpkit.kit.report.ReportDirectory;
import org.totpkit.kit.target.EmbeddedReferenceServer;
import org.totpkit.mock.faults.Fault;

/**
 * Taps the raw traffic of a run (independently of the kit's own redaction bookkeeping), collects
 * every issued secret, token and sent code, and proves none of them is in any report file or in
 * anything the run printed, both against the correct server and against a broken one whose failures
 * produce messages.
 */
class NoSecretInReportsTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Pattern CODE_BODY = Pattern.compile("\"([0-9]{6,9})\"");

  private final Set<String> secrets = ConcurrentHashMap.newKeySet();
  private final Set<String> tokens = ConcurrentHashMap.newKeySet();
  private final Set<String> codes = ConcurrentHashMap.newKeySet();

  @AfterEach
  void stopTapping() {
    TrafficTap.stop();
  }

  @Test
  void correctServer() throws IOException {
    runAndCheck(Set.of(), "target/secrecy/correct");
  }

  @Test
  void brokenServerWhoseFailuresTalk() throws IOException {
    runAndCheck(
        Set.of(Fault.ACCEPT_ANY_CODE, Fault.FORBIDDEN_AS_NOT_FOUND), "target/secrecy/broken");
  }

  private void runAndCheck(Set<Fault> faults, String directory) throws IOException {
    TrafficTap.listen(this::collect);
    ByteArrayOutputStream printed = new ByteArrayOutputStream();
    PrintStream originalOut = System.out;
    PrintStream originalErr = System.err;
    PrintStream capture = new PrintStream(printed, true, StandardCharsets.UTF_8);
    Path reports = Path.of(directory);
    try (EmbeddedReferenceServer server = BrokenReferenceServer.start(faults)) {
      System.setOut(capture);
      System.setErr(capture);
      ConformanceKit.run(
          server.target(), reports, Optional.of("@core or @input or @skew or @replay"), capture);
    } finally {
      System.setOut(originalOut);
      System.setErr(originalErr);
    }
    // The tap saw real traffic: a test that collected nothing would prove nothing.
    assertThat(secrets).hasSizeGreaterThan(10);
    assertThat(tokens).hasSizeGreaterThan(10);
    assertThat(codes).hasSizeGreaterThan(10);

    Map<String, String> texts = new HashMap<>();
    for (String name : ReportDirectory.FILES) {
      Path file = reports.resolve(name);
      assertThat(file).exists();
      texts.put(name, Files.readString(file, StandardCharsets.UTF_8));
    }
    texts.put("printed output", printed.toString(StandardCharsets.UTF_8));
    if (!faults.isEmpty()) {
      // The failures' evidence (transcripts of the exchanges, with bodies) is in what is scanned.
      assertThat(texts.get("conformance-report.md")).contains("/_verify -> HTTP 200", "‹redacted›");
      assertThat(texts.get("certificate.html")).contains("/_verify -&gt; HTTP 200", "‹redacted›");
    }
    assertThat(texts.get("printed output")).contains("TOTP-CORE-01");

    texts.forEach(
        (name, text) -> assertThat(leaks(text)).as("issued values found in %s", name).isEmpty());

    // Control: the scan does find each kind of value when one is there, so the check above can
    // fail.
    assertThat(leaks("a report line with " + secrets.iterator().next())).isNotEmpty();
    assertThat(leaks("Authorization: Bearer " + tokens.iterator().next())).isNotEmpty();
    assertThat(leaks("wrong code " + codes.iterator().next() + ".")).isNotEmpty();
  }

  /**
   * What kinds of issued values {@code text} contains (the values themselves are never printed).
   */
  private List<String> leaks(String text) {
    List<String> found = new ArrayList<>();
    secrets.stream().filter(text::contains).forEach(s -> found.add("a secret"));
    tokens.stream().filter(text::contains).forEach(t -> found.add("a token"));
    // One scan for any code standing alone (one pattern per code made this test take minutes).
    Matcher code =
        Pattern.compile(
                "(?<![0-9A-Za-z])("
                    + String.join("|", codes.stream().map(Pattern::quote).toList())
                    + ")(?![0-9A-Za-z])")
            .matcher(text);
    while (code.find()) {
      found.add("a code");
    }
    return found;
  }

  private void collect(TrafficTap.Exchange exchange) {
    exchange.authorization().ifPresent(header -> tokens.add(header.replaceFirst("^Bearer ", "")));
    var code = CODE_BODY.matcher(exchange.requestBody() == null ? "" : exchange.requestBody());
    if (exchange.path().endsWith("/_verify") && code.matches()) {
      codes.add(code.group(1));
    }
    try {
      JsonNode body = JSON.readTree(exchange.responseBody());
      if (body != null) {
        body.findValuesAsText("secret").forEach(secrets::add);
        body.findValuesAsText("token").forEach(tokens::add);
      }
    } catch (IOException notJson) {
      // Not every answer is JSON.
    }
  }
}
