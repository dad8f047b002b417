package org.totpkit.kit.report;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The requirement catalogue, {@code features/requirements.yaml}: what each requirement ID means
 * (title, group, whether a pass needs it, the contract clauses it checks) and every clause of the
 * contract with the requirements that cover it.
 */
public final class RequirementCatalogue {
  /** Where the catalogue is on the kit's class path (the jar carries features/). */
  public static final String RESOURCE = "features/requirements.yaml";

  /** One requirement ID. */
  public record Requirement(
      String id, String title, String group, boolean required, List<String> clauses) {
    public Requirement {
      clauses = List.copyOf(clauses);
    }
  }

  /**
   * One clause of the contract in {@code contract/}, named by its anchor.
   *
   * @param clause its anchor, e.g. {@code v3alpha-row-8} ({@code <a id="v3alpha-row-8">} in
   *     contract/v3alpha.md)
   * @param says what it says, in a line
   * @param outOfScope why no requirement of the kit checks it, when none does on purpose
   * @param pending who adds its requirements, when another branch does
   * @param provedBy the deliberate faults (constants of the test fixtures' {@code Fault}, or of a
   *     proof test's own wire-level faults) whose servers break this clause and which a proof test
   *     shows the kit failing for a requirement that checks it
   * @param unproven why no fault can prove it (not observable from outside, destructive, or test
   *     equipment), when none can
   * @param pendingProof why its proving fault is not there yet, while one is being written
   */
  public record Clause(
      String clause,
      String says,
      Optional<String> outOfScope,
      Optional<String> pending,
      List<String> provedBy,
      Optional<String> unproven,
      Optional<String> pendingProof) {
    public Clause {
      provedBy = List.copyOf(provedBy);
    }

    /** A clause the kit's requirements are meant to check (not out of its scope). */
    public boolean inScope() {
      return outOfScope.isEmpty();
    }
  }

  private record File(List<ClauseEntry> clauses, List<RequirementEntry> requirements) {}

  private record ClauseEntry(
      @JsonProperty(required = true) String clause,
      @JsonProperty(required = true) String says,
      String outOfScope,
      String pending,
      // The convention of issue 19: the faults that prove the clause, or why none can.
      List<String> provedBy,
      String unproven,
      String pendingProof) {}

  private record RequirementEntry(
      @JsonProperty(required = true) String id,
      @JsonProperty(required = true) String title,
      @JsonProperty(required = true) String group,
      @JsonProperty(required = true) Boolean required,
      @JsonProperty(required = true) List<String> clauses) {}

  private static final ObjectMapper YAML =
      new ObjectMapper(new YAMLFactory())
          // A misspelt key or a missing required one is an error, not a silent gap.
          .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

  private final Map<String, Requirement> requirements;
  private final List<Clause> clauses;

  private RequirementCatalogue(Map<String, Requirement> requirements, List<Clause> clauses) {
    this.requirements = requirements;
    this.clauses = clauses;
  }

  /** The catalogue the kit carries. */
  public static RequirementCatalogue load() {
    try (InputStream in =
        RequirementCatalogue.class.getClassLoader().getResourceAsStream(RESOURCE)) {
      if (in == null) {
        throw new IllegalStateException(RESOURCE + " is not on the class path");
      }
      return parse(YAML.readValue(in, File.class));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + RESOURCE, e);
    }
  }

  /** A catalogue file, e.g. {@code ../features/requirements.yaml} in the kit's own tests. */
  public static RequirementCatalogue load(Path file) throws IOException {
    try (InputStream in = Files.newInputStream(file)) {
      return parse(YAML.readValue(in, File.class));
    }
  }

  private static RequirementCatalogue parse(File file) {
    Map<String, Requirement> requirements = new LinkedHashMap<>();
    for (RequirementEntry e : file.requirements()) {
      Requirement previous =
          requirements.put(
              e.id(), new Requirement(e.id(), e.title(), e.group(), e.required(), e.clauses()));
      if (previous != null) {
        throw new IllegalStateException(e.id() + " is in the catalogue twice");
      }
    }
    List<Clause> clauses =
        file.clauses().stream()
            .map(
                c ->
                    new Clause(
                        c.clause(),
                        c.says(),
                        Optional.ofNullable(c.outOfScope()),
                        Optional.ofNullable(c.pending()),
                        c.provedBy() == null ? List.of() : c.provedBy(),
                        Optional.ofNullable(c.unproven()),
                        Optional.ofNullable(c.pendingProof())))
            .toList();
    return new RequirementCatalogue(java.util.Collections.unmodifiableMap(requirements), clauses);
  }

  /** Every requirement, in the catalogue's order. */
  public Map<String, Requirement> requirements() {
    return requirements;
  }

  public Optional<Requirement> requirement(String id) {
    return Optional.ofNullable(requirements.get(id));
  }

  /** The one-line title of a requirement, or the ID itself for one the catalogue lacks. */
  public String title(String id) {
    return requirement(id).map(Requirement::title).orElse(id);
  }

  /** Every clause of the contract, in the documents' order. */
  public List<Clause> clauses() {
    return clauses;
  }

  /** The requirements that check {@code clause}, in the catalogue's order. */
  public List<String> requirementsOf(String clause) {
    return requirements.values().stream()
        .filter(r -> r.clauses().contains(clause))
        .map(Requirement::id)
        .toList();
  }
}
