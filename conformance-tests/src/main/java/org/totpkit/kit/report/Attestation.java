package org.totpkit.kit.report;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * What a JSON report attests: the kit version, the SHA-256 of every document the kit checked
 * against and of the waiver file, and a digest over the report's own content. The digest shows that
 * a report is unaltered; it is not a signature (anyone with the kit can compute one), which
 * docs/conformance-kit.md says.
 */
public final class Attestation {
  public static final String FIELD = "attestation";
  static final String DIGEST = "reportSha256";
  private static final ObjectMapper JSON = new ObjectMapper();

  private Attestation() {}

  /** The attestation of a report, without its digest (that comes last, over everything). */
  static ObjectNode of(String kitVersion, Map<String, String> documents, Waivers waivers) {
    ObjectNode node = JSON.createObjectNode();
    node.put("kitVersion", kitVersion);
    node.put("algorithm", "SHA-256");
    ObjectNode docs = node.putObject("documents");
    documents.forEach(docs::put);
    if (waivers.file().isPresent()) {
      node.putObject("waiverFile")
          .put("path", waivers.file().get().getFileName().toString())
          .put("sha256", waivers.sha256());
    } else {
      node.putNull("waiverFile");
    }
    return node;
  }

  /** Puts the digest over the whole report into its attestation. */
  static void seal(ObjectNode report) {
    ObjectNode attestation = (ObjectNode) report.get(FIELD);
    attestation.remove(DIGEST);
    attestation.put(DIGEST, digest(report));
  }

  /** SHA-256 over the compact JSON of the report with the digest field left out. */
  static String digest(JsonNode report) {
    JsonNode copy = report.deepCopy();
    if (copy.path(FIELD) instanceof ObjectNode attestation) {
      attestation.remove(DIGEST);
    }
    return KitDocuments.sha256(copy.toString().getBytes(StandardCharsets.UTF_8));
  }

  /** What {@code --verify-report} found: nothing wrong, or each thing that is. */
  public record Verification(List<String> problems, List<String> notes) {
    public boolean verified() {
      return problems.isEmpty();
    }
  }

  /** A report file that cannot be read at all (a usage error, not a verdict). */
  public static final class UnreadableReportException extends RuntimeException {
    public UnreadableReportException(String message) {
      super(message);
    }
  }

  /**
   * Checks a report against this kit: its version, the documents on this kit's classpath, the
   * waiver file when one is given, and the report's own digest.
   */
  public static Verification verify(
      Path reportFile,
      String kitVersion,
      SortedMap<String, String> documents,
      Optional<Waivers> waivers) {
    String text;
    try {
      text = Files.readString(reportFile, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UnreadableReportException("cannot read report " + reportFile);
    }
    List<String> problems = new ArrayList<>();
    List<String> notes = new ArrayList<>();
    JsonNode report;
    try {
      report = JSON.readTree(text);
    } catch (IOException e) {
      return new Verification(List.of("it is not JSON, so not a report of this kit"), notes);
    }
    JsonNode attestation = report == null ? null : report.get(FIELD);
    if (attestation == null || !attestation.isObject()) {
      return new Verification(List.of("it carries no attestation"), notes);
    }
    if (!attestation.path(DIGEST).asText("").equals(digest(report))) {
      problems.add("its content was altered after the kit wrote it (the digest does not match)");
    }
    String theirVersion = attestation.path("kitVersion").asText("");
    if (!theirVersion.equals(kitVersion)) {
      problems.add(
          "it was produced by kit version " + theirVersion + ", this is kit version " + kitVersion);
    }
    SortedMap<String, String> theirs = new TreeMap<>();
    attestation
        .path("documents")
        .fields()
        .forEachRemaining(e -> theirs.put(e.getKey(), e.getValue().asText()));
    TreeSet<String> paths = new TreeSet<>(theirs.keySet());
    paths.addAll(documents.keySet());
    for (String path : paths) {
      String their = theirs.get(path);
      String ours = documents.get(path);
      if (their == null) {
        problems.add(path + " is in this kit but was not in that run");
      } else if (ours == null) {
        problems.add(path + " was in that run but is not in this kit");
      } else if (!their.equals(ours)) {
        problems.add(path + " differs from the one that run checked against");
      }
    }
    JsonNode waiverFile = attestation.path("waiverFile");
    if (waivers.isPresent() && waivers.get().file().isPresent()) {
      if (!waiverFile.isObject()) {
        problems.add("that run had no waiver file, but one was given to check");
      } else if (!waiverFile.path("sha256").asText("").equals(waivers.get().sha256())) {
        problems.add("the waiver file given is not the one that run used");
      } else {
        notes.add("the waiver file is the one that run used");
      }
    } else if (waiverFile.isObject()) {
      notes.add(
          "that run used waiver file "
              + waiverFile.path("path").asText()
              + " (pass --waivers FILE to check it is this one)");
    }
    return new Verification(problems, notes);
  }
}
