package org.totpkit.mock.e2e;

import java.nio.ByteBuffer;
import java.security.GeneralSecurityException;
import java.util.Locale;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * A TOTP generator written apart from the server's (JCE {@link Mac}, not Bouncy Castle), so that a
 * mistake shared by both cannot hide.
 */
final class JceTotp {
  private JceTotp() {}

  static String code(
      String base32Secret, String algorithm, int digits, int period, long epochSeconds) {
    try {
      Mac mac = Mac.getInstance("Hmac" + algorithm.toUpperCase(Locale.ROOT));
      mac.init(new SecretKeySpec(base32(base32Secret), "RAW"));
      byte[] hash =
          mac.doFinal(ByteBuffer.allocate(8).putLong(Math.floorDiv(epochSeconds, period)).array());
      int offset = hash[hash.length - 1] & 0xf;
      int binary = ByteBuffer.wrap(hash, offset, 4).getInt() & 0x7fffffff;
      long modulus = (long) Math.pow(10, digits);
      return String.format("%0" + digits + "d", binary % modulus);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  private static byte[] base32(String text) {
    String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
    ByteBuffer out = ByteBuffer.allocate(text.length() * 5 / 8);
    long buffer = 0;
    int bits = 0;
    for (char c : text.toUpperCase(Locale.ROOT).toCharArray()) {
      if (c == '=') {
        break;
      }
      buffer = (buffer << 5) | alphabet.indexOf(c);
      bits += 5;
      if (bits >= 8) {
        out.put((byte) (buffer >> (bits - 8)));
        bits -= 8;
      }
    }
    return out.array();
  }
}
