package org.totpkit.mock.store.memory;

import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.totpkit.mock.totp.Registration;
import org.totpkit.mock.totp.TotpParameters;

/**
 * A registration as the memory store holds it: the {@link Registration} without its id, which is
 * its place in the {@link RegistrationTable} (a number for upstream's decimal ids), with the user's
 * id and the parameters shared between registrations instead of one copy each. A million
 * registrations take about 80 bytes each this way (the value and its secret), against 174 as
 * records.
 */
record HeldRegistration(
    String userId,
    byte[] secret,
    TotpParameters parameters,
    Registration.State state,
    Instant startedAt,
    int failedAttempts,
    Instant lockedUntil) {

  /** Distinct parameter sets are few (the policy's); a bound keeps odd imports from growing it. */
  private static final int MAX_SHARED_PARAMETERS = 256;

  private static final Map<TotpParameters, TotpParameters> SHARED_PARAMETERS =
      new ConcurrentHashMap<>();

  /** What to hold of {@code registration}, its user's id as {@code userId} (the same string). */
  static HeldRegistration of(Registration registration, String userId) {
    TotpParameters parameters = registration.parameters();
    TotpParameters shared = SHARED_PARAMETERS.get(parameters);
    if (shared == null && SHARED_PARAMETERS.size() < MAX_SHARED_PARAMETERS) {
      shared = SHARED_PARAMETERS.putIfAbsent(parameters, parameters);
    }
    return new HeldRegistration(
        userId,
        registration.secret(),
        shared != null ? shared : parameters,
        registration.state(),
        registration.startedAt(),
        registration.failedAttempts(),
        registration.lockedUntil());
  }

  /** The registration again, with its id. */
  Registration registration(String totpId) {
    return new Registration(
        totpId, userId, secret, parameters, state, startedAt, failedAttempts, lockedUntil);
  }

  // A record's equals would compare the secret by identity; nothing compares these, and the
  // secret never leaves through toString.
  @Override
  public boolean equals(Object other) {
    return this == other;
  }

  @Override
  public int hashCode() {
    return System.identityHashCode(this);
  }

  @Override
  public String toString() {
    return "HeldRegistration[user " + userId + ", " + state + ", " + parameters + "]";
  }
}
