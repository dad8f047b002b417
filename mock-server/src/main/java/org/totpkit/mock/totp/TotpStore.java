package org.totpkit.mock.totp;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * All of the domain's state: organizations, users, tokens, registrations, the settings (clock and
 * policy) and the id counter. Every method is atomic on its own; a registration's transitions are
 * atomic per registration, so two requests for one registration are serialised while requests for
 * different ones need not wait for each other. The engines live outside the domain ({@code
 * org.totpkit.mock.store.*}); the domain knows only this interface.
 */
public interface TotpStore extends SettingsStore, AutoCloseable {

  /** What a transition decided: the registration to keep (null removes it) and what to answer. */
  record Transition<R>(Registration next, R result) {}

  /**
   * A transition's answer, with the user's sequence after it: the number of this change when it was
   * an event of the user ({@link #isEvent}), else 0.
   */
  record Counted<R>(R result, long sequence) {}

  /** Whether something was added, or what stopped it. */
  enum Admission {
    ADDED,
    /** The id or token exists already. */
    TAKEN,
    /** The user's own TOTP is ready: it is not replaced. */
    OWN_TOTP_READY,
    /** The user does not exist (any more). */
    NO_USER,
    TOO_MANY_USERS,
    TOO_MANY_TOKENS,
    TOO_MANY_FOR_USER,
    TOO_MANY_REGISTRATIONS
  }

  /**
   * Runs one request's reads and writes as one consistent view of the state: an engine shared by
   * several processes may answer the request's reads from what this process last saw (the settings,
   * callers, users and registrations), provided every write of the request checks, in the same
   * statement, that what it saw still holds, and an answer without a write checks it once. When it
   * no longer holds the request is run again on fresh reads, so {@code request} must have no effect
   * other than through this store. Engines whose reads are all fresh just run it.
   */
  default <T> T consistently(Supplier<T> request) {
    return request.get();
  }

  /**
   * Whether a request run in a {@link HeldCommit} may have its write held and committed later, in a
   * group (PostgreSQL's checked writes): a front that can answer later offers one only then.
   * Engines that write at once (memory, SQLite), and wrappers that do not say otherwise, never
   * hold, and their fronts pay nothing for it.
   */
  default boolean holdsWrites() {
    return false;
  }

  /** A new id, unique across restarts and across every process that shares this store. */
  long newId();

  /** Adds {@code org} unless one with its id exists; answers the one kept. */
  Organization addOrganization(Organization org);

  Optional<Organization> organization(String id);

  /**
   * Adds {@code user} with a {@code token} that acts as the user, and {@code org} if missing: all
   * or nothing, and nothing past {@code maxUsers} users or {@code maxTokens} tokens.
   */
  Admission addUser(User user, Organization org, String token, int maxUsers, int maxTokens);

  Optional<User> user(String id);

  /**
   * Adds a bearer token for {@code caller}, and {@code org} if missing, unless {@code maxTokens}
   * tokens exist or the token is taken.
   */
  Admission addToken(String token, Caller caller, Organization org, int maxTokens);

  Optional<Caller> caller(String token);

  /**
   * The user's sequence: 1 when the user was added, one more with every event of the user (a
   * registration added, replaced, verified or removed, by any API or hook), counted in the same
   * atomic step as the change itself.
   */
  OptionalLong sequence(String userId);

  /**
   * Adds a registration unless its user or the store has reached its bound; an event of the user.
   */
  Admission addRegistration(Registration registration, int maxPerUser, int maxTotal);

  /**
   * The id of the user's own TOTP: the registration the one-per-user API (v2) made last. It may
   * name a registration that is gone (removed over another API).
   */
  Optional<String> ownTotpId(String userId);

  /**
   * Makes {@code pending} the user's own TOTP, atomically: refused with {@link
   * Admission#OWN_TOTP_READY} when the current one is verified; a pending one is replaced (removed,
   * so its secret stops verifying). One event of the user; within the bounds as {@link
   * #addRegistration} (a replacement never needs more room).
   */
  Counted<Admission> registerOwnTotp(Registration pending, int maxPerUser, int maxTotal);

  Optional<Registration> registration(String totpId);

  /**
   * Applies {@code step} to the current registration (null when absent) atomically: what it decides
   * is kept only if nothing changed the registration meanwhile. {@code step} may run more than
   * once, so it must be pure.
   */
  default <R> R transition(String totpId, Function<Registration, Transition<R>> step) {
    return countedTransition(totpId, step).result();
  }

  /**
   * {@link #transition}, answering also the user's sequence after it: an event of the user ({@link
   * #isEvent}) counts one in the same atomic step as the registration's change.
   */
  <R> Counted<R> countedTransition(String totpId, Function<Registration, Transition<R>> step);

  /**
   * Whether a registration's change is an event of its user: it appears, goes, or changes state. A
   * failure counter or a lock is not (upstream writes no event for a wrong code).
   */
  static boolean isEvent(Registration before, Registration after) {
    if (before == null || after == null) {
      return before != after;
    }
    return before.state() != after.state();
  }

  /**
   * True exactly once in a store's life: the first caller installs the demo data, so that a restart
   * on a durable store does not add it again.
   */
  boolean claimDemoData();

  /** Forgets every organization, user, token and registration; default settings. */
  void clear();

  /** Everything the store holds, for snapshots and tests. */
  record Contents(
      List<Organization> organizations,
      List<User> users,
      Map<String, Caller> tokens,
      List<Registration> registrations,
      Settings settings) {}

  /** A copy of everything the store holds (cheap on memory, one scan per table on JDBC). */
  Contents contents();

  @Override
  void close();
}
