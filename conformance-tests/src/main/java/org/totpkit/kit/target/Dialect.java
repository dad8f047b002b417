package org.totpkit.kit.target;

import java.util.Locale;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Which TOTP API the kit speaks to a target: the documented {@code v3alpha} resources API, or the
 * {@code v2} user service that ZITADEL deployments serve ({@code /v2/users/{userId}/totp…}). Each
 * dialect has its own scenarios: the v2 ones carry the feature tag {@value #V2_TAG}, and a run
 * selects only its dialect's.
 */
public enum Dialect {
  V3ALPHA("v3alpha"),
  V2("v2");

  /** The tag every v2 feature carries; v3alpha's scenarios are the ones without it. */
  public static final String V2_TAG = "@v2";

  private final String key;

  Dialect(String key) {
    this.key = key;
  }

  /** The name in target.properties and on the command line. */
  public String key() {
    return key;
  }

  /** {@code v3alpha} or {@code v2}, in any case. */
  public static Optional<Dialect> named(String text) {
    String wanted = text.trim().toLowerCase(Locale.ROOT);
    return Stream.of(values()).filter(d -> d.key.equals(wanted)).findFirst();
  }

  /** For messages: "v3alpha or v2". */
  public static String choices() {
    return V3ALPHA.key + " or " + V2.key;
  }

  /** The Cucumber tag expression that selects this dialect's scenarios. */
  public String scenarios() {
    return this == V2 ? V2_TAG : "not " + V2_TAG;
  }

  /**
   * This dialect's scenarios among those {@code tags} selects (a Cucumber tag expression, or empty
   * for all).
   */
  public String scenarios(Optional<String> tags) {
    return tags.filter(t -> !t.isBlank())
        .map(t -> "(" + scenarios() + ") and (" + t + ")")
        .orElse(scenarios());
  }

  /** Why a scenario with these tags is not this dialect's, or empty when it is. */
  public Optional<String> cannotShow(java.util.Collection<String> tags) {
    boolean v2Scenario = tags.contains(V2_TAG);
    if (v2Scenario == (this == V2)) {
      return Optional.empty();
    }
    return Optional.of(
        "not applicable: a "
            + (v2Scenario ? "v2" : "v3alpha")
            + " scenario, the kit speaks "
            + key);
  }

  @Override
  public String toString() {
    return key;
  }
}
