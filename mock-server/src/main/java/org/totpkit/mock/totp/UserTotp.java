package org.totpkit.mock.totp;

import java.security.SecureRandom;
import java.time.Instant;
import java.util.Optional;

/**
 * The one TOTP a user holds in the v2 user service: none, pending or ready, with no id of its own.
 * It is a {@link Registration} like any other (same store, same maths), which the store remembers
 * as the user's own; a registration started over v3alpha is never adopted. The OTP policy does not
 * apply to it: SHA1, 6 digits, period 30, skew 1, issuer {@value #ISSUER}, no lockout, no expiry,
 * as upstream. Who may act on the user is the caller's business (the v2 contract checks it first).
 */
public final class UserTotp {
  /** Upstream's fixed TOTP engine settings (pquerna/otp defaults). */
  public static final TotpParameters PARAMETERS = new TotpParameters(HashAlgorithm.SHA1, 6, 30, 1);

  /** Upstream's default issuer. */
  public static final String ISSUER = "ZITADEL";

  /** What an operation on the user's TOTP answers. */
  public sealed interface Result {
    /** A new pending TOTP; {@code secretBase32} and {@code uri} go to the caller once. */
    record Registered(User user, Instant at, long sequence, String secretBase32, String uri)
        implements Result {
      @Override
      public String toString() {
        return "Registered[" + user.id() + ", sequence " + sequence + "]";
      }
    }

    record Verified(User user, Instant at, long sequence) implements Result {}

    record Removed(User user, Instant at, long sequence) implements Result {}

    /** The user has a ready TOTP. */
    record AlreadyReady() implements Result {}

    /** The user has no TOTP (never registered, or removed). */
    record NoTotp() implements Result {}

    /** The code does not match (any length but 6 included); nothing is counted. */
    record InvalidCode() implements Result {}

    /** The user is gone (a reset meanwhile). */
    record NoUser() implements Result {}

    /** A resource bound stopped a new TOTP; nothing changed. */
    record Exhausted(LimitReached.Resource resource, int limit) implements Result {}
  }

  private final TotpStore store;
  private final VirtualClock clock;
  private final Directory directory;
  private final SecureRandom random;
  private final CodeCheck codeCheck;
  private final Limits limits;

  UserTotp(
      TotpStore store,
      VirtualClock clock,
      Directory directory,
      SecureRandom random,
      CodeCheck codeCheck,
      Limits limits) {
    this.store = store;
    this.clock = clock;
    this.directory = directory;
    this.random = random;
    this.codeCheck = codeCheck;
    this.limits = limits;
  }

  /** A new pending TOTP for {@code user}, replacing a pending one; refused over a ready one. */
  public Result register(User user) {
    byte[] secret = new byte[TotpService.SECRET_BYTES];
    random.nextBytes(secret);
    Instant now = clock.instant();
    Registration pending =
        Registration.pending(directory.newId(), user.id(), secret, PARAMETERS, now);
    TotpStore.Counted<TotpStore.Admission> counted =
        store.registerOwnTotp(pending, limits.maxRegistrationsPerUser(), limits.maxRegistrations());
    return switch (counted.result()) {
      case ADDED -> {
        String secretText = Base32.encode(secret);
        yield new Result.Registered(
            user,
            now,
            counted.sequence(),
            secretText,
            KeyUri.of(ISSUER, user.loginName(), secretText, PARAMETERS));
      }
      case OWN_TOTP_READY -> new Result.AlreadyReady();
      case NO_USER -> new Result.NoUser();
      case TOO_MANY_FOR_USER ->
          new Result.Exhausted(
              LimitReached.Resource.REGISTRATIONS_PER_USER, limits.maxRegistrationsPerUser());
      case TOO_MANY_REGISTRATIONS ->
          new Result.Exhausted(LimitReached.Resource.REGISTRATIONS, limits.maxRegistrations());
      // Ids come from the counter: a clash is a defect.
      default ->
          throw new IllegalStateException("the store refused a registration: " + counted.result());
    };
  }

  /** Whether the user has a TOTP, pending or ready. */
  public boolean exists(String userId) {
    return current(userId).isPresent();
  }

  /**
   * Verifies the pending TOTP with {@code code}, trimmed of surrounding whitespace (Go's {@code
   * strings.TrimSpace}, as upstream's verifier). Exactly one of many simultaneous right codes wins:
   * the store's transition is atomic.
   */
  public Result verify(User user, String code) {
    String trimmed = trimSpace(code);
    Instant now = clock.instant();
    Optional<String> id = store.ownTotpId(user.id());
    if (id.isEmpty()) {
      return new Result.NoTotp();
    }
    TotpStore.Counted<Result> counted =
        store.countedTransition(
            id.get(),
            registration -> {
              if (!isUsers(registration, user.id())) {
                return new TotpStore.Transition<>(registration, new Result.NoTotp());
              }
              if (registration.state() == Registration.State.VERIFIED) {
                return new TotpStore.Transition<>(registration, new Result.AlreadyReady());
              }
              if (trimmed.length() != PARAMETERS.digits()
                  || !codeCheck.matches(
                      registration.secret(), registration.parameters(), now, trimmed)) {
                // No failure counter, no lock: upstream writes nothing for a wrong code here.
                return new TotpStore.Transition<>(registration, new Result.InvalidCode());
              }
              return new TotpStore.Transition<>(
                  registration.verified(), new Result.Verified(user, now, 0));
            });
    return counted.result() instanceof Result.Verified
        ? new Result.Verified(user, now, counted.sequence())
        : counted.result();
  }

  /** Removes the TOTP, pending or ready. */
  public Result remove(User user) {
    Instant now = clock.instant();
    Optional<String> id = store.ownTotpId(user.id());
    if (id.isEmpty()) {
      return new Result.NoTotp();
    }
    TotpStore.Counted<Result> counted =
        store.countedTransition(
            id.get(),
            registration ->
                isUsers(registration, user.id())
                    ? new TotpStore.Transition<Result>(null, new Result.Removed(user, now, 0))
                    : new TotpStore.Transition<Result>(registration, new Result.NoTotp()));
    return counted.result() instanceof Result.Removed
        ? new Result.Removed(user, now, counted.sequence())
        : counted.result();
  }

  private Optional<Registration> current(String userId) {
    return store
        .ownTotpId(userId)
        .flatMap(store::registration)
        .filter(registration -> isUsers(registration, userId));
  }

  private static boolean isUsers(Registration registration, String userId) {
    return registration != null && registration.userId().equals(userId);
  }

  /** Go's {@code strings.TrimSpace}: Unicode White_Space at both ends (NBSP included). */
  static String trimSpace(String code) {
    if (code == null) {
      return "";
    }
    int start = 0;
    int end = code.length();
    while (start < end && isGoSpace(code.codePointAt(start))) {
      start += Character.charCount(code.codePointAt(start));
    }
    while (end > start && isGoSpace(code.codePointBefore(end))) {
      end -= Character.charCount(code.codePointBefore(end));
    }
    return code.substring(start, end);
  }

  // Go's unicode.IsSpace: in Latin-1 these eight; above it, the space, line and paragraph
  // separators.
  private static boolean isGoSpace(int codePoint) {
    if (codePoint <= 0xFF) {
      return switch (codePoint) {
        case '\t', '\n', 0x0B, '\f', '\r', ' ', 0x85, 0xA0 -> true;
        default -> false;
      };
    }
    return Character.isSpaceChar(codePoint);
  }
}
