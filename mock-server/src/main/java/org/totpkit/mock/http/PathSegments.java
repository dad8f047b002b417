package org.totpkit.mock.http;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;

/** The segments of a contract path, read in place: both dialects' REST routes read them alike. */
public final class PathSegments {
  private PathSegments() {}

  /** Whether {@code path}'s characters from {@code from} to {@code to} are exactly {@code name}. */
  public static boolean is(String path, int from, int to, String name) {
    return to - from == name.length() && path.startsWith(name, from);
  }

  /**
   * A segment's value, percent-decoded ({@code +} stays a plus); null when it is not valid
   * percent-encoding, which names no resource (answered as no route).
   */
  public static String decode(String segment) {
    if (segment.indexOf('%') < 0 && segment.indexOf('+') < 0) {
      return segment; // Nothing to decode: most ids.
    }
    try {
      return URLDecoder.decode(segment.replace("+", "%2B"), StandardCharsets.UTF_8);
    } catch (IllegalArgumentException malformed) {
      return null;
    }
  }
}
