package org.totpkit.mock.totp;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Instant;

/** RFC 6238 TOTP: which codes are right at a given instant, and whether a submitted one is. */
public final class TimeBasedCode {
  private TimeBasedCode() {}

  /** The code of the step {@code offset} steps away from the one that contains {@code at}. */
  public static String codeAt(byte[] key, TotpParameters parameters, Instant at, int offset) {
    long step = parameters.stepAt(at.getEpochSecond()) + offset;
    return OneTimePassword.code(parameters.algorithm(), key, step, parameters.digits());
  }

  /**
   * Whether {@code submitted} is exactly {@code digits} ASCII digits equal to the code of a step in
   * T-skew..T+skew. Every step in the window is compared in constant time, so the answer takes the
   * same time whichever step matched.
   */
  public static boolean matches(
      byte[] key, TotpParameters parameters, Instant at, String submitted) {
    if (!isAsciiDigits(submitted, parameters.digits())) {
      return false;
    }
    byte[] candidate = submitted.getBytes(StandardCharsets.US_ASCII);
    // One key schedule for the whole window (see OneTimePassword.Keyed).
    OneTimePassword.Keyed mac = OneTimePassword.keyed(parameters.algorithm(), key);
    long step = parameters.stepAt(at.getEpochSecond());
    boolean matched = false;
    for (int offset = -parameters.skew(); offset <= parameters.skew(); offset++) {
      byte[] expected =
          mac.code(step + offset, parameters.digits()).getBytes(StandardCharsets.US_ASCII);
      matched |= MessageDigest.isEqual(expected, candidate);
    }
    return matched;
  }

  // Character.isDigit would admit Arabic-Indic and full-width digits; the contract does not.
  static boolean isAsciiDigits(String code, int length) {
    if (code == null || code.length() != length) {
      return false;
    }
    for (int i = 0; i < code.length(); i++) {
      char c = code.charAt(i);
      if (c < '0' || c > '9') {
        return false;
      }
    }
    return true;
  }
}
