package org.totpkit.mock.totp;

import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BiFunction;
import java.util.function.UnaryOperator;

/**
 * The three TOTP registration operations, checked in the contract's order: scope, user, permission,
 * registration, state, lock, code. Knows nothing of HTTP.
 */
public final class TotpService {
  public static final int SECRET_BYTES = 20;

  private final VirtualClock clock;
  private final Directory directory;
  private final RegistrationStore store;
  private final Instance instance;
  private final SecureRandom random;
  private final CodeCheck codeCheck;
  private final AtomicReference<TotpPolicy> policy = new AtomicReference<>(TotpPolicy.DEFAULT);

  public TotpService(
      VirtualClock clock,
      Directory directory,
      RegistrationStore store,
      Instance instance,
      SecureRandom random,
      CodeCheck codeCheck) {
    this.clock = clock;
    this.codeCheck = codeCheck;
    this.directory = directory;
    this.store = store;
    this.instance = instance;
    this.random = random;
  }

  /** A service with its own empty directory and store on the given clock. */
  public static TotpService create(VirtualClock clock) {
    SecureRandom random = new SecureRandom();
    return new TotpService(
        clock,
        new Directory(clock, random),
        new RegistrationStore(),
        Instance.DEFAULT,
        random,
        CodeCheck.RFC_6238);
  }

  public Outcome start(Caller caller, String userId, Scope scope) {
    Access access = access(caller, userId, scope, Permission.USER_CREDENTIAL_WRITE);
    if (access.refusal() != null) {
      return access.refusal();
    }
    User user = access.user();
    TotpPolicy current = policy.get();
    byte[] secret = new byte[SECRET_BYTES];
    random.nextBytes(secret);
    String totpId = directory.newId();
    Instant now = clock.instant();
    store.add(Registration.pending(totpId, userId, secret, current.parameters(), now));
    String secretText = Base32.encode(secret);
    String uri = KeyUri.of(current.issuer(), user.loginName(), secretText, current.parameters());
    return new Outcome.Started(user, now, totpId, secretText, uri);
  }

  public Outcome verify(Caller caller, String userId, String totpId, String code, Scope scope) {
    return onLiveRegistration(
        caller,
        userId,
        totpId,
        scope,
        Permission.USER_CREDENTIAL_WRITE,
        (registration, now) -> verifyPending(registration, now, code));
  }

  public Outcome remove(Caller caller, String userId, String totpId, Scope scope) {
    return onLiveRegistration(
        caller,
        userId,
        totpId,
        scope,
        Permission.USER_WRITE,
        (registration, now) ->
            new RegistrationStore.Transition<>(null, new Outcome.Removed(now.user(), now.at())));
  }

  /** The moment a request acts at: who it acts on, when, and under which policy. */
  private record Moment(User user, Instant at, TotpPolicy policy) {}

  /** Checks access, then applies {@code step} atomically if the registration is this user's. */
  private Outcome onLiveRegistration(
      Caller caller,
      String userId,
      String totpId,
      Scope scope,
      Permission needed,
      BiFunction<Registration, Moment, RegistrationStore.Transition<Outcome>> step) {
    Access access = access(caller, userId, scope, needed);
    if (access.refusal() != null) {
      return access.refusal();
    }
    Moment now = new Moment(access.user(), clock.instant(), policy.get());
    return store.transition(
        totpId,
        registration ->
            isLive(registration, userId, now.at(), now.policy())
                ? step.apply(registration, now)
                : new RegistrationStore.Transition<>(
                    registration, new Outcome.RegistrationNotFound()));
  }

  /**
   * Adds a pending registration with a known secret (test fixtures, RFC vectors). Parameters left
   * null come from the policy.
   *
   * @return the new totpId, or empty when the user does not exist
   */
  public Optional<String> importRegistration(
      String userId, byte[] secret, HashAlgorithm algorithm, Integer digits, Integer period) {
    if (directory.user(userId).isEmpty()) {
      return Optional.empty();
    }
    TotpPolicy current = policy.get();
    TotpParameters parameters =
        new TotpParameters(
            algorithm != null ? algorithm : current.algorithm(),
            digits != null ? digits : current.digits(),
            period != null ? period : current.periodSeconds(),
            current.skew());
    String totpId = directory.newId();
    store.add(Registration.pending(totpId, userId, secret, parameters, clock.instant()));
    return Optional.of(totpId);
  }

  /**
   * The code an authenticator app would show now for the user's registration, on this service's
   * clock (for client teams' end-to-end tests), or empty when the user has no such registration.
   */
  public Optional<CurrentCode> currentCode(String userId, String totpId) {
    return store
        .find(totpId)
        .filter(registration -> registration.userId().equals(userId))
        .map(
            registration -> {
              java.time.Instant now = clock.instant();
              TotpParameters parameters = registration.parameters();
              long step = parameters.stepAt(now.getEpochSecond());
              long endMillis = (step + 1) * parameters.periodSeconds() * 1000L;
              return new CurrentCode(
                  TimeBasedCode.codeAt(registration.secret(), parameters, now, 0),
                  step,
                  endMillis - now.toEpochMilli());
            });
  }

  public TotpPolicy policy() {
    return policy.get();
  }

  /**
   * Replaces the policy with {@code change} applied; a change that is invalid throws and is lost.
   */
  public TotpPolicy changePolicy(UnaryOperator<TotpPolicy> change) {
    return policy.updateAndGet(change);
  }

  public Directory directory() {
    return directory;
  }

  public VirtualClock clock() {
    return clock;
  }

  public Instance instance() {
    return instance;
  }

  /** Forgets every user, token and registration; default policy; real time. */
  public void reset() {
    store.clear();
    directory.clear();
    policy.set(TotpPolicy.DEFAULT);
    clock.useRealTime();
  }

  /** Either the user the caller may act on, or the outcome that refuses it. */
  private record Access(User user, Outcome refusal) {
    static Access refused(Outcome refusal) {
      return new Access(null, refusal);
    }
  }

  private Access access(Caller caller, String userId, Scope scope, Permission needed) {
    if (!instance.isNamedBy(scope)) {
      return Access.refused(new Outcome.OutOfScope());
    }
    Optional<User> user = directory.user(userId);
    if (user.isEmpty()) {
      return Access.refused(new Outcome.UserNotFound());
    }
    if (!inExpectedOrganization(user.get(), scope)) {
      return Access.refused(new Outcome.OutOfScope());
    }
    if (!caller.mayActOn(user.get(), needed)) {
      return Access.refused(new Outcome.PermissionDenied());
    }
    return new Access(user.get(), null);
  }

  private boolean inExpectedOrganization(User user, Scope scope) {
    if (scope.orgId() != null && !scope.orgId().equals(user.orgId())) {
      return false;
    }
    if (scope.orgDomain() == null) {
      return true;
    }
    return directory
        .findOrganization(user.orgId())
        .map(org -> org.domain().equalsIgnoreCase(scope.orgDomain()))
        .orElse(false);
  }

  private static boolean isLive(
      Registration registration, String userId, Instant now, TotpPolicy policy) {
    return registration != null
        && registration.userId().equals(userId)
        && !registration.expiredAt(now, Duration.ofSeconds(policy.pendingTtlSeconds()));
  }

  private RegistrationStore.Transition<Outcome> verifyPending(
      Registration registration, Moment moment, String code) {
    Instant now = moment.at();
    TotpPolicy policy = moment.policy();
    if (registration.state() == Registration.State.VERIFIED) {
      return new RegistrationStore.Transition<>(registration, new Outcome.AlreadyVerified());
    }
    if (registration.lockedAt(now)) {
      Duration left = Duration.between(now, registration.lockedUntil());
      return new RegistrationStore.Transition<>(registration, new Outcome.Locked(left));
    }
    Registration current =
        registration.lockedUntil() != null ? registration.unlocked() : registration;
    if (codeCheck.matches(current.secret(), current.parameters(), now, code)) {
      return new RegistrationStore.Transition<>(
          current.verified(), new Outcome.Verified(moment.user(), now));
    }
    int failures = current.failedAttempts() + 1;
    boolean locks = policy.maxFailedAttempts() > 0 && failures >= policy.maxFailedAttempts();
    Registration next =
        locks
            ? current.failed(0, now.plusSeconds(policy.lockSeconds()))
            : current.failed(failures, null);
    return new RegistrationStore.Transition<>(next, new Outcome.InvalidCode());
  }
}
