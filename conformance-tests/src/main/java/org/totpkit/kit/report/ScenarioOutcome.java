package org.totpkit.kit.report;

import java.util.List;
import java.util.Optional;

/**
 * One finished scenario, as the report needs it.
 *
 * @param reason why it failed or was skipped, already redacted
 * @param evidence for a scenario that did not pass: the step where it ended and its exchanges
 * @param waiver for a WAIVED scenario: the waiver's reason
 */
public record ScenarioOutcome(
    String name,
    String location,
    List<String> tags,
    Verdict verdict,
    Optional<String> reason,
    Optional<Evidence> evidence,
    Optional<String> waiver) {

  public ScenarioOutcome(
      String name, String location, List<String> tags, Verdict verdict, Optional<String> reason) {
    this(name, location, tags, verdict, reason, Optional.empty(), Optional.empty());
  }

  /** A scenario's or a requirement's result in the report. */
  public enum Verdict {
    PASSED,
    FAILED,
    /** Failed, and a waiver accepts the failure: it does not fail the run. */
    WAIVED,
    SKIPPED
  }

  /**
   * Why a scenario did not pass, for the reader of the report.
   *
   * @param step the step where it ended, with its feature line ({@code When the user … (line 12)})
   * @param exchanges the last exchanges before it ended, redacted
   * @param earlierExchanges how many exchanges before those were left out
   */
  public record Evidence(String step, List<Transcript.Exchange> exchanges, int earlierExchanges) {
    public Evidence {
      exchanges = List.copyOf(exchanges);
    }
  }

  /** The same failure, accepted by a waiver. */
  public ScenarioOutcome waivedBy(String waiverReason) {
    return new ScenarioOutcome(
        name, location, tags, Verdict.WAIVED, reason, evidence, Optional.of(waiverReason));
  }

  /** The requirement IDs the scenario carries ({@code @TOTP-CORE-01} → {@code TOTP-CORE-01}). */
  public List<String> requirementIds() {
    return tags.stream()
        .filter(tag -> tag.startsWith("@TOTP-"))
        .map(tag -> tag.substring(1))
        .toList();
  }
}
