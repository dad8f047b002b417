package org.totpkit.kit.report;

import java.util.List;
import java.util.Optional;

/**
 * One finished scenario, as the report needs it.
 *
 * @param reason why it failed or was skipped, already redacted
 */
public record ScenarioOutcome(
    String name, String location, List<String> tags, Verdict verdict, Optional<String> reason) {

  /** A scenario's or a requirement's result in the report. */
  public enum Verdict {
    PASSED,
    FAILED,
    SKIPPED
  }

  /** The requirement IDs the scenario carries ({@code @TOTP-CORE-01} → {@code TOTP-CORE-01}). */
  public List<String> requirementIds() {
    return tags.stream()
        .filter(tag -> tag.startsWith("@TOTP-"))
        .map(tag -> tag.substring(1))
        .toList();
  }
}
