package org.totpkit.kit.report;

import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The secrets, tokens and codes seen during a run, and the one place that blanks them out of
 * anything the kit writes. The driver registers values as they cross the wire; every report and
 * failure message passes through {@link #redact}.
 */
public final class Redaction {
  public static final String MASK = "‹redacted›";

  /** Shorter values (a 5-character test input, "null") would blank ordinary words. */
  private static final int MIN_LENGTH = 6;

  private static final Set<String> SENSITIVE = ConcurrentHashMap.newKeySet();

  private Redaction() {}

  /** Remembers {@code value} as sensitive for the rest of the JVM's life. */
  public static void register(String value) {
    if (value != null) {
      String trimmed = value.strip();
      if (trimmed.length() >= MIN_LENGTH) {
        SENSITIVE.add(trimmed);
      }
    }
  }

  /** A copy of everything registered so far, for tests. */
  public static Set<String> registered() {
    return Set.copyOf(SENSITIVE);
  }

  public static String redact(String text) {
    if (text == null || text.isEmpty() || SENSITIVE.isEmpty()) {
      return text;
    }
    String result = text;
    // Longest first, so that a code inside a longer token does not leave the rest of it behind.
    List<String> values =
        SENSITIVE.stream().sorted(Comparator.comparingInt(String::length).reversed()).toList();
    for (String value : values) {
      if (!result.contains(value)) {
        continue;
      }
      if (value.chars().allMatch(c -> c >= '0' && c <= '9')) {
        // A numeric code only where it stands alone, not inside a timestamp or a registration id.
        result =
            result.replaceAll(
                "(?<![0-9A-Za-z])" + Pattern.quote(value) + "(?![0-9A-Za-z])",
                Matcher.quoteReplacement(MASK));
      } else {
        result = result.replace(value, MASK);
      }
    }
    return result;
  }
}
