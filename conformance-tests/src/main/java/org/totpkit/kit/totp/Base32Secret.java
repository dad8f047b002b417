package org.totpkit.kit.totp;

import java.io.ByteArrayOutputStream;
import java.util.Locale;

/**
 * RFC 4648 Base32 decoding of a shared secret. The kit's own, so that the kit checks the server
 * rather than sharing its bugs.
 */
public final class Base32Secret {
  private static final String ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";

  private Base32Secret() {}

  /** True when {@code text} is upper-case Base32 without padding, as the contract issues it. */
  public static boolean isCanonical(String text) {
    return !text.isEmpty() && text.chars().allMatch(c -> ALPHABET.indexOf(c) >= 0);
  }

  /** Decodes Base32, upper or lower case, padding optional. */
  public static byte[] decode(String text) {
    String clean = text.trim().toUpperCase(Locale.ROOT);
    int end = clean.length();
    while (end > 0 && clean.charAt(end - 1) == '=') {
      end--;
    }
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    int buffer = 0;
    int bits = 0;
    for (int i = 0; i < end; i++) {
      int value = ALPHABET.indexOf(clean.charAt(i));
      if (value < 0) {
        throw new IllegalArgumentException("not Base32: character at index " + i);
      }
      buffer = (buffer << 5) | value;
      bits += 5;
      if (bits >= 8) {
        bits -= 8;
        bytes.write((buffer >> bits) & 0xFF);
      }
    }
    return bytes.toByteArray();
  }
}
