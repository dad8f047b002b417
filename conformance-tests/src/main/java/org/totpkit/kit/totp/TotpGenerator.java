package org.totpkit.kit.totp;

import java.nio.ByteBuffer;
import java.security.GeneralSecurityException;
import java.time.Instant;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * RFC 6238 codes computed with the JCE {@link Mac}: independent of the reference server's Bouncy
 * Castle verifier, so a shared bug cannot hide.
 */
public final class TotpGenerator {
  public static final int DEFAULT_DIGITS = 6;
  public static final int DEFAULT_PERIOD_SECONDS = 30;
  private static final int MAX_DIGITS = 9;

  private final byte[] key;
  private final MacAlgorithm algorithm;
  private final int digits;
  private final int periodSeconds;

  public TotpGenerator(byte[] key, MacAlgorithm algorithm, int digits, int periodSeconds) {
    if (digits < 1 || digits > MAX_DIGITS) {
      throw new IllegalArgumentException("digits must be 1.." + MAX_DIGITS);
    }
    if (periodSeconds < 1) {
      throw new IllegalArgumentException("period must be at least one second");
    }
    this.key = key.clone();
    this.algorithm = algorithm;
    this.digits = digits;
    this.periodSeconds = periodSeconds;
  }

  /** A generator for a Base32 secret as a start response or a Key URI carries it. */
  public static TotpGenerator forSecret(
      String base32, MacAlgorithm algorithm, int digits, int periodSeconds) {
    return new TotpGenerator(Base32Secret.decode(base32), algorithm, digits, periodSeconds);
  }

  public int digits() {
    return digits;
  }

  public int periodSeconds() {
    return periodSeconds;
  }

  /** The step holding at {@code instant}: floor(seconds since T0 / period), T0 = 0. */
  public long stepAt(Instant instant) {
    return Math.floorDiv(instant.getEpochSecond(), periodSeconds);
  }

  /** The code of the step holding at {@code instant}. */
  public String codeAt(Instant instant) {
    return codeOfStep(stepAt(instant));
  }

  /** The RFC 4226 HOTP value of counter {@code step}, zero-padded to {@code digits}. */
  public String codeOfStep(long step) {
    byte[] hash = mac(ByteBuffer.allocate(Long.BYTES).putLong(step).array());
    int offset = hash[hash.length - 1] & 0x0F;
    int truncated =
        ((hash[offset] & 0x7F) << 24)
            | ((hash[offset + 1] & 0xFF) << 16)
            | ((hash[offset + 2] & 0xFF) << 8)
            | (hash[offset + 3] & 0xFF);
    int code = truncated % powerOfTen(digits);
    StringBuilder text = new StringBuilder(Integer.toString(code));
    while (text.length() < digits) {
      text.insert(0, '0');
    }
    return text.toString();
  }

  private byte[] mac(byte[] message) {
    try {
      Mac mac = Mac.getInstance(algorithm.jceName());
      mac.init(new SecretKeySpec(key, algorithm.jceName()));
      return mac.doFinal(message);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("the JCE lacks " + algorithm.jceName(), e);
    }
  }

  private static int powerOfTen(int exponent) {
    int value = 1;
    for (int i = 0; i < exponent; i++) {
      value *= 10;
    }
    return value;
  }

  @Override
  public String toString() {
    // Never the key: this object may end up in a failure message.
    return "TotpGenerator[" + algorithm + ", " + digits + " digits, " + periodSeconds + " s]";
  }
}
