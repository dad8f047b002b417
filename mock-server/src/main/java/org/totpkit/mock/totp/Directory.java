package org.totpkit.mock.totp;

import java.security.SecureRandom;
import java.time.InstantSource;
import java.util.Base64;
import java.util.Collection;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/** Organizations, users and the bearer tokens that act for them. */
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
  private final AtomicLong nextId;
  private final Map<String, Organization> organizations = new ConcurrentHashMap<>();
  private final Map<String, User> users = new ConcurrentHashMap<>();
  private final Map<String, Caller> callersByToken = new ConcurrentHashMap<>();

  public Directory(InstantSource clock, SecureRandom random) {
    this.clock = clock;
    this.random = random;
    // Ids look like upstream's: large decimal numbers, unique within this server.
    this.nextId = new AtomicLong(160_000_000_000_000_000L + random.nextInt(1 << 30));
  }

  public String newId() {
    return Long.toString(nextId.incrementAndGet());
  }

  /** Creates a user in {@code orgId} (a new organization when null or unknown). */
  public Enrolment createUser(String loginName, String orgId) {
    Organization org = organization(orgId == null ? newId() : orgId);
    String id = newId();
    String login = loginName != null ? loginName : "user-" + id + "@" + org.domain();
    User user = new User(id, org.id(), login, clock.instant());
    users.put(id, user);
    return new Enrolment(user, issueToken(Caller.user(user)));
  }

  /** Adds a user with a known id and token, in {@code org} (added when missing): demo data. */
  public void enrol(Organization org, User user, String token) {
    organizations.putIfAbsent(org.id(), org);
    users.put(user.id(), user);
    callersByToken.put(token, Caller.user(user));
  }

  /** Creates a token for a caller that holds exactly {@code permissions} in {@code orgId}. */
  public String createToken(String orgId, Set<Permission> permissions) {
    Organization org = organization(orgId);
    return issueToken(new Caller(null, org.id(), permissions));
  }

  public Optional<User> user(String id) {
    return Optional.ofNullable(users.get(id));
  }

  public Optional<Organization> findOrganization(String id) {
    return Optional.ofNullable(organizations.get(id));
  }

  public Collection<Organization> organizations() {
    return organizations.values();
  }

  public Optional<Caller> caller(String token) {
    return Optional.ofNullable(callersByToken.get(token));
  }

  public void clear() {
    organizations.clear();
    users.clear();
    callersByToken.clear();
  }

  private Organization organization(String id) {
    return organizations.computeIfAbsent(
        id, key -> new Organization(key, domainLabel(key) + ".localhost"));
  }

  private static String domainLabel(String orgId) {
    String label = orgId.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9-]", "-");
    return label.isEmpty() ? "org" : label;
  }

  private String issueToken(Caller caller) {
    byte[] bytes = new byte[24];
    random.nextBytes(bytes);
    String token = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    callersByToken.put(token, caller);
    return token;
  }
}
