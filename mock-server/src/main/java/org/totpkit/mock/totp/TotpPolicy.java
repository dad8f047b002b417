package org.totpkit.mock.totp;

/**
 * The OTP policy. Algorithm, digits, period, skew and issuer are copied into a registration when it
 * starts; the lockout and expiry fields are read when a code is verified.
 */
public record TotpPolicy(
    HashAlgorithm algorithm,
    int digits,
    int periodSeconds,
    int skew,
    String issuer,
    int maxFailedAttempts,
    int lockSeconds,
    int pendingTtlSeconds) {

  public static final int MAX_SKEW = 10;
  public static final TotpPolicy DEFAULT =
      new TotpPolicy(HashAlgorithm.SHA1, 6, 30, 1, "ZITADEL", 0, 300, 0);

  /** Every rule is checked here, so a policy that exists is a valid one. */
  public TotpPolicy {
    new TotpParameters(algorithm, digits, periodSeconds, skew);
    if (issuer == null || issuer.isBlank() || issuer.codePointCount(0, issuer.length()) > 200) {
      throw new IllegalArgumentException("issuer must be 1 to 200 characters");
    }
    if (issuer.contains(":")) {
      throw new IllegalArgumentException(
          "issuer must not contain ':' (the Key URI label separator)");
    }
    if (maxFailedAttempts < 0) {
      throw new IllegalArgumentException("maxFailedAttempts must be 0 (unlimited) or more");
    }
    if (lockSeconds < 0) {
      throw new IllegalArgumentException("lockSeconds must be 0 or more");
    }
    if (pendingTtlSeconds < 0) {
      throw new IllegalArgumentException("pendingTtlSeconds must be 0 (never expires) or more");
    }
  }

  public TotpParameters parameters() {
    return new TotpParameters(algorithm, digits, periodSeconds, skew);
  }
}
