package org.totpkit.kit.report;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.stream.Collectors;
import org.totpkit.kit.report.RequirementCatalogue.Requirement;
import org.totpkit.kit.report.RunOutcome.RequirementOutcome;
import org.totpkit.kit.report.ScenarioOutcome.Verdict;
import org.totpkit.kit.target.Target;

/**
 * The certification report: conformance-report.md for people, conformance-report.json for tools
 * (with its attestation), certificate.html for a customer.
 *
 * @param outcome the run with the waivers applied
 * @param documents path to SHA-256 of the documents the kit checked against
 */
public record ConformanceReport(
    Target target,
    String transport,
    String kitVersion,
    String featuresSha256,
    Instant startedAt,
    Instant finishedAt,
    RunOutcome outcome,
    Waivers waivers,
    List<Waivers.Checked> waiverStates,
    SortedMap<Integer, String> acceptanceWindow,
    int inconclusiveWindowObservations,
    RequirementCatalogue catalogue,
    SortedMap<String, String> documents) {

  public static final String MARKDOWN = "conformance-report.md";
  public static final String JSON = "conformance-report.json";
  public static final String CERTIFICATE = "certificate.html";

  private static final ObjectMapper MAPPER =
      new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  /** FAILED when a scenario failed or a waiver is stale; PASSED when anything passed. */
  public Verdict verdict() {
    if (outcome.count(Verdict.FAILED) > 0
        || waiverStates.stream().anyMatch(c -> c.state().stale())) {
      return Verdict.FAILED;
    }
    return outcome.count(Verdict.PASSED) + outcome.count(Verdict.WAIVED) > 0
        ? Verdict.PASSED
        : Verdict.SKIPPED;
  }

  /** The verdict as a line: "PASSED", "PASSED with 1 waived requirement", "FAILED". */
  public String verdictLine() {
    long waived = countRequirements(outcome.requirements(), Verdict.WAIVED);
    return verdict()
        + (verdict() == Verdict.PASSED && waived > 0
            ? " with " + waived + " waived requirement" + (waived == 1 ? "" : "s")
            : "");
  }

  public void writeTo(Path directory) throws IOException {
    Files.createDirectories(directory);
    Files.writeString(
        directory.resolve(MARKDOWN), Redaction.redact(markdown()), StandardCharsets.UTF_8);
    Files.writeString(directory.resolve(JSON), json(), StandardCharsets.UTF_8);
    Files.writeString(
        directory.resolve(CERTIFICATE),
        Redaction.redact(Certificate.html(this)),
        StandardCharsets.UTF_8);
    // The contract the run was checked against, so that every citation above resolves offline.
    ContractDocuments.bundled().writeTo(directory, kitVersion);
  }

  /** The API the kit checked, as the report names it. */
  String dialectName() {
    return target.dialect() == org.totpkit.kit.target.Dialect.V2
        ? "v2 (ZITADEL user service v2: /v2/users/{userId}/totp)"
        : "v3alpha (ZITADEL resources API v3alpha: /resources/v3alpha/users/{id}/totp)";
  }

  /** The catalogue's entry for an ID, or a bare one. */
  Requirement requirement(String id) {
    return catalogue.requirement(id).orElse(new Requirement(id, "", "", false, List.of()));
  }

  /** The contract clauses a requirement checks, as one line. */
  static String clauses(Requirement requirement) {
    return String.join("; ", requirement.clauses());
  }

  /** The same as Markdown links into the report folder's copy of the contract. */
  static String clauseLinks(Requirement requirement) {
    ContractDocuments contract = ContractDocuments.bundled();
    return requirement.clauses().stream()
        .map(c -> contract.href(c).map(href -> "[" + c + "](" + href + ")").orElse(c))
        .collect(Collectors.joining("; "));
  }

  /** The scenarios that did not pass, in run order: the ones with evidence. */
  List<ScenarioOutcome> notPassed() {
    return outcome.scenarios().stream().filter(s -> s.verdict() != Verdict.PASSED).toList();
  }

  /** The window's offsets, from at least -2 to +2, and as far as anything was observed. */
  List<Integer> windowOffsets() {
    int low = Math.min(-2, acceptanceWindow.isEmpty() ? 0 : acceptanceWindow.firstKey());
    int high = Math.max(2, acceptanceWindow.isEmpty() ? 0 : acceptanceWindow.lastKey());
    return java.util.stream.IntStream.rangeClosed(low, high).boxed().toList();
  }

  String markdown() {
    Map<String, RequirementOutcome> requirements = outcome.requirements();
    StringBuilder md = new StringBuilder();
    md.append("# TOTP registration conformance report\n\n");
    md.append("| | |\n|---|---|\n");
    md.append("| verdict | **").append(verdictLine()).append("** |\n");
    md.append("| target | ")
        .append(target.baseUrl())
        .append(" (")
        .append(target.description())
        .append(") |\n");
    md.append("| dialect | ").append(dialectName()).append(" |\n");
    md.append("| transport | ")
        .append(transport)
        .append(" at ")
        .append(target.endpoint())
        .append(" |\n");
    md.append("| test hooks | ").append(target.hooksUrl().orElse("none")).append(" |\n");
    md.append("| kit version | ").append(kitVersion).append(" |\n");
    md.append("| features and .proto SHA-256 | `").append(featuresSha256).append("` |\n");
    md.append("| waiver file | ")
        .append(
            waivers
                .file()
                .map(f -> f.getFileName() + " (SHA-256 `" + waivers.sha256() + "`)")
                .orElse("none"))
        .append(" |\n");
    md.append("| started | ").append(startedAt).append(" |\n");
    md.append("| finished | ").append(finishedAt).append(" |\n\n");
    md.append("## Totals\n\n");
    md.append("| | passed | failed | waived | skipped |\n|---|---|---|---|---|\n");
    md.append("| requirements | ")
        .append(countRequirements(requirements, Verdict.PASSED))
        .append(" | ")
        .append(countRequirements(requirements, Verdict.FAILED))
        .append(" | ")
        .append(countRequirements(requirements, Verdict.WAIVED))
        .append(" | ")
        .append(countRequirements(requirements, Verdict.SKIPPED))
        .append(" |\n");
    md.append("| scenarios | ")
        .append(outcome.count(Verdict.PASSED))
        .append(" | ")
        .append(outcome.count(Verdict.FAILED))
        .append(" | ")
        .append(outcome.count(Verdict.WAIVED))
        .append(" | ")
        .append(outcome.count(Verdict.SKIPPED))
        .append(" |\n\n");
    md.append("## Measured acceptance window\n\n");
    if (acceptanceWindow.isEmpty()) {
      md.append("No conclusive observation (no skew scenario ran).\n\n");
    } else {
      md.append(
          "Step offsets from the server's step, as observed (skew 1 wants -1, 0 and +1 accepted;"
              + " ✓ accepted, ✗ refused, · not observed):\n\n");
      StringBuilder header = new StringBuilder("|");
      StringBuilder rule = new StringBuilder("|");
      StringBuilder row = new StringBuilder("|");
      for (int offset : windowOffsets()) {
        header.append(' ').append(String.format("%+d", offset)).append(" |");
        rule.append("---|");
        row.append(' ').append(symbol(acceptanceWindow.get(offset))).append(" |");
      }
      md.append(header).append('\n').append(rule).append('\n').append(row).append("\n\n");
      md.append("Accepted offsets: ")
          .append(accepted())
          .append(". Black-box observations too close to a step ")
          .append("boundary to know their offset: ")
          .append(inconclusiveWindowObservations)
          .append(".\n\n");
    }
    md.append("## Requirements\n\n");
    md.append(
        "| requirement | title | contract | result | scenarios passed / failed / waived / skipped | reason |\n"
            + "|---|---|---|---|---|---|\n");
    requirements
        .values()
        .forEach(
            r -> {
              Requirement about = requirement(r.id());
              md.append("| ")
                  .append(r.id())
                  .append(" | ")
                  .append(cell(about.title()))
                  .append(" | ")
                  .append(cell(clauseLinks(about)))
                  .append(" | ")
                  .append(r.verdict())
                  .append(" | ")
                  .append(r.passed())
                  .append(" / ")
                  .append(r.failed())
                  .append(" / ")
                  .append(r.waived())
                  .append(" / ")
                  .append(r.skipped())
                  .append(" | ")
                  .append(cell(r.reason()))
                  .append(" |\n");
            });
    md.append("\n## Waivers\n\n");
    if (waiverStates.isEmpty()) {
      md.append("None.\n");
    } else {
      md.append("| waiver | reason | state | scenarios |\n|---|---|---|---|\n");
      waiverStates.forEach(
          c ->
              md.append("| ")
                  .append(cell(c.waiver().label()))
                  .append(" | ")
                  .append(cell(c.waiver().reason()))
                  .append(" | ")
                  .append(cell(c.state().describe()))
                  .append(" | ")
                  .append(cell(String.join("; ", c.scenarios())))
                  .append(" |\n"));
    }
    md.append("\n## Evidence\n\n");
    List<ScenarioOutcome> evidence = notPassed();
    if (evidence.isEmpty()) {
      md.append("Every scenario passed.\n");
    }
    for (ScenarioOutcome s : evidence) {
      md.append("### ")
          .append(s.verdict())
          .append(": ")
          .append(s.name())
          .append(" (")
          .append(String.join(", ", s.requirementIds()))
          .append(")\n\n");
      md.append("- location: ").append(s.location()).append('\n');
      s.evidence().ifPresent(e -> md.append("- step: ").append(e.step()).append('\n'));
      md.append("- the contract wants: ")
          .append(wants(s, ConformanceReport::clauseLinks))
          .append('\n');
      md.append("- found: ").append(s.reason().orElse("")).append('\n');
      s.waiver().ifPresent(w -> md.append("- waived: ").append(w).append('\n'));
      md.append('\n');
      String transcript = transcript(s);
      if (!transcript.isEmpty()) {
        md.append("```\n").append(transcript).append("```\n\n");
      }
    }
    return md.toString();
  }

  /** What the contract wants, from the catalogue: each requirement's title and clause. */
  String wants(ScenarioOutcome s) {
    return wants(s, ConformanceReport::clauses);
  }

  /** The same, with the clauses written by {@code clauses} (plain, or as links). */
  String wants(ScenarioOutcome s, java.util.function.Function<Requirement, String> clauses) {
    return s.requirementIds().stream()
        .map(this::requirement)
        .map(
            r ->
                r.id()
                    + (r.title().isEmpty() ? "" : " " + r.title())
                    + (r.clauses().isEmpty() ? "" : " (" + clauses.apply(r) + ")"))
        .collect(Collectors.joining("; "));
  }

  /** The scenario's redacted exchanges as text, or "" when it made none. */
  static String transcript(ScenarioOutcome s) {
    if (s.evidence().isEmpty() || s.evidence().get().exchanges().isEmpty()) {
      return "";
    }
    ScenarioOutcome.Evidence e = s.evidence().get();
    StringBuilder out = new StringBuilder();
    if (e.earlierExchanges() > 0) {
      out.append("(").append(e.earlierExchanges()).append(" earlier exchanges left out)\n");
    }
    e.exchanges().forEach(x -> out.append(x.text()));
    return out.toString();
  }

  static String symbol(String seen) {
    if (seen == null) {
      return "·";
    }
    return switch (seen) {
      case "accepted" -> "✓";
      case "refused" -> "✗";
      default -> "✓✗";
    };
  }

  private static String cell(String text) {
    return text == null ? "" : text.replace("|", "\\|").replace("\n", " ");
  }

  String accepted() {
    String list =
        acceptanceWindow.entrySet().stream()
            .filter(e -> e.getValue().equals("accepted"))
            .map(e -> String.format("%+d", e.getKey()))
            .collect(Collectors.joining(", "));
    return list.isEmpty() ? "none" : list;
  }

  static long countRequirements(Map<String, RequirementOutcome> requirements, Verdict verdict) {
    return requirements.values().stream().filter(r -> r.verdict() == verdict).count();
  }

  /** The JSON report, redacted, then sealed: the digest covers exactly what is written. */
  String json() {
    ObjectNode root = MAPPER.createObjectNode();
    root.put("verdict", verdict().name());
    root.put("verdictLine", verdictLine());
    ObjectNode targetNode = root.putObject("target");
    targetNode.put("baseUrl", target.baseUrl());
    targetNode.put("hooksUrl", target.hooksUrl().orElse(null));
    targetNode.put("transport", target.transport().key());
    targetNode.put("dialect", target.dialect().key());
    targetNode.put("endpoint", target.endpoint());
    targetNode.put("description", target.description());
    root.put("transport", transport);
    root.put("dialect", target.dialect().key());
    root.put("kitVersion", kitVersion);
    root.put("featuresSha256", featuresSha256);
    root.put("startedAt", String.valueOf(startedAt));
    root.put("finishedAt", String.valueOf(finishedAt));
    ObjectNode window = root.putObject("acceptanceWindow");
    ArrayNode acceptedOffsets = window.putArray("accepted");
    ArrayNode refusedOffsets = window.putArray("refused");
    acceptanceWindow.forEach(
        (offset, seen) -> {
          if (!seen.equals("refused")) {
            acceptedOffsets.add(offset);
          }
          if (!seen.equals("accepted")) {
            refusedOffsets.add(offset);
          }
        });
    window.put("inconclusiveObservations", inconclusiveWindowObservations);
    ArrayNode list = root.putArray("requirements");
    outcome
        .requirements()
        .values()
        .forEach(
            r -> {
              Requirement about = requirement(r.id());
              ObjectNode entry =
                  list.addObject()
                      .put("id", r.id())
                      .put("title", about.title())
                      .put("clause", clauses(about));
              // Each clause with its place in the report folder's copy of the contract.
              ArrayNode contract = entry.putArray("contract");
              about
                  .clauses()
                  .forEach(
                      c ->
                          contract
                              .addObject()
                              .put("clause", c)
                              .put("href", ContractDocuments.bundled().href(c).orElse(null)));
              entry
                  .put("group", about.group())
                  .put("required", about.required())
                  .put("status", r.verdict().name())
                  .put("passed", r.passed())
                  .put("failed", r.failed())
                  .put("waived", r.waived())
                  .put("skipped", r.skipped())
                  .put("reason", r.reason());
            });
    ObjectNode totals = root.putObject("totals");
    Map<String, RequirementOutcome> requirements = outcome.requirements();
    ObjectNode requirementTotals = totals.putObject("requirements");
    ObjectNode scenarioTotals = totals.putObject("scenarios");
    for (Verdict verdict : Verdict.values()) {
      String key = verdict.name().toLowerCase(java.util.Locale.ROOT);
      requirementTotals.put(key, countRequirements(requirements, verdict));
      scenarioTotals.put(key, outcome.count(verdict));
    }
    ArrayNode waiverList = root.putArray("waivers");
    waiverStates.forEach(
        c -> {
          ObjectNode w =
              waiverList
                  .addObject()
                  .put("requirement", c.waiver().requirement())
                  .put("scenario", c.waiver().scenario().orElse(null))
                  .put("reason", c.waiver().reason())
                  .put("state", c.state().name())
                  .put("stale", c.state().stale());
          ArrayNode names = w.putArray("scenarios");
          c.scenarios().forEach(names::add);
        });
    ArrayNode scenarioList = root.putArray("scenarios");
    outcome
        .scenarios()
        .forEach(
            s -> {
              ObjectNode node =
                  scenarioList
                      .addObject()
                      .put("name", s.name())
                      .put("location", s.location())
                      .put("status", s.verdict().name())
                      .put("requirements", String.join(",", s.requirementIds()))
                      .put("reason", s.reason().orElse(null));
              s.waiver().ifPresent(w -> node.put("waiver", w));
              s.evidence()
                  .ifPresent(
                      e -> {
                        ObjectNode evidence = node.putObject("evidence");
                        evidence.put("step", e.step());
                        evidence.put("contractWants", wants(s));
                        evidence.put("earlierExchanges", e.earlierExchanges());
                        ArrayNode exchanges = evidence.putArray("exchanges");
                        e.exchanges()
                            .forEach(
                                x -> {
                                  ObjectNode xn =
                                      exchanges
                                          .addObject()
                                          .put("transport", x.transport())
                                          .put("call", x.call())
                                          .put("status", x.status());
                                  ArrayNode headers = xn.putArray("headers");
                                  x.headers().forEach(headers::add);
                                  xn.put("request", x.request()).put("response", x.response());
                                });
                      });
            });
    root.set(Attestation.FIELD, Attestation.of(kitVersion, documents, waivers));
    try {
      // Redact first and seal what remains, so that the digest covers the bytes on disk.
      JsonNode redacted = MAPPER.readTree(Redaction.redact(MAPPER.writeValueAsString(root)));
      Attestation.seal((ObjectNode) redacted);
      return MAPPER.writeValueAsString(redacted);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }
}
