package org.totpkit.mock.totp;

/** What a registration's codes are made of; copied from the policy when it is started. */
public record TotpParameters(HashAlgorithm algorithm, int digits, int periodSeconds, int skew) {
  public TotpParameters {
    if (algorithm == null) {
      throw new IllegalArgumentException("algorithm must be one of SHA1, SHA256, SHA512");
    }
    if (digits < OneTimePassword.MIN_DIGITS || digits > OneTimePassword.MAX_DIGITS) {
      throw new IllegalArgumentException("digits must be between 6 and 9");
    }
    if (periodSeconds < 1) {
      throw new IllegalArgumentException("period must be at least 1 second");
    }
    if (skew < 0 || skew > TotpPolicy.MAX_SKEW) {
      throw new IllegalArgumentException("skew must be between 0 and " + TotpPolicy.MAX_SKEW);
    }
  }

  /** The time step T = floor(epochSeconds / period), with T0 = 0. */
  public long stepAt(long epochSeconds) {
    return Math.floorDiv(epochSeconds, periodSeconds);
  }
}
