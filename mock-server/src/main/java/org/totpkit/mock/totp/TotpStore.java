package org.totpkit.mock.totp;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

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

  /** Whether something was added, or what stopped it. */
  enum Admission {
    ADDED,
    /** The id or token exists already. */
    TAKEN,
    TOO_MANY_USERS,
    TOO_MANY_TOKENS,
    TOO_MANY_FOR_USER,
    TOO_MANY_REGISTRATIONS
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

  /** Adds a registration unless its user or the store has reached its bound. */
  Admission addRegistration(Registration registration, int maxPerUser, int maxTotal);

  Optional<Registration> registration(String totpId);

  /**
   * Applies {@code step} to the current registration (null when absent) atomically: what it decides
   * is kept only if nothing changed the registration meanwhile. {@code step} may run more than
   * once, so it must be pure.
   */
  <R> R transition(String totpId, Function<Registration, Transition<R>> step);

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
