package org.totpkit.mock.totp;

import org.bouncycastle.crypto.macs.HMac;
import org.bouncycastle.crypto.params.KeyParameter;

/** RFC 4226 HOTP: the HMAC of a counter, dynamically truncated to 6..9 decimal digits. */
public final class OneTimePassword {
  public static final int MIN_DIGITS = 6;
  // 31 bits of truncation hold at most 9 full decimal digits.
  public static final int MAX_DIGITS = 9;

  private static final int[] POWERS_OF_TEN = {
    1, 10, 100, 1_000, 10_000, 100_000, 1_000_000, 10_000_000, 100_000_000, 1_000_000_000
  };

  private OneTimePassword() {}

  /** The code for one counter value, zero-padded to {@code digits} characters. */
  public static String code(HashAlgorithm algorithm, byte[] key, long counter, int digits) {
    return keyed(algorithm, key).code(counter, digits);
  }

  /**
   * One key's HMAC, set up once for several counters: a verify computes the codes of its whole skew
   * window with one key schedule (RFC 2104's inner and outer pads), not one per step.
   */
  public static Keyed keyed(HashAlgorithm algorithm, byte[] key) {
    HMac mac = new HMac(algorithm.newDigest());
    mac.init(new KeyParameter(key));
    return new Keyed(mac);
  }

  /** An HMAC keyed once; not thread-safe, meant for the counters of one request. */
  public static final class Keyed {
    private final HMac mac;
    private final byte[] message = new byte[8];
    private final byte[] out;

    private Keyed(HMac mac) {
      this.mac = mac;
      this.out = new byte[mac.getMacSize()];
    }

    /** The truncated value of one counter, below 10^digits (the code without its zero padding). */
    public int value(long counter, int digits) {
      if (digits < MIN_DIGITS || digits > MAX_DIGITS) {
        throw new IllegalArgumentException("digits must be between 6 and 9");
      }
      for (int i = 7; i >= 0; i--) {
        message[i] = (byte) counter;
        counter >>>= 8;
      }
      // doFinal leaves the HMAC as init left it, ready for the next counter with the same key.
      mac.update(message, 0, message.length);
      mac.doFinal(out, 0);
      return truncate(out) % POWERS_OF_TEN[digits];
    }

    /** The code of one counter, zero-padded to {@code digits} characters. */
    public String code(long counter, int digits) {
      String text = Integer.toString(value(counter, digits));
      return "0".repeat(digits - text.length()) + text;
    }
  }

  private static int truncate(byte[] hash) {
    int offset = hash[hash.length - 1] & 0x0f;
    return ((hash[offset] & 0x7f) << 24)
        | ((hash[offset + 1] & 0xff) << 16)
        | ((hash[offset + 2] & 0xff) << 8)
        | (hash[offset + 3] & 0xff);
  }
}
