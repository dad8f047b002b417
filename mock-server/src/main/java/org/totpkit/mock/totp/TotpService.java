package org.totpkit.mock.totp;

import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.BiFunction;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;

/**
 * The three TOTP registration operations, checked in the contract's order: scope, user, permission,
 * registration, state, lock, code. Knows nothing of HTTP.
 */
public final class TotpService {
  public static final int SECRET_BYTES = 20;

  private final VirtualClock clock;
  private final SettingsStore settings;
  private final Directory directory;
  private final TotpStore store;
  private final Instance instance;
  private final SecureRandom random;
  private final CodeCheck codeCheck;
  private final Limits limits;
  private final UserTotp userTotp;

  /**
   * @param clock a clock whose setting lives in {@code store} (its {@link
   *     VirtualClock#settingsStore()}), where the policy lives too
   */
  public TotpService(
      TotpStore store,
      VirtualClock clock,
      Instance instance,
      SecureRandom random,
      CodeCheck codeCheck,
      Limits limits) {
    this.store = store;
    this.clock = clock;
    this.settings = clock.settingsStore();
    this.codeCheck = codeCheck;
    this.instance = instance;
    this.random = random;
    this.limits = limits;
    this.directory = new Directory(clock, random, store, limits);
    this.userTotp = new UserTotp(store, clock, directory, random, codeCheck, limits);
  }

  /** A service on {@code store} with the RFC 6238 check and the default bounds. */
  public static TotpService create(TotpStore store, VirtualClock clock) {
    return new TotpService(
        store, clock, Instance.DEFAULT, new SecureRandom(), CodeCheck.RFC_6238, Limits.DEFAULT);
  }

  /** Runs one request on one consistent view of the store ({@link TotpStore#consistently}). */
  public <T> T consistently(Supplier<T> request) {
    return store.consistently(request);
  }

  public Outcome start(Caller caller, String userId, Scope scope) {
    Access access = access(caller, userId, scope, Permission.USER_CREDENTIAL_WRITE);
    if (access.refusal() != null) {
      return access.refusal();
    }
    User user = access.user();
    Settings setting = settings.settings();
    TotpPolicy current = setting.policy();
    byte[] secret = new byte[SECRET_BYTES];
    random.nextBytes(secret);
    String totpId = directory.newId();
    Instant now = clock.instantUnder(setting.clock());
    Registration pending = Registration.pending(totpId, userId, secret, current.parameters(), now);
    Optional<Outcome> refusal =
        refusal(
            store.addRegistration(
                pending, limits.maxRegistrationsPerUser(), limits.maxRegistrations()));
    if (refusal.isPresent()) {
      return refusal.get();
    }
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
            new TotpStore.Transition<>(null, new Outcome.Removed(now.user(), now.at())));
  }

  /** The outcome for a registration the store did not admit; empty when it was added. */
  private Optional<Outcome> refusal(TotpStore.Admission admission) {
    return switch (admission) {
      case ADDED -> Optional.empty();
      case TOO_MANY_FOR_USER ->
          Optional.of(
              new Outcome.Exhausted(
                  LimitReached.Resource.REGISTRATIONS_PER_USER, limits.maxRegistrationsPerUser()));
      case TOO_MANY_REGISTRATIONS ->
          Optional.of(
              new Outcome.Exhausted(
                  LimitReached.Resource.REGISTRATIONS, limits.maxRegistrations()));
      // Ids come from the counter: a clash is a defect.
      default -> throw new IllegalStateException("the store refused a registration: " + admission);
    };
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
      BiFunction<Registration, Moment, TotpStore.Transition<Outcome>> step) {
    Access access = access(caller, userId, scope, needed);
    if (access.refusal() != null) {
      return access.refusal();
    }
    Settings setting = settings.settings();
    Moment now = new Moment(access.user(), clock.instantUnder(setting.clock()), setting.policy());
    return store.transition(
        totpId,
        registration ->
            isLive(registration, userId, now.at(), now.policy())
                ? step.apply(registration, now)
                : new TotpStore.Transition<>(registration, new Outcome.RegistrationNotFound()));
  }

  /**
   * Adds a pending registration with a known secret (test fixtures, RFC vectors). Parameters left
   * null come from the policy.
   *
   * @return the new totpId, or empty when the user does not exist
   * @throws LimitReached when the user or the store holds as many registrations as it may
   */
  public Optional<String> importRegistration(
      String userId, byte[] secret, HashAlgorithm algorithm, Integer digits, Integer period) {
    if (directory.user(userId).isEmpty()) {
      return Optional.empty();
    }
    Settings setting = settings.settings();
    TotpPolicy current = setting.policy();
    TotpParameters parameters =
        new TotpParameters(
            algorithm != null ? algorithm : current.algorithm(),
            digits != null ? digits : current.digits(),
            period != null ? period : current.periodSeconds(),
            current.skew());
    String totpId = directory.newId();
    Registration pending =
        Registration.pending(
            totpId, userId, secret, parameters, clock.instantUnder(setting.clock()));
    Optional<Outcome> refusal =
        refusal(
            store.addRegistration(
                pending, limits.maxRegistrationsPerUser(), limits.maxRegistrations()));
    if (refusal.isPresent() && refusal.get() instanceof Outcome.Exhausted exhausted) {
      throw new LimitReached(exhausted.resource(), exhausted.limit());
    }
    return Optional.of(totpId);
  }

  /**
   * The code an authenticator app would show now for the user's registration, on this service's
   * clock (for client teams' end-to-end tests), or empty when the user has no such registration.
   */
  public Optional<CurrentCode> currentCode(String userId, String totpId) {
    return store
        .registration(totpId)
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

  /**
   * The codes the verifier accepts now for the user's registration, one per step of its skew window
   * (for the web console), or empty when the user has no such registration.
   */
  public Optional<CodeWindow> codeWindow(String userId, String totpId) {
    return store
        .registration(totpId)
        .filter(registration -> registration.userId().equals(userId))
        .map(
            registration -> {
              Instant now = clock.instant();
              TotpParameters parameters = registration.parameters();
              long step = parameters.stepAt(now.getEpochSecond());
              long endMillis = (step + 1) * parameters.periodSeconds() * 1000L;
              List<CodeWindow.StepCode> codes = new ArrayList<>();
              for (int offset = -parameters.skew(); offset <= parameters.skew(); offset++) {
                codes.add(
                    new CodeWindow.StepCode(
                        offset,
                        step + offset,
                        TimeBasedCode.codeAt(registration.secret(), parameters, now, offset)));
              }
              return new CodeWindow(now, step, endMillis - now.toEpochMilli(), codes);
            });
  }

  public TotpPolicy policy() {
    return settings.settings().policy();
  }

  /**
   * Replaces the policy with {@code change} applied; a change that is invalid throws and is lost.
   */
  public TotpPolicy changePolicy(UnaryOperator<TotpPolicy> change) {
    return settings.updateSettings(s -> s.withPolicy(change.apply(s.policy()))).policy();
  }

  /** The one TOTP per user of the v2 user service, on the same store, clock and maths. */
  public UserTotp userTotp() {
    return userTotp;
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

  /**
   * The state behind the service, for snapshots of everything it holds ({@link
   * TotpStore#contents()}).
   */
  public TotpStore store() {
    return store;
  }

  public Limits limits() {
    return limits;
  }

  /** Forgets every user, token and registration; default policy; real time. */
  public void reset() {
    store.clear();
    settings.updateSettings(s -> Settings.DEFAULT);
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

  private TotpStore.Transition<Outcome> verifyPending(
      Registration registration, Moment moment, String code) {
    Instant now = moment.at();
    TotpPolicy policy = moment.policy();
    if (registration.state() == Registration.State.VERIFIED) {
      return new TotpStore.Transition<>(registration, new Outcome.AlreadyVerified());
    }
    if (registration.lockedAt(now)) {
      Duration left = Duration.between(now, registration.lockedUntil());
      return new TotpStore.Transition<>(registration, new Outcome.Locked(left));
    }
    Registration current =
        registration.lockedUntil() != null ? registration.unlocked() : registration;
    if (codeCheck.matches(current.secret(), current.parameters(), now, code)) {
      return new TotpStore.Transition<>(
          current.verified(), new Outcome.Verified(moment.user(), now));
    }
    int failures = current.failedAttempts() + 1;
    boolean locks = policy.maxFailedAttempts() > 0 && failures >= policy.maxFailedAttempts();
    Registration next =
        locks
            ? current.failed(0, now.plusSeconds(policy.lockSeconds()))
            : current.failed(failures, null);
    return new TotpStore.Transition<>(next, new Outcome.InvalidCode());
  }
}
