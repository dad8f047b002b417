package org.totpkit.kit.report;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import java.util.SortedMap;
import java.util.stream.Collectors;
import org.totpkit.kit.report.RunOutcome.RequirementOutcome;
import org.totpkit.kit.report.ScenarioOutcome.Verdict;
import org.totpkit.kit.target.Target;

/**
 * The certification report: conformance-report.md for people, conformance-report.json for tools.
 */
public record ConformanceReport(
    Target target,
    String kitVersion,
    String featuresSha256,
    Instant startedAt,
    Instant finishedAt,
    RunOutcome outcome,
    SortedMap<Integer, String> acceptanceWindow,
    int inconclusiveWindowObservations) {

  public static final String MARKDOWN = "conformance-report.md";
  public static final String JSON = "conformance-report.json";

  public Verdict verdict() {
    return outcome.count(Verdict.FAILED) > 0
        ? Verdict.FAILED
        : outcome.count(Verdict.PASSED) > 0 ? Verdict.PASSED : Verdict.SKIPPED;
  }

  public void writeTo(Path directory) throws IOException {
    Files.createDirectories(directory);
    Files.writeString(
        directory.resolve(MARKDOWN), Redaction.redact(markdown()), StandardCharsets.UTF_8);
    Files.writeString(directory.resolve(JSON), Redaction.redact(json()), StandardCharsets.UTF_8);
  }

  String markdown() {
    Map<String, RequirementOutcome> requirements = outcome.requirements();
    StringBuilder md = new StringBuilder();
    md.append("# TOTP registration conformance report\n\n");
    md.append("| | |\n|---|---|\n");
    md.append("| verdict | **").append(verdict()).append("** |\n");
    md.append("| target | ")
        .append(target.baseUrl())
        .append(" (")
        .append(target.description())
        .append(") |\n");
    md.append("| transport | ")
        .append(target.transport())
        .append(" at ")
        .append(target.endpoint())
        .append(" |\n");
    md.append("| test hooks | ").append(target.hooksUrl().orElse("none")).append(" |\n");
    md.append("| kit version | ").append(kitVersion).append(" |\n");
    md.append("| features and .proto SHA-256 | `").append(featuresSha256).append("` |\n");
    md.append("| started | ").append(startedAt).append(" |\n");
    md.append("| finished | ").append(finishedAt).append(" |\n\n");
    md.append("## Totals\n\n");
    md.append("| | passed | failed | skipped |\n|---|---|---|---|\n");
    md.append("| requirements | ")
        .append(countRequirements(requirements, Verdict.PASSED))
        .append(" | ")
        .append(countRequirements(requirements, Verdict.FAILED))
        .append(" | ")
        .append(countRequirements(requirements, Verdict.SKIPPED))
        .append(" |\n");
    md.append("| scenarios | ")
        .append(outcome.count(Verdict.PASSED))
        .append(" | ")
        .append(outcome.count(Verdict.FAILED))
        .append(" | ")
        .append(outcome.count(Verdict.SKIPPED))
        .append(" |\n\n");
    md.append("## Measured acceptance window\n\n");
    if (acceptanceWindow.isEmpty()) {
      md.append("No conclusive observation (no skew scenario ran).\n\n");
    } else {
      md.append(
          "Step offsets from the server's step, as observed (skew 1 wants -1, 0 and +1 accepted):\n\n");
      md.append("| offset | observed |\n|---|---|\n");
      acceptanceWindow.forEach(
          (offset, seen) ->
              md.append("| ")
                  .append(String.format("%+d", offset))
                  .append(" | ")
                  .append(seen)
                  .append(" |\n"));
      md.append("\nAccepted offsets: ")
          .append(accepted())
          .append(". Black-box observations too close to a step ")
          .append("boundary to know their offset: ")
          .append(inconclusiveWindowObservations)
          .append(".\n\n");
    }
    md.append("## Requirements\n\n");
    md.append(
        "| requirement | result | scenarios passed / failed / skipped | reason |\n|---|---|---|---|\n");
    requirements
        .values()
        .forEach(
            r ->
                md.append("| ")
                    .append(r.id())
                    .append(" | ")
                    .append(r.verdict())
                    .append(" | ")
                    .append(r.passed())
                    .append(" / ")
                    .append(r.failed())
                    .append(" / ")
                    .append(r.skipped())
                    .append(" | ")
                    .append(r.reason().replace("|", "\\|").replace("\n", " "))
                    .append(" |\n"));
    return md.toString();
  }

  private String accepted() {
    String list =
        acceptanceWindow.entrySet().stream()
            .filter(e -> e.getValue().equals("accepted"))
            .map(e -> String.format("%+d", e.getKey()))
            .collect(Collectors.joining(", "));
    return list.isEmpty() ? "none" : list;
  }

  private static long countRequirements(
      Map<String, RequirementOutcome> requirements, Verdict verdict) {
    return requirements.values().stream().filter(r -> r.verdict() == verdict).count();
  }

  String json() {
    ObjectMapper mapper = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    ObjectNode root = mapper.createObjectNode();
    root.put("verdict", verdict().name());
    ObjectNode targetNode = root.putObject("target");
    targetNode.put("baseUrl", target.baseUrl());
    targetNode.put("hooksUrl", target.hooksUrl().orElse(null));
    targetNode.put("transport", target.transport().key());
    targetNode.put("endpoint", target.endpoint());
    targetNode.put("description", target.description());
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
            r ->
                list.addObject()
                    .put("id", r.id())
                    .put("status", r.verdict().name())
                    .put("passed", r.passed())
                    .put("failed", r.failed())
                    .put("skipped", r.skipped())
                    .put("reason", r.reason()));
    ObjectNode totals = root.putObject("totals");
    Map<String, RequirementOutcome> requirements = outcome.requirements();
    totals
        .putObject("requirements")
        .put("passed", countRequirements(requirements, Verdict.PASSED))
        .put("failed", countRequirements(requirements, Verdict.FAILED))
        .put("skipped", countRequirements(requirements, Verdict.SKIPPED));
    totals
        .putObject("scenarios")
        .put("passed", outcome.count(Verdict.PASSED))
        .put("failed", outcome.count(Verdict.FAILED))
        .put("skipped", outcome.count(Verdict.SKIPPED));
    ArrayNode scenarioList = root.putArray("scenarios");
    outcome
        .scenarios()
        .forEach(
            s ->
                scenarioList
                    .addObject()
                    .put("name", s.name())
                    .put("location", s.location())
                    .put("status", s.verdict().name())
                    .put("requirements", String.join(",", s.requirementIds()))
                    .put("reason", s.reason().orElse(null)));
    try {
      return mapper.writeValueAsString(root);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }
}
