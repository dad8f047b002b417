package org.totpkit.mock.store.memory;

import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.totpkit.mock.totp.Registration;
import org.totpkit.mock.totp.TotpParameters;

/**
 * A registration as the memory store holds it: the {@link Registration} without its id, which is
 * the map's key (a {@code Long} for upstream's decimal ids, see {@link #key}), with the user's id
 * and the parameters shared between registrations instead of one copy each. A million registrations
 * take about 140 bytes each this way, against 230 as records keyed by their id string.
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

  /** The key of {@code totpId}: its value for a decimal id without leading zeros, else itself. */
  static Object key(String totpId) {
    int length = totpId.length();
    // 18 digits always fit in a long; a leading zero would not come back from Long.toString.
    if (length == 0 || length > 18 || (totpId.charAt(0) == '0' && length > 1)) {
      return totpId;
    }
    for (int i = 0; i < length; i++) {
      char c = totpId.charAt(i);
      if (c < '0' || c > '9') {
        return totpId;
      }
    }
    return Long.valueOf(Long.parseLong(totpId));
  }

  /** The id a key stands for. */
  static String id(Object key) {
    return key instanceof Long value ? Long.toString(value) : (String) key;
  }

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
