package org.totpkit.mock.totp;

import java.security.SecureRandom;
import java.time.InstantSource;
import java.util.Base64;
import java.util.Collection;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/** Organizations, users and the bearer tokens that act for them, kept in the store. */
public final class Directory {
  /** A new user and the token that acts as that user. */
  public record Enrolment(User user, String token) {
    // The token never leaves through toString (logs, assertion messages).
    @Override
    public String toString() {
      return "Enrolment[" + user + ", token ***]";
    }
  }

  private final InstantSource clock;
  private final SecureRandom random;
  private final TotpStore store;
  private final Limits limits;

  public Directory(InstantSource clock, SecureRandom random, TotpStore store, Limits limits) {
    this.clock = clock;
    this.random = random;
    this.store = store;
    this.limits = limits;
  }

  /** Ids look like upstream's: large decimal numbers, unique across restarts. */
  public String newId() {
    return Long.toString(store.newId());
  }

  /**
   * Creates a user in {@code orgId} (a new organization when null or unknown), and a token that
   * acts as that user.
   *
   * @throws LimitReached when the users or the tokens are at their bound (nothing is added)
   */
  public Enrolment createUser(String loginName, String orgId) {
    Organization org = organizationFor(orgId == null ? newId() : orgId);
    String id = newId();
    String login = loginName != null ? loginName : "user-" + id + "@" + org.domain();
    User user = new User(id, org.id(), login, clock.instant());
    String token = newToken();
    admitted(store.addUser(user, org, token, limits.maxUsers(), limits.maxTokens()));
    return new Enrolment(user, token);
  }

  /** Adds a user with a known id and token, in {@code org} (added when missing): demo data. */
  public void enrol(Organization org, User user, String token) {
    store.addUser(user, org, token, Integer.MAX_VALUE, Integer.MAX_VALUE);
  }

  /**
   * Creates a token for a caller that holds exactly {@code permissions} in {@code orgId}.
   *
   * @throws LimitReached when the tokens are at their bound
   */
  public String createToken(String orgId, Set<Permission> permissions) {
    Organization org = organizationFor(orgId);
    String token = newToken();
    admitted(
        store.addToken(token, new Caller(null, org.id(), permissions), org, limits.maxTokens()));
    return token;
  }

  public Optional<User> user(String id) {
    return store.user(id);
  }

  public Optional<Organization> findOrganization(String id) {
    return store.organization(id);
  }

  public Collection<Organization> organizations() {
    return store.contents().organizations();
  }

  public Optional<Caller> caller(String token) {
    return store.caller(token);
  }

  /** The organization with {@code id}: the stored one, or a new one (not yet stored). */
  private Organization organizationFor(String id) {
    return store
        .organization(id)
        .orElseGet(() -> new Organization(id, domainLabel(id) + ".localhost"));
  }

  private static String domainLabel(String orgId) {
    String label = orgId.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9-]", "-");
    return label.isEmpty() ? "org" : label;
  }

  private String newToken() {
    byte[] bytes = new byte[24];
    random.nextBytes(bytes);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }

  private void admitted(TotpStore.Admission admission) {
    switch (admission) {
      case ADDED -> {}
      case TOO_MANY_USERS -> throw new LimitReached(LimitReached.Resource.USERS, limits.maxUsers());
      case TOO_MANY_TOKENS ->
          throw new LimitReached(LimitReached.Resource.TOKENS, limits.maxTokens());
      // Ids come from the counter and tokens from SecureRandom: a clash is a defect.
      default -> throw new IllegalStateException("the store refused a new entry: " + admission);
    }
  }
}
