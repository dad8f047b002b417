package org.totpkit.mock.store.memory;

import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import java.util.function.UnaryOperator;
import org.totpkit.mock.totp.Caller;
import org.totpkit.mock.totp.Organization;
import org.totpkit.mock.totp.Registration;
import org.totpkit.mock.totp.Settings;
import org.totpkit.mock.totp.SettingsStore;
import org.totpkit.mock.totp.TotpStore;
import org.totpkit.mock.totp.User;

/**
 * The default engine: everything in this process's memory, gone when it ends. A registration's
 * transition runs under {@link ConcurrentHashMap#compute}'s per-key lock, so requests for different
 * registrations never wait for each other; the bounds are counters reserved before an entry goes
 * in, so no global lock either.
 */
public final class MemoryStore implements TotpStore {
  // Upstream's ids are large decimal numbers; a random base keeps two servers' ids apart.
  private static final long ID_BASE = 160_000_000_000_000_000L;

  private final SettingsStore settings;
  private final AtomicLong nextId;
  private final AtomicBoolean demoClaimed = new AtomicBoolean();
  private final Map<String, Organization> organizations = new ConcurrentHashMap<>();
  private final Map<String, User> users = new ConcurrentHashMap<>();
  private final Map<String, Caller> callersByToken = new ConcurrentHashMap<>();
  private final ConcurrentHashMap<String, Registration> registrations = new ConcurrentHashMap<>();
  private final ConcurrentHashMap<String, Integer> registrationsPerUser = new ConcurrentHashMap<>();
  private final AtomicInteger userCount = new AtomicInteger();
  private final AtomicInteger tokenCount = new AtomicInteger();
  private final AtomicInteger registrationCount = new AtomicInteger();

  public MemoryStore() {
    this(SettingsStore.inMemory());
  }

  /** A store whose settings live in {@code settings} (a clock built before the store). */
  public MemoryStore(SettingsStore settings) {
    this.settings = settings;
    this.nextId = new AtomicLong(ID_BASE + new SecureRandom().nextInt(1 << 30));
  }

  @Override
  public Settings settings() {
    return settings.settings();
  }

  @Override
  public Settings updateSettings(UnaryOperator<Settings> change) {
    return settings.updateSettings(change);
  }

  @Override
  public long newId() {
    return nextId.incrementAndGet();
  }

  @Override
  public Organization addOrganization(Organization org) {
    Organization before = organizations.putIfAbsent(org.id(), org);
    return before != null ? before : org;
  }

  @Override
  public Optional<Organization> organization(String id) {
    return Optional.ofNullable(organizations.get(id));
  }

  @Override
  public Admission addUser(User user, Organization org, String token, int maxUsers, int maxTokens) {
    if (!reserve(userCount, maxUsers)) {
      return Admission.TOO_MANY_USERS;
    }
    if (!reserve(tokenCount, maxTokens)) {
      userCount.decrementAndGet();
      return Admission.TOO_MANY_TOKENS;
    }
    if (users.putIfAbsent(user.id(), user) != null) {
      userCount.decrementAndGet();
      tokenCount.decrementAndGet();
      return Admission.TAKEN;
    }
    addOrganization(org);
    if (callersByToken.putIfAbsent(token, Caller.user(user)) != null) {
      tokenCount.decrementAndGet();
    }
    return Admission.ADDED;
  }

  @Override
  public Optional<User> user(String id) {
    return Optional.ofNullable(users.get(id));
  }

  @Override
  public Admission addToken(String token, Caller caller, Organization org, int maxTokens) {
    if (!reserve(tokenCount, maxTokens)) {
      return Admission.TOO_MANY_TOKENS;
    }
    addOrganization(org);
    if (callersByToken.putIfAbsent(token, caller) != null) {
      tokenCount.decrementAndGet();
      return Admission.TAKEN;
    }
    return Admission.ADDED;
  }

  @Override
  public Optional<Caller> caller(String token) {
    return Optional.ofNullable(callersByToken.get(token));
  }

  @Override
  public Admission addRegistration(Registration registration, int maxPerUser, int maxTotal) {
    if (!reserve(registrationCount, maxTotal)) {
      return Admission.TOO_MANY_REGISTRATIONS;
    }
    boolean[] admitted = new boolean[1];
    registrationsPerUser.compute(
        registration.userId(),
        (user, count) -> {
          int held = count == null ? 0 : count;
          admitted[0] = held < maxPerUser;
          return admitted[0] ? held + 1 : count;
        });
    if (!admitted[0]) {
      registrationCount.decrementAndGet();
      return Admission.TOO_MANY_FOR_USER;
    }
    if (registrations.putIfAbsent(registration.totpId(), registration) != null) {
      released(registration.userId());
      return Admission.TAKEN;
    }
    return Admission.ADDED;
  }

  @Override
  public Optional<Registration> registration(String totpId) {
    return Optional.ofNullable(registrations.get(totpId));
  }

  @Override
  public <R> R transition(String totpId, Function<Registration, Transition<R>> step) {
    Object[] result = new Object[1];
    registrations.compute(
        totpId,
        (id, current) -> {
          Transition<R> transition = step.apply(current);
          result[0] = transition.result();
          Registration next = transition.next();
          String before = current == null ? null : current.userId();
          String after = next == null ? null : next.userId();
          if (before != null && !before.equals(after)) {
            released(before);
          }
          if (after != null && !after.equals(before)) {
            registrationCount.incrementAndGet();
            registrationsPerUser.merge(after, 1, Integer::sum);
          }
          return next;
        });
    @SuppressWarnings("unchecked")
    R answer = (R) result[0];
    return answer;
  }

  @Override
  public boolean claimDemoData() {
    return demoClaimed.compareAndSet(false, true);
  }

  @Override
  public void clear() {
    registrations.clear();
    registrationsPerUser.clear();
    registrationCount.set(0);
    callersByToken.clear();
    tokenCount.set(0);
    users.clear();
    userCount.set(0);
    organizations.clear();
    settings.updateSettings(s -> Settings.DEFAULT);
  }

  @Override
  public Contents contents() {
    List<Organization> orgs = new ArrayList<>(organizations.values());
    orgs.sort(Comparator.comparing(Organization::id));
    List<User> allUsers = new ArrayList<>(users.values());
    allUsers.sort(Comparator.comparing(User::id));
    List<Registration> all = new ArrayList<>(registrations.values());
    all.sort(Comparator.comparing(Registration::totpId));
    return new Contents(
        List.copyOf(orgs),
        List.copyOf(allUsers),
        Map.copyOf(new TreeMap<>(callersByToken)),
        List.copyOf(all),
        settings.settings());
  }

  @Override
  public void close() {}

  private void released(String userId) {
    registrationCount.decrementAndGet();
    registrationsPerUser.computeIfPresent(userId, (user, count) -> count > 1 ? count - 1 : null);
  }

  /** Takes one of {@code max} places, or none when all are taken. */
  private static boolean reserve(AtomicInteger count, int max) {
    if (count.incrementAndGet() > max) {
      count.decrementAndGet();
      return false;
    }
    return true;
  }
}
