package org.totpkit.mock.totp;

import java.util.Locale;

/** RFC 4648 Base32: encodes upper case without padding; decodes either case, padding optional. */
public final class Base32 {
  private static final String ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";

  private Base32() {}

  public static String encode(byte[] data) {
    StringBuilder out = new StringBuilder((data.length * 8 + 4) / 5);
    int buffer = 0;
    int bits = 0;
    for (byte b : data) {
      buffer = (buffer << 8) | (b & 0xff);
      bits += 8;
      while (bits >= 5) {
        out.append(ALPHABET.charAt((buffer >>> (bits - 5)) & 31));
        bits -= 5;
      }
    }
    if (bits > 0) {
      out.append(ALPHABET.charAt((buffer << (5 - bits)) & 31));
    }
    return out.toString();
  }

  /**
   * Decodes Base32 text.
   *
   * @throws IllegalArgumentException for an empty text, a character outside the alphabet, or a
   *     length no encoder produces
   */
  public static byte[] decode(String text) {
    String body = stripPadding(text.toUpperCase(Locale.ROOT));
    if (body.isEmpty()) {
      throw new IllegalArgumentException("secret must not be empty");
    }
    int remainder = body.length() % 8;
    if (remainder == 1 || remainder == 3 || remainder == 6) {
      throw new IllegalArgumentException("secret has a length that is not valid Base32");
    }
    byte[] out = new byte[body.length() * 5 / 8];
    int buffer = 0;
    int bits = 0;
    int index = 0;
    for (int i = 0; i < body.length(); i++) {
      int value = ALPHABET.indexOf(body.charAt(i));
      if (value < 0) {
        throw new IllegalArgumentException("secret is not Base32 (RFC 4648 alphabet A-Z, 2-7)");
      }
      buffer = (buffer << 5) | value;
      bits += 5;
      if (bits >= 8) {
        out[index++] = (byte) (buffer >>> (bits - 8));
        bits -= 8;
      }
    }
    return out;
  }

  private static String stripPadding(String text) {
    int end = text.length();
    while (end > 0 && text.charAt(end - 1) == '=') {
      end--;
    }
    if (end > 0 && text.length() - end > 6) {
      throw new IllegalArgumentException("secret has too much padding");
    }
    return text.substring(0, end);
  }
}
