package org.totpkit.mock.faults;

import java.time.Duration;
import java.time.Instant;
import java.util.function.Function;
import java.util.function.Supplier;
import org.totpkit.mock.totp.Outcome;
import org.totpkit.mock.totp.Registration;
import org.totpkit.mock.totp.TotpStore;

/**
 * A registration store that gets the service's transitions wrong in one way: the service decides
 * correctly, and the store keeps, answers or feeds it something else. Steps are pure, so a twist
 * may ask the service to decide twice.
 */
final class TwistedStore extends ForwardingStore {

  /** How a transition of an existing registration goes wrong. */
  interface Twist {
    <R> TotpStore.Transition<R> apply(
        Registration current, Function<Registration, TotpStore.Transition<R>> step);
  }

  private final Twist twist;

  TwistedStore(TotpStore engine, Twist twist) {
    super(engine);
    this.twist = twist;
  }

  @Override
  public <R> R transition(String totpId, Function<Registration, TotpStore.Transition<R>> step) {
    return super.transition(
        totpId, current -> current == null ? step.apply(null) : twist.apply(current, step));
  }

  /** Remove answers 200 and keeps the registration. */
  static <R> TotpStore.Transition<R> keepOnRemove(
      Registration current, Function<Registration, TotpStore.Transition<R>> step) {
    Transition<R> decided = step.apply(current);
    return decided.next() == null ? new Transition<>(current, decided.result()) : decided;
  }

  /** Remove looks among pending registrations only: a verified one is not found (and stays). */
  static <R> TotpStore.Transition<R> removePendingOnly(
      Registration current, Function<Registration, TotpStore.Transition<R>> step) {
    Transition<R> decided = step.apply(current);
    if (decided.next() == null && current.state() == Registration.State.VERIFIED) {
      return new Transition<>(current, step.apply(null).result());
    }
    return decided;
  }

  /** The lock the service decided on is dropped, and the count with it. */
  static <R> TotpStore.Transition<R> neverLock(
      Registration current, Function<Registration, TotpStore.Transition<R>> step) {
    Transition<R> decided = step.apply(current);
    Registration next = decided.next();
    if (next != null && next.lockedUntil() != null) {
      return new Transition<>(next.failed(0, null), decided.result());
    }
    return decided;
  }

  /** Once locked, a registration answers 429 to every verify, whatever the clock says. */
  static <R> TotpStore.Transition<R> lockForever(
      Registration current, Function<Registration, TotpStore.Transition<R>> step) {
    Transition<R> decided = step.apply(current);
    boolean lockEnded = !(decided.result() instanceof Outcome.Locked);
    if (current.lockedUntil() != null && lockEnded && decided.next() != null) {
      return new Transition<>(current, answer(new Outcome.Locked(Duration.ZERO)));
    }
    return decided;
  }

  /** When a lock ends, counting resumes at the failures that started it instead of at zero. */
  static <R> TotpStore.Transition<R> carryFailuresOverLock(
      Registration current, Function<Registration, TotpStore.Transition<R>> step) {
    Transition<R> decided = step.apply(current);
    boolean lockEnded = !(decided.result() instanceof Outcome.Locked);
    if (current.lockedUntil() != null && lockEnded && decided.next() != null) {
      decided = step.apply(current.failed(current.failedAttempts(), null));
    }
    Registration next = decided.next();
    if (next != null
        && next.lockedUntil() != null
        && !next.lockedUntil().equals(current.lockedUntil())) {
      // A new lock: keep the failures that reached the limit (the correct store forgets them).
      next = next.failed(current.failedAttempts() + 1, next.lockedUntil());
      return new Transition<>(next, decided.result());
    }
    return decided;
  }

  /** A wrong code is counted once when it is checked and once more when it is refused. */
  static <R> TotpStore.Transition<R> countFailuresTwice(
      Registration current, Function<Registration, TotpStore.Transition<R>> step) {
    if (current.lockedUntil() != null) {
      return step.apply(current);
    }
    Transition<R> decided =
        step.apply(current.failed(current.failedAttempts() + 1, current.lockedUntil()));
    return decided.result() instanceof Outcome.InvalidCode ? decided : step.apply(current);
  }

  /** Finds a registration by totpId alone: whoever the request addresses passes for its owner. */
  static Twist ownerNotChecked(Supplier<String> addressedUser) {
    return new Twist() {
      @Override
      public <R> TotpStore.Transition<R> apply(
          Registration current, Function<Registration, TotpStore.Transition<R>> step) {
        String addressed = addressedUser.get();
        if (addressed == null) {
          return step.apply(current);
        }
        Transition<R> decided = step.apply(owned(current, addressed));
        Registration next = decided.next();
        return new Transition<>(
            next == null ? null : owned(next, current.userId()), decided.result());
      }
    };
  }

  /**
   * Like {@link #ownerNotChecked}, for removal alone: a step that, taken as the addressed user's,
   * removes the registration is let through; every other step sees the real owner.
   */
  static Twist removeOwnerNotChecked(Supplier<String> addressedUser) {
    return new Twist() {
      @Override
      public <R> TotpStore.Transition<R> apply(
          Registration current, Function<Registration, TotpStore.Transition<R>> step) {
        String addressed = addressedUser.get();
        if (addressed != null && !addressed.equals(current.userId())) {
          Transition<R> asTheirs = step.apply(owned(current, addressed));
          if (asTheirs.next() == null) {
            return asTheirs;
          }
        }
        return step.apply(current);
      }
    };
  }

  // Far enough ahead that no time to live has passed, near enough that adding one cannot overflow.
  private static final Instant NOT_YET_STARTED = Instant.parse("9999-01-01T00:00:00Z");

  /** The service decides as if the registration had only just been started: it never expires. */
  static <R> Transition<R> neverExpire(
      Registration current, Function<Registration, Transition<R>> step) {
    Transition<R> decided = step.apply(started(current, NOT_YET_STARTED));
    Registration next = decided.next();
    return new Transition<>(
        next == null ? null : started(next, current.startedAt()), decided.result());
  }

  /**
   * Remove decides as if the registration never expired (an expired pending one is removed, 200);
   * verify still sees the expiry.
   */
  static <R> Transition<R> removeIgnoresExpiry(
      Registration current, Function<Registration, Transition<R>> step) {
    Transition<R> asFresh = neverExpire(current, step);
    return asFresh.next() == null ? asFresh : step.apply(current);
  }

  /** The expiry check ignores the state: a verified registration expires like a pending one. */
  static <R> Transition<R> expireVerifiedToo(
      Registration current, Function<Registration, Transition<R>> step) {
    if (current.state() == Registration.State.VERIFIED) {
      Registration asPending =
          new Registration(
              current.totpId(),
              current.userId(),
              current.secret(),
              current.parameters(),
              Registration.State.PENDING,
              current.startedAt(),
              current.failedAttempts(),
              current.lockedUntil());
      Transition<R> probe = step.apply(asPending);
      if (probe.result() instanceof Outcome.RegistrationNotFound) {
        return new Transition<>(current, probe.result());
      }
    }
    return step.apply(current);
  }

  private static Registration started(Registration r, Instant startedAt) {
    return new Registration(
        r.totpId(),
        r.userId(),
        r.secret(),
        r.parameters(),
        r.state(),
        startedAt,
        r.failedAttempts(),
        r.lockedUntil());
  }

  static Registration withSecret(Registration r, byte[] secret) {
    return new Registration(
        r.totpId(),
        r.userId(),
        secret.clone(),
        r.parameters(),
        r.state(),
        r.startedAt(),
        r.failedAttempts(),
        r.lockedUntil());
  }

  private static Registration owned(Registration r, String userId) {
    return new Registration(
        r.totpId(),
        userId,
        r.secret(),
        r.parameters(),
        r.state(),
        r.startedAt(),
        r.failedAttempts(),
        r.lockedUntil());
  }

  // The store is generic, but the service's transitions always answer an Outcome.
  @SuppressWarnings("unchecked")
  private static <R> R answer(Outcome outcome) {
    return (R) outcome;
  }
}
