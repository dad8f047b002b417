package org.totpkit.mock.testing;

import java.nio.ByteBuffer;
import java.security.GeneralSecurityException;
import java.util.Locale;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * RFC 4226/6238 codes from the JDK's own {@code javax.crypto.Mac}, written apart from the server's
 * Bouncy Castle implementation so that the two check each other. Base32 is decoded here too.
 */
public final class JceTotp {
  private static final String BASE32_ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";

  private JceTotp() {}

  /** The HOTP value of {@code counter}, zero-padded to {@code digits}. */
  public static String hotp(String algorithm, byte[] key, long counter, int digits) {
    byte[] hash;
    try {
      Mac mac = Mac.getInstance("Hmac" + algorithm.toUpperCase(Locale.ROOT));
      mac.init(new SecretKeySpec(key, "RAW"));
      hash = mac.doFinal(ByteBuffer.allocate(Long.BYTES).putLong(counter).array());
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
    int offset = hash[hash.length - 1] & 0x0f;
    long truncated =
        ((hash[offset] & 0x7fL) << 24)
            | ((hash[offset + 1] & 0xffL) << 16)
            | ((hash[offset + 2] & 0xffL) << 8)
            | (hash[offset + 3] & 0xffL);
    long modulus = (long) Math.pow(10, digits);
    return String.format(Locale.ROOT, "%0" + digits + "d", truncated % modulus);
  }

  /**
   * The TOTP code (T0 = 0) of the step {@code stepOffset} away from the one holding {@code
   * epochSeconds}.
   */
  public static String totp(
      String algorithm, byte[] key, long epochSeconds, int period, int digits, int stepOffset) {
    return hotp(algorithm, key, Math.floorDiv(epochSeconds, period) + stepOffset, digits);
  }

  /** The default registration's code (SHA1, 6 digits, 30 s) at {@code epochSeconds}. */
  public static String totp(String base32Secret, long epochSeconds) {
    return totp("SHA1", base32(base32Secret), epochSeconds, 30, 6, 0);
  }

  /** RFC 4648 Base32, upper case, padding optional. */
  public static byte[] base32(String text) {
    String body = text.replace("=", "");
    ByteBuffer out = ByteBuffer.allocate(body.length() * 5 / 8);
    long buffer = 0;
    int bits = 0;
    for (char c : body.toCharArray()) {
      int value = BASE32_ALPHABET.indexOf(c);
      if (value < 0) {
        throw new IllegalArgumentException("not Base32: " + c);
      }
      buffer = (buffer << 5) | value;
      bits += 5;
      if (bits >= 8) {
        out.put((byte) (buffer >>> (bits - 8)));
        bits -= 8;
      }
    }
    return out.array();
  }
}
