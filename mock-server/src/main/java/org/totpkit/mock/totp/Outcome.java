package org.totpkit.mock.totp;

import java.time.Duration;
import java.time.Instant;

/** Every answer the TOTP operations can give; the HTTP adapter maps each to one response. */
public sealed interface Outcome {
  /** A new pending registration; {@code secretBase32} and {@code uri} go to the caller once. */
  record Started(User user, Instant changed, String totpId, String secretBase32, String uri)
      implements Outcome {
    @Override
    public String toString() {
      return "Started[" + totpId + "]";
    }
  }

  record Verified(User user, Instant changed) implements Outcome {}

  record Removed(User user, Instant changed) implements Outcome {}

  /** {@code instance.*} or {@code organization.*} name something this user is not in. */
  record OutOfScope() implements Outcome {}

  record UserNotFound() implements Outcome {}

  record PermissionDenied() implements Outcome {}

  /** Never started, removed, expired, or another user's. */
  record RegistrationNotFound() implements Outcome {}

  record AlreadyVerified() implements Outcome {}

  record Locked(Duration retryAfter) implements Outcome {}

  record InvalidCode() implements Outcome {}

  /** A resource bound stopped a new registration; nothing was added. */
  record Exhausted(LimitReached.Resource resource, int limit) implements Outcome {}
}
