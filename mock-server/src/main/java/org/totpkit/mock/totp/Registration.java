package org.totpkit.mock.totp;

import java.time.Duration;
import java.time.Instant;

/**
 * One TOTP registration of one user. Immutable: every transition returns a new value, which the
 * store swaps in atomically.
 */
public record Registration(
    String totpId,
    String userId,
    byte[] secret,
    TotpParameters parameters,
    State state,
    Instant startedAt,
    int failedAttempts,
    Instant lockedUntil) {

  public enum State {
    PENDING,
    VERIFIED
  }

  public static Registration pending(
      String totpId, String userId, byte[] secret, TotpParameters parameters, Instant now) {
    return new Registration(
        totpId, userId, secret.clone(), parameters, State.PENDING, now, 0, null);
  }

  /** A pending registration expires when it is older than the TTL, not when it reaches it. */
  public boolean expiredAt(Instant now, Duration pendingTtl) {
    return state == State.PENDING
        && !pendingTtl.isZero()
        && now.isAfter(startedAt.plus(pendingTtl));
  }

  public boolean lockedAt(Instant now) {
    return lockedUntil != null && now.isBefore(lockedUntil);
  }

  Registration verified() {
    return new Registration(totpId, userId, secret, parameters, State.VERIFIED, startedAt, 0, null);
  }

  Registration unlocked() {
    return new Registration(totpId, userId, secret, parameters, state, startedAt, 0, null);
  }

  /** This registration with {@code attempts} failed attempts and locked until {@code lockUntil}. */
  public Registration failed(int attempts, Instant lockUntil) {
    return new Registration(
        totpId, userId, secret, parameters, state, startedAt, attempts, lockUntil);
  }

  // Equal by the secret's bytes, not the array's identity, so that a registration read back from a
  // store equals the one written.
  @Override
  public boolean equals(Object other) {
    return other instanceof Registration r
        && totpId.equals(r.totpId)
        && userId.equals(r.userId)
        && java.util.Arrays.equals(secret, r.secret)
        && parameters.equals(r.parameters)
        && state == r.state
        && startedAt.equals(r.startedAt)
        && failedAttempts == r.failedAttempts
        && java.util.Objects.equals(lockedUntil, r.lockedUntil);
  }

  @Override
  public int hashCode() {
    return java.util.Objects.hash(totpId, userId, state, failedAttempts);
  }

  // The secret never leaves through toString (logs, assertion messages).
  @Override
  public String toString() {
    return "Registration[" + totpId + ", user " + userId + ", " + state + ", " + parameters + "]";
  }
}
