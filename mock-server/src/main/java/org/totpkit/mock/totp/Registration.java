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

  public boolean expiredAt(Instant now, Duration pendingTtl) {
    return state == State.PENDING
        && !pendingTtl.isZero()
        && !now.isBefore(startedAt.plus(pendingTtl));
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

  Registration failed(int attempts, Instant lockUntil) {
    return new Registration(
        totpId, userId, secret, parameters, state, startedAt, attempts, lockUntil);
  }

  // The secret never leaves through toString (logs, assertion messages).
  @Override
  public String toString() {
    return "Registration[" + totpId + ", user " + userId + ", " + state + ", " + parameters + "]";
  }
}
