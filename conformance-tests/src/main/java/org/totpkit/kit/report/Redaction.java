package org.totpkit.kit.report;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLongArray;

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

  /**
   * The registered values by the hash of their first {@link #MIN_LENGTH} characters, so that one
   * pass over a text with a rolling hash finds every value: the cost of {@link #redact} grows with
   * the text, not with the thousands of codes and tokens a long JVM (the fault proofs) registers.
   */
  private static final Map<Integer, Set<String>> BY_PREFIX = new ConcurrentHashMap<>();

  /**
   * A bit per hash (folded to {@link #FILTER_BITS} bits) of every registered value's first
   * characters: most positions of a text are passed over on one bit test, without a map look-up.
   */
  private static final int FILTER_BITS = 20;

  private static final AtomicLongArray FILTER = new AtomicLongArray(1 << (FILTER_BITS - 6));

  /** 31^MIN_LENGTH, to drop a character from the rolling hash (String.hashCode's polynomial). */
  private static final int DROP = (int) Math.pow(31, MIN_LENGTH - 1);

  private Redaction() {}

  /** Remembers {@code value} as sensitive for the rest of the JVM's life. */
  public static void register(String value) {
    if (value != null) {
      String trimmed = value.strip();
      if (trimmed.length() >= MIN_LENGTH && SENSITIVE.add(trimmed)) {
        int hash = trimmed.substring(0, MIN_LENGTH).hashCode();
        BY_PREFIX.computeIfAbsent(hash, h -> ConcurrentHashMap.newKeySet()).add(trimmed);
        int bit = fold(hash);
        FILTER.getAndAccumulate(bit >>> 6, 1L << (bit & 63), (a, b) -> a | b);
      }
    }
  }

  /** A copy of everything registered so far, for tests. */
  public static Set<String> registered() {
    return Set.copyOf(SENSITIVE);
  }

  /**
   * {@code text} with every registered value blanked: a value wherever it occurs, a numeric code
   * only where it stands alone (not inside a timestamp or a registration id), and overlapping or
   * nested values blanked together, so no part of a longer token is left behind.
   */
  public static String redact(String text) {
    if (text == null || text.length() < MIN_LENGTH || SENSITIVE.isEmpty()) {
      return text;
    }
    char[] chars = text.toCharArray();
    int length = chars.length;
    // Where a value starts and how far it reaches; numeric codes are decided after the others,
    // longest first, since a neighbour already blanked counts as a boundary (as when each value
    // was replaced in turn, longest first).
    int[] reach = new int[length];
    List<int[]> numeric = new ArrayList<>();
    int hash = 0;
    for (int i = 0; i < length; i++) {
      if (i >= MIN_LENGTH) {
        hash -= DROP * chars[i - MIN_LENGTH];
      }
      hash = 31 * hash + chars[i];
      if (i < MIN_LENGTH - 1) {
        continue;
      }
      int bit = fold(hash);
      if ((FILTER.get(bit >>> 6) & (1L << (bit & 63))) == 0) {
        continue;
      }
      Set<String> candidates = BY_PREFIX.get(hash);
      if (candidates == null) {
        continue;
      }
      int start = i - MIN_LENGTH + 1;
      for (String value : candidates) {
        if (text.startsWith(value, start)) {
          if (isDigits(value)) {
            numeric.add(new int[] {start, start + value.length()});
          } else {
            reach[start] = Math.max(reach[start], start + value.length());
          }
        }
      }
    }
    boolean[] blanked = covered(reach);
    numeric.sort(Comparator.comparingInt((int[] span) -> span[0] - span[1]));
    for (int[] span : numeric) {
      boolean alone =
          (span[0] == 0 || blanked[span[0] - 1] || !isWordChar(chars[span[0] - 1]))
              && (span[1] == length || blanked[span[1]] || !isWordChar(chars[span[1]]));
      if (alone) {
        for (int k = span[0]; k < span[1]; k++) {
          blanked[k] = true;
        }
      }
    }
    StringBuilder result = null;
    int copied = 0;
    for (int i = 0; i < length; i++) {
      if (blanked[i] && (i == 0 || !blanked[i - 1])) {
        if (result == null) {
          result = new StringBuilder(length);
        }
        result.append(text, copied, i).append(MASK);
        int end = i;
        while (end < length && blanked[end]) {
          end++;
        }
        copied = end;
        i = end - 1;
      }
    }
    if (result == null) {
      return text;
    }
    return result.append(text, copied, length).toString();
  }

  private static int fold(int hash) {
    return (hash ^ (hash >>> FILTER_BITS)) & ((1 << FILTER_BITS) - 1);
  }

  /** Which characters some value covers, from where each starts and how far it reaches. */
  private static boolean[] covered(int[] reach) {
    boolean[] blanked = new boolean[reach.length];
    int until = 0;
    for (int i = 0; i < reach.length; i++) {
      until = Math.max(until, reach[i]);
      blanked[i] = i < until;
    }
    return blanked;
  }

  private static boolean isDigits(String value) {
    return value.chars().allMatch(c -> c >= '0' && c <= '9');
  }

  private static boolean isWordChar(char c) {
    return (c >= '0' && c <= '9') || (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z');
  }
}
