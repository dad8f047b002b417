package org.totpkit.mock.store.memory;

import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
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
 * transition runs under its {@link RegistrationTable} segment's lock (one of 64), so requests for
 * registrations of other segments never wait for each other; the bounds are counters reserved
 * before an entry goes in, so no global lock either. A user's sequence is counted under that user's
 * own monitor (its counter), together with the change it counts. Registrations are held compactly
 * ({@link HeldRegistration}) and handed out as {@link Registration} values.
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
  // By id, as numbers where they are: a million registrations are most of a fixture's memory.
  private final RegistrationTable registrations = new RegistrationTable();
  private final ConcurrentHashMap<String, Integer> registrationsPerUser = new ConcurrentHashMap<>();
  // Per user: the event counter, which is also the monitor that a counted change holds.
  private final Map<String, AtomicLong> sequences = new ConcurrentHashMap<>();
  private final Map<String, String> ownTotpIds = new ConcurrentHashMap<>();
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
    sequences.put(user.id(), new AtomicLong(1));
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
  public OptionalLong sequence(String userId) {
    AtomicLong sequence = sequences.get(userId);
    return sequence == null ? OptionalLong.empty() : OptionalLong.of(sequence.get());
  }

  @Override
  public Optional<String> ownTotpId(String userId) {
    return Optional.ofNullable(ownTotpIds.get(userId));
  }

  @Override
  public Admission addRegistration(Registration registration, int maxPerUser, int maxTotal) {
    AtomicLong sequence = sequences.get(registration.userId());
    if (sequence == null) {
      return add(registration, maxPerUser, maxTotal);
    }
    synchronized (sequence) {
      Admission admission = add(registration, maxPerUser, maxTotal);
      if (admission == Admission.ADDED) {
        sequence.incrementAndGet();
      }
      return admission;
    }
  }

  @Override
  public Counted<Admission> registerOwnTotp(Registration pending, int maxPerUser, int maxTotal) {
    String userId = pending.userId();
    AtomicLong sequence = sequences.get(userId);
    if (sequence == null) {
      return new Counted<>(Admission.NO_USER, 0);
    }
    synchronized (sequence) {
      String ownId = ownTotpIds.get(userId);
      HeldRegistration old = ownId == null ? null : registrations.get(ownId);
      if (old != null && old.userId().equals(userId)) {
        if (old.state() == Registration.State.VERIFIED) {
          return new Counted<>(Admission.OWN_TOTP_READY, 0);
        }
        // One in, one out: the bounds hold as they are.
        if (registrations.putIfAbsent(pending.totpId(), held(pending)) != null) {
          return new Counted<>(Admission.TAKEN, 0);
        }
        if (registrations.remove(ownId) == null) {
          // Gone meanwhile (a transition without this monitor): the new one takes a place.
          registrationCount.incrementAndGet();
          registrationsPerUser.merge(userId, 1, Integer::sum);
        }
      } else {
        Admission admission = add(pending, maxPerUser, maxTotal);
        if (admission != Admission.ADDED) {
          return new Counted<>(admission, 0);
        }
      }
      ownTotpIds.put(userId, pending.totpId());
      return new Counted<>(Admission.ADDED, sequence.incrementAndGet());
    }
  }

  private Admission add(Registration registration, int maxPerUser, int maxTotal) {
    if (!reserve(registrationCount, maxTotal)) {
      return Admission.TOO_MANY_REGISTRATIONS;
    }
    boolean[] admitted = new boolean[1];
    registrationsPerUser.compute(
        registration.userId(),
        (user, count) -> {
          int held = count == null ? 0 : count;
          admitted[0] = held < maxPerUser;
          // Boxed on both sides: an int branch would unbox a null count.
          return admitted[0] ? Integer.valueOf(held + 1) : count;
        });
    if (!admitted[0]) {
      registrationCount.decrementAndGet();
      return Admission.TOO_MANY_FOR_USER;
    }
    if (registrations.putIfAbsent(registration.totpId(), held(registration)) != null) {
      released(registration.userId());
      return Admission.TAKEN;
    }
    return Admission.ADDED;
  }

  @Override
  public Optional<Registration> registration(String totpId) {
    HeldRegistration held = registrations.get(totpId);
    return held == null ? Optional.empty() : Optional.of(held.registration(totpId));
  }

  @Override
  public <R> Counted<R> countedTransition(
      String totpId, Function<Registration, Transition<R>> step) {
    HeldRegistration peek = registrations.get(totpId);
    AtomicLong sequence = peek == null ? null : sequences.get(peek.userId());
    if (sequence == null) {
      return compute(totpId, step, null);
    }
    synchronized (sequence) {
      return compute(totpId, step, sequence);
    }
  }

  /** The transition under the registration's lock; {@code sequence} held by the caller, or null. */
  private <R> Counted<R> compute(
      String totpId, Function<Registration, Transition<R>> step, AtomicLong sequence) {
    Object[] result = new Object[1];
    long[] counted = new long[1];
    registrations.compute(
        totpId,
        held -> {
          Registration current = held == null ? null : held.registration(totpId);
          Transition<R> transition = step.apply(current);
          result[0] = transition.result();
          Registration next = transition.next();
          if (TotpStore.isEvent(current, next)) {
            String user = (current != null ? current : next).userId();
            AtomicLong counter = sequence != null ? sequence : sequences.get(user);
            counted[0] = counter == null ? 0 : counter.incrementAndGet();
          }
          String before = current == null ? null : current.userId();
          String after = next == null ? null : next.userId();
          if (before != null && !before.equals(after)) {
            released(before);
          }
          if (after != null && !after.equals(before)) {
            registrationCount.incrementAndGet();
            registrationsPerUser.merge(after, 1, Integer::sum);
          }
          if (next == null) {
            return null;
          }
          // A transition of the same registration keeps what is held, its user's id included.
          return held != null && next.userId().equals(held.userId())
              ? HeldRegistration.of(next, held.userId())
              : held(next);
        });
    @SuppressWarnings("unchecked")
    R answer = (R) result[0];
    return new Counted<>(answer, counted[0]);
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
    ownTotpIds.clear();
    sequences.clear();
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
    List<Registration> all = new ArrayList<>(registrations.size());
    registrations.forEach((id, held) -> all.add(held.registration(id)));
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

  /** What to hold of a new registration: its user's id as the user's own record has it. */
  private HeldRegistration held(Registration registration) {
    User user = users.get(registration.userId());
    return HeldRegistration.of(registration, user != null ? user.id() : registration.userId());
  }

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
