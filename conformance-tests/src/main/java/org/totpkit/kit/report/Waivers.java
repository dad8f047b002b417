package org.totpkit.kit.report;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.totpkit.kit.report.ScenarioOutcome.Verdict;

/**
 * The vendor's accepted deviations (contract/README.md#kit-waivers, the OpenID Foundation's way):
 * each names a requirement, optionally one of its scenarios, and a reason. A waived failure does
 * not fail the run; a waiver that names no failing scenario is stale and does.
 *
 * @param file where the list came from, if anywhere
 * @param sha256 the file's SHA-256, or empty without a file
 */
public record Waivers(Optional<Path> file, String sha256, List<Waiver> list) {
  public static final String PROPERTY = "totp.waivers";

  public Waivers {
    list = List.copyOf(list);
  }

  /** One entry of the waiver file. */
  public record Waiver(String requirement, Optional<String> scenario, String reason) {
    /** How the report names it: the requirement, and the scenario when there is one. */
    public String label() {
      return requirement + scenario.map(s -> " \"" + s + "\"").orElse("");
    }

    boolean covers(ScenarioOutcome outcome) {
      return outcome.requirementIds().contains(requirement)
          && scenario.map(s -> FeatureIndex.sameScenario(s, outcome.name())).orElse(true);
    }

    boolean namesSomething(FeatureIndex features) {
      return features.hasRequirement(requirement)
          && scenario
              .map(
                  s ->
                      features.scenarios(requirement).stream()
                          .anyMatch(
                              t ->
                                  FeatureIndex.sameScenario(t, s)
                                      || FeatureIndex.sameScenario(s, t)))
              .orElse(true);
    }
  }

  /** What became of one waiver in a run. */
  public enum State {
    /** It accepted at least one failure. */
    APPLIED,
    /** Its scenarios ran and passed: the deviation is gone, so the waiver must go too. */
    STALE_PASSING,
    /** It names no requirement or scenario of this kit. */
    STALE_UNKNOWN,
    /** None of its scenarios ran here (not selected, or skipped on this target). */
    NOT_RUN;

    public boolean stale() {
      return this == STALE_PASSING || this == STALE_UNKNOWN;
    }

    public String describe() {
      return switch (this) {
        case APPLIED -> "applied";
        case STALE_PASSING -> "STALE: its scenarios pass now; remove the waiver";
        case STALE_UNKNOWN -> "STALE: names no requirement or scenario of this kit";
        case NOT_RUN -> "not checked: none of its scenarios ran in this run";
      };
    }
  }

  /** One waiver and what it did. */
  public record Checked(Waiver waiver, State state, List<String> scenarios) {
    public Checked {
      scenarios = List.copyOf(scenarios);
    }
  }

  /** A run's outcome with the waivers applied, and each waiver's state. */
  public record Applied(RunOutcome outcome, List<Checked> waivers) {
    public Applied {
      waivers = List.copyOf(waivers);
    }

    public List<Checked> stale() {
      return waivers.stream().filter(c -> c.state().stale()).toList();
    }
  }

  /** A waiver file that cannot be used; the message is one line saying what to fix. */
  public static final class WaiverFileException extends RuntimeException {
    public WaiverFileException(String message) {
      super(message);
    }
  }

  /**
   * A relative {@code -Dtotp.waivers} path is tried from the working directory, then from the
   * project root (Maven runs the module from its own folder).
   */
  public static Path resolve(String file) {
    Path path = Path.of(file);
    String base = System.getProperty("totp.target.base", "").trim();
    if (!path.isAbsolute() && !Files.exists(path) && !base.isEmpty()) {
      Path fromBase = Path.of(base).resolve(path);
      if (Files.exists(fromBase)) {
        return fromBase;
      }
    }
    return path;
  }

  public static Waivers none() {
    return new Waivers(Optional.empty(), "", List.of());
  }

  public boolean isEmpty() {
    return list.isEmpty() && file.isEmpty();
  }

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Set<String> FIELDS = Set.of("requirement", "scenario", "reason");

  /** Reads a waiver file in the format of docs/conformance-kit.md. */
  public static Waivers load(Path file) {
    byte[] bytes;
    try {
      bytes = Files.readAllBytes(file);
    } catch (IOException e) {
      throw new WaiverFileException("cannot read waiver file " + file);
    }
    JsonNode root;
    try {
      root = JSON.readTree(bytes);
    } catch (JsonProcessingException e) {
      throw new WaiverFileException(
          "waiver file "
              + file
              + " is not JSON (line "
              + e.getLocation().getLineNr()
              + "); docs/conformance-kit.md shows its format");
    } catch (IOException e) {
      throw new WaiverFileException("cannot read waiver file " + file);
    }
    if (root == null || !root.path("waivers").isArray()) {
      throw new WaiverFileException(
          "waiver file "
              + file
              + " needs {\"waivers\": [...]} at the top (docs/conformance-kit.md)");
    }
    List<Waiver> waivers = new ArrayList<>();
    int index = 0;
    for (JsonNode entry : root.get("waivers")) {
      index++;
      String where = "waiver file " + file + ", waiver " + index;
      if (!entry.isObject()) {
        throw new WaiverFileException(where + " is not an object");
      }
      for (Iterator<String> names = entry.fieldNames(); names.hasNext(); ) {
        String name = names.next();
        if (!FIELDS.contains(name)) {
          throw new WaiverFileException(
              where + " has an unknown field \"" + name + "\" (requirement, scenario, reason)");
        }
      }
      String requirement = text(entry, "requirement", where, true).orElseThrow();
      Optional<String> scenario = text(entry, "scenario", where, false);
      String reason = text(entry, "reason", where, true).orElseThrow();
      waivers.add(new Waiver(requirement, scenario, reason));
    }
    return new Waivers(Optional.of(file), KitDocuments.sha256(bytes), waivers);
  }

  private static Optional<String> text(JsonNode entry, String field, String where, boolean needed) {
    JsonNode value = entry.get(field);
    if (value == null || value.isNull()) {
      if (needed) {
        throw new WaiverFileException(where + " needs a \"" + field + "\"");
      }
      return Optional.empty();
    }
    if (!value.isTextual() || value.asText().isBlank()) {
      throw new WaiverFileException(where + ": \"" + field + "\" must be a non-empty string");
    }
    return Optional.of(value.asText().strip());
  }

  /** Applies the waivers to a run: waived failures become WAIVED; each waiver gets its state. */
  public Applied apply(RunOutcome outcome, FeatureIndex features) {
    List<ScenarioOutcome> scenarios = new ArrayList<>();
    for (ScenarioOutcome scenario : outcome.scenarios()) {
      Optional<Waiver> waiver =
          scenario.verdict() == Verdict.FAILED
              ? list.stream().filter(w -> w.covers(scenario)).findFirst()
              : Optional.empty();
      scenarios.add(waiver.map(w -> scenario.waivedBy(w.reason())).orElse(scenario));
    }
    List<Checked> checked = new ArrayList<>();
    for (Waiver waiver : list) {
      List<ScenarioOutcome> covered = outcome.scenarios().stream().filter(waiver::covers).toList();
      List<String> names = covered.stream().map(ScenarioOutcome::name).distinct().toList();
      State state;
      if (covered.stream().anyMatch(s -> s.verdict() == Verdict.FAILED)) {
        state = State.APPLIED;
        names =
            covered.stream()
                .filter(s -> s.verdict() == Verdict.FAILED)
                .map(ScenarioOutcome::name)
                .distinct()
                .toList();
      } else if (!waiver.namesSomething(features)) {
        state = State.STALE_UNKNOWN;
      } else if (covered.stream().anyMatch(s -> s.verdict() == Verdict.PASSED)) {
        state = State.STALE_PASSING;
      } else {
        state = State.NOT_RUN;
      }
      checked.add(new Checked(waiver, state, names));
    }
    return new Applied(new RunOutcome(scenarios), checked);
  }
}
