package org.totpkit.mock.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.totpkit.mock.totp.Caller;
import org.totpkit.mock.totp.ClockSetting;
import org.totpkit.mock.totp.HashAlgorithm;
import org.totpkit.mock.totp.Organization;
import org.totpkit.mock.totp.Outcome;
import org.totpkit.mock.totp.Permission;
import org.totpkit.mock.totp.Registration;
import org.totpkit.mock.totp.Scope;
import org.totpkit.mock.totp.Settings;
import org.totpkit.mock.totp.TotpParameters;
import org.totpkit.mock.totp.TotpPolicy;
import org.totpkit.mock.totp.TotpService;
import org.totpkit.mock.totp.TotpStore;
import org.totpkit.mock.totp.TotpStore.Admission;
import org.totpkit.mock.totp.TotpStore.Transition;
import org.totpkit.mock.totp.User;
import org.totpkit.mock.totp.VirtualClock;

/**
 * What every engine must do, proven the same way for each: a subclass says how to make stores, and
 * inherits every test. "Sharing" stores are separate instances on one state (one database), as
 * several server processes would be; the memory engine has only one.
 */
public abstract class TotpStoreContract {
  private static final Instant T0 = Instant.ofEpochSecond(1_700_000_000L);
  private static final TotpParameters SHA1_6 = new TotpParameters(HashAlgorithm.SHA1, 6, 30, 1);
  private static final Organization ACME = new Organization("org-1", "acme.localhost");
  private static final int THREADS = 16;

  /** A new, empty store. */
  protected abstract TotpStore newStore();

  /** {@code n} stores on the state of the last {@link #newStore()} (the same one on memory). */
  protected abstract List<TotpStore> sharing(int n);

  protected TotpStore store;
  private final List<TotpStore> opened = new ArrayList<>();
  private ExecutorService pool;

  @BeforeEach
  void openStore() {
    store = newStore();
    pool = Executors.newFixedThreadPool(THREADS);
  }

  @AfterEach
  void closeStores() throws InterruptedException {
    pool.shutdownNow();
    pool.awaitTermination(10, TimeUnit.SECONDS);
    for (TotpStore other : opened) {
      if (other != store) {
        other.close();
      }
    }
    store.close();
  }

  private List<TotpStore> shared(int n) {
    List<TotpStore> stores = sharing(n);
    opened.addAll(stores);
    return stores;
  }

  private static Registration pending(String totpId, String userId) {
    return new Registration(
        totpId,
        userId,
        new byte[] {1, 2, 3, 4, 5},
        SHA1_6,
        Registration.State.PENDING,
        T0,
        0,
        null);
  }

  private static Registration with(Registration r, Registration.State state, int failed) {
    return new Registration(
        r.totpId(), r.userId(), r.secret(), r.parameters(), state, r.startedAt(), failed, null);
  }

  private static User user(String id) {
    return new User(id, ACME.id(), id + "@acme", T0);
  }

  /** Runs {@code task} {@code times} times at once (all released together) and collects answers. */
  private <T> List<T> atOnce(int times, Callable<T> task) throws Exception {
    CountDownLatch ready = new CountDownLatch(times);
    CountDownLatch go = new CountDownLatch(1);
    List<Future<T>> futures = new ArrayList<>();
    ExecutorService wide = Executors.newFixedThreadPool(times);
    try {
      for (int i = 0; i < times; i++) {
        futures.add(
            wide.submit(
                () -> {
                  ready.countDown();
                  go.await();
                  return task.call();
                }));
      }
      ready.await();
      go.countDown();
      List<T> results = new ArrayList<>();
      for (Future<T> future : futures) {
        results.add(future.get(60, TimeUnit.SECONDS));
      }
      return results;
    } finally {
      wide.shutdownNow();
    }
  }

  @Test
  void keepsWhatIsAddedAndAnswersEmptyForWhatIsNot() {
    assertThat(store.addUser(user("u1"), ACME, "tok-1", 10, 10)).isEqualTo(Admission.ADDED);
    assertThat(store.user("u1")).contains(user("u1"));
    assertThat(store.organization(ACME.id())).contains(ACME);
    assertThat(store.caller("tok-1")).contains(Caller.user(user("u1")));
    Caller admin =
        new Caller(
            null, ACME.id(), Set.of(Permission.USER_WRITE, Permission.USER_CREDENTIAL_WRITE));
    assertThat(store.addToken("tok-2", admin, ACME, 10)).isEqualTo(Admission.ADDED);
    assertThat(store.caller("tok-2")).contains(admin);
    assertThat(store.addRegistration(pending("r1", "u1"), 10, 10)).isEqualTo(Admission.ADDED);
    assertThat(store.registration("r1")).contains(pending("r1", "u1"));

    assertThat(store.user("nobody")).isEmpty();
    assertThat(store.caller("nothing")).isEmpty();
    assertThat(store.organization("none")).isEmpty();
    assertThat(store.registration("r2")).isEmpty();
    assertThat(store.addUser(user("u1"), ACME, "tok-3", 10, 10)).isEqualTo(Admission.TAKEN);
    assertThat(store.caller("tok-3")).as("a refused user's token is not kept").isEmpty();
    assertThat(store.addRegistration(pending("r1", "u1"), 10, 10)).isEqualTo(Admission.TAKEN);
    assertThat(store.addOrganization(new Organization(ACME.id(), "other"))).isEqualTo(ACME);
  }

  @Test
  void keepsALockAndItsInstantToTheNanosecond() {
    store.addUser(user("u1"), ACME, "tok-1", 10, 10);
    store.addRegistration(pending("r1", "u1"), 10, 10);
    Instant until = T0.plusNanos(123_456_789);
    Registration locked =
        new Registration(
            "r1",
            "u1",
            new byte[] {1, 2, 3, 4, 5},
            SHA1_6,
            Registration.State.PENDING,
            T0,
            0,
            until);
    store.transition("r1", r -> new Transition<>(locked, null));
    assertThat(store.registration("r1")).contains(locked);
  }

  @Test
  void boundsUsersTokensAndRegistrationsExactly() {
    assertThat(store.addUser(user("u1"), ACME, "t1", 2, 3)).isEqualTo(Admission.ADDED);
    assertThat(store.addUser(user("u2"), ACME, "t2", 2, 3)).isEqualTo(Admission.ADDED);
    assertThat(store.addUser(user("u3"), ACME, "t3", 2, 3)).isEqualTo(Admission.TOO_MANY_USERS);
    assertThat(store.user("u3")).isEmpty();
    Caller caller = new Caller(null, "org-2", Set.of());
    Organization org2 = new Organization("org-2", "org-2.localhost");
    assertThat(store.addToken("t4", caller, org2, 3)).isEqualTo(Admission.ADDED);
    assertThat(store.addToken("t5", caller, org2, 3)).isEqualTo(Admission.TOO_MANY_TOKENS);
    assertThat(store.caller("t5")).isEmpty();
    assertThat(store.addUser(user("u3"), ACME, "t6", 5, 3)).isEqualTo(Admission.TOO_MANY_TOKENS);
    assertThat(store.user("u3")).as("all or nothing").isEmpty();
    Organization org3 = new Organization("org-3", "org-3.localhost");
    store.addUser(new User("u9", "org-3", "x", T0), org3, "t9", 2, 3);
    assertThat(store.organization("org-3")).as("no organization for a refused user").isEmpty();

    assertThat(store.addRegistration(pending("r1", "u1"), 2, 3)).isEqualTo(Admission.ADDED);
    assertThat(store.addRegistration(pending("r2", "u1"), 2, 3)).isEqualTo(Admission.ADDED);
    assertThat(store.addRegistration(pending("r3", "u1"), 2, 3))
        .isEqualTo(Admission.TOO_MANY_FOR_USER);
    assertThat(store.addRegistration(pending("r4", "u2"), 2, 3)).isEqualTo(Admission.ADDED);
    assertThat(store.addRegistration(pending("r5", "u2"), 2, 3))
        .isEqualTo(Admission.TOO_MANY_REGISTRATIONS);
    assertThat(store.registration("r3")).isEmpty();
    assertThat(store.registration("r5")).isEmpty();

    // A removed registration gives its place back, to its user and to the store.
    store.transition("r1", r -> new Transition<>(null, null));
    assertThat(store.addRegistration(pending("r6", "u1"), 2, 3)).isEqualTo(Admission.ADDED);
  }

  @Test
  void concurrentAddsNeverPassABound() throws Exception {
    store.addUser(user("u1"), ACME, "t1", 10, 10);
    int[] next = {0};
    List<Admission> answers =
        atOnce(
            24,
            () -> {
              String id;
              synchronized (next) {
                id = "r" + next[0]++;
              }
              return store.addRegistration(pending(id, "u1"), 5, 100);
            });
    assertThat(answers.stream().filter(a -> a == Admission.ADDED)).hasSize(5);
    assertThat(store.contents().registrations()).hasSize(5);
  }

  @Test
  void ofConcurrentTransitionsFromPendingExactlyOneWins() throws Exception {
    List<TotpStore> stores = shared(3);
    for (int round = 0; round < 5; round++) {
      String id = "race-" + round;
      store.addRegistration(pending(id, "u1"), 100, 1000);
      int[] turn = {0};
      List<String> answers =
          atOnce(
              THREADS,
              () -> {
                TotpStore mine;
                synchronized (turn) {
                  mine = stores.get(turn[0]++ % stores.size());
                }
                return mine.transition(
                    id,
                    r ->
                        r.state() == Registration.State.PENDING
                            ? new Transition<>(with(r, Registration.State.VERIFIED, 0), "won")
                            : new Transition<>(r, "already"));
              });
      assertThat(answers.stream().filter("won"::equals)).as("round " + round).hasSize(1);
      assertThat(answers.stream().filter("already"::equals)).hasSize(THREADS - 1);
      assertThat(store.registration(id).orElseThrow().state())
          .isEqualTo(Registration.State.VERIFIED);
    }
  }

  @Test
  void concurrentFailuresAreEachCountedOnce() throws Exception {
    List<TotpStore> stores = shared(3);
    store.addRegistration(pending("r1", "u1"), 100, 1000);
    int[] turn = {0};
    atOnce(
        THREADS * 2,
        () -> {
          TotpStore mine;
          synchronized (turn) {
            mine = stores.get(turn[0]++ % stores.size());
          }
          return mine.transition(
              "r1",
              r ->
                  new Transition<>(with(r, r.state(), r.failedAttempts() + 1), r.failedAttempts()));
        });
    assertThat(store.registration("r1").orElseThrow().failedAttempts()).isEqualTo(THREADS * 2);
  }

  @Test
  void theLockoutCountsEveryConcurrentWrongCodeExactlyOnce() throws Exception {
    VirtualClock clock = new VirtualClock(() -> T0, store);
    clock.freezeAt(T0);
    TotpService service = TotpService.create(store, clock);
    service.changePolicy(p -> new TotpPolicy(p.algorithm(), 6, 30, 1, p.issuer(), 5, 60, 0));
    var enrolment = service.directory().createUser("alice", "acme");
    Caller alice = Caller.user(enrolment.user());
    String userId = enrolment.user().id();
    String totpId = ((Outcome.Started) service.start(alice, userId, Scope.NONE)).totpId();
    // Nine digits never match a six-digit registration: every one is a wrong code.
    List<Outcome> outcomes =
        atOnce(THREADS, () -> service.verify(alice, userId, totpId, "1234567", Scope.NONE));
    assertThat(outcomes.stream().filter(o -> o instanceof Outcome.InvalidCode)).hasSize(5);
    assertThat(outcomes.stream().filter(o -> o instanceof Outcome.Locked)).hasSize(THREADS - 5);
  }

  @Test
  void concurrentClockAdvancesAddUp() throws Exception {
    List<TotpStore> stores = shared(3);
    new VirtualClock(() -> T0, store).freezeAt(T0);
    int[] turn = {0};
    atOnce(
        THREADS,
        () -> {
          TotpStore mine;
          synchronized (turn) {
            mine = stores.get(turn[0]++ % stores.size());
          }
          new VirtualClock(() -> T0, mine).advance(Duration.ofSeconds(1));
          return null;
        });
    assertThat(store.settings().clock().frozenAt()).isEqualTo(T0.plusSeconds(THREADS));
  }

  @Test
  void keepsTheClockAndThePolicy() {
    Settings changed =
        new Settings(
            new ClockSetting(null, Duration.ofMillis(-90_500)),
            new TotpPolicy(HashAlgorithm.SHA512, 8, 60, 2, "ACME Corp", 3, 120, 600));
    store.updateSettings(s -> changed);
    assertThat(store.settings()).isEqualTo(changed);
    for (TotpStore other : shared(2)) {
      assertThat(other.settings()).isEqualTo(changed);
    }
  }

  @Test
  void aChangeThatThrowsChangesNothing() {
    try {
      store.updateSettings(
          s -> {
            throw new IllegalArgumentException("invalid");
          });
    } catch (IllegalArgumentException expected) {
      // the change is lost
    }
    assertThat(store.settings()).isEqualTo(Settings.DEFAULT);
  }

  @Test
  void idsAreUniqueAcrossStoresOnOneState() throws Exception {
    List<TotpStore> stores = shared(3);
    int[] turn = {0};
    List<List<Long>> batches =
        atOnce(
            12,
            () -> {
              TotpStore mine;
              synchronized (turn) {
                mine = stores.get(turn[0]++ % stores.size());
              }
              List<Long> ids = new ArrayList<>();
              for (int i = 0; i < 300; i++) {
                ids.add(mine.newId());
              }
              return ids;
            });
    Set<Long> unique = new HashSet<>();
    batches.forEach(unique::addAll);
    assertThat(unique).hasSize(12 * 300);
    assertThat(unique).allSatisfy(id -> assertThat(Long.toString(id)).hasSize(18));
  }

  @Test
  void theDemoDataIsClaimedOnce() {
    List<TotpStore> stores = shared(2);
    assertThat(store.claimDemoData()).isTrue();
    assertThat(store.claimDemoData()).isFalse();
    for (TotpStore other : stores) {
      assertThat(other.claimDemoData()).isFalse();
    }
    store.clear();
    assertThat(store.claimDemoData()).as("a reset does not bring it back").isFalse();
  }

  @Test
  void clearForgetsEverythingButTheIdCounter() {
    store.addUser(user("u1"), ACME, "t1", 10, 10);
    store.addRegistration(pending("r1", "u1"), 10, 10);
    store.updateSettings(s -> s.withClock(new ClockSetting(T0, Duration.ZERO)));
    long before = store.newId();
    store.clear();
    TotpStore.Contents contents = store.contents();
    assertThat(contents.users()).isEmpty();
    assertThat(contents.tokens()).isEmpty();
    assertThat(contents.organizations()).isEmpty();
    assertThat(contents.registrations()).isEmpty();
    assertThat(contents.settings()).isEqualTo(Settings.DEFAULT);
    assertThat(store.newId()).isNotEqualTo(before);
    assertThat(store.addUser(user("u1"), ACME, "t1", 1, 1)).isEqualTo(Admission.ADDED);
    assertThat(store.addRegistration(pending("r1", "u1"), 1, 1)).isEqualTo(Admission.ADDED);
  }

  @Test
  void contentsListEverythingInOrder() {
    store.addUser(user("u2"), ACME, "t2", 10, 10);
    store.addUser(user("u1"), ACME, "t1", 10, 10);
    store.addRegistration(pending("r2", "u1"), 10, 10);
    store.addRegistration(pending("r1", "u2"), 10, 10);
    TotpStore.Contents contents = store.contents();
    assertThat(contents.users()).containsExactly(user("u1"), user("u2"));
    assertThat(contents.registrations()).containsExactly(pending("r1", "u2"), pending("r2", "u1"));
    assertThat(contents.tokens()).containsOnlyKeys("t1", "t2");
    assertThat(contents.organizations()).containsExactly(ACME);
  }

  // --- a user's events (the sequence) and own TOTP (the v2 dialect's one per user)

  private void addUser(String id) {
    assertThat(store.addUser(user(id), ACME, "token-" + id, 100, 100)).isEqualTo(Admission.ADDED);
  }

  @Test
  void aUsersSequenceStartsAtOneAndCountsEachEventInTheSameStep() {
    addUser("u1");
    assertThat(store.sequence("u1")).hasValue(1);
    assertThat(store.sequence("nobody")).isEmpty();
    assertThat(store.addRegistration(pending("r1", "u1"), 100, 1000)).isEqualTo(Admission.ADDED);
    assertThat(store.sequence("u1")).as("added").hasValue(2);
    TotpStore.Counted<String> failed =
        store.countedTransition(
            "r1", r -> new Transition<>(with(r, Registration.State.PENDING, 1), "failed"));
    assertThat(failed.sequence()).as("a failure counter is no event").isZero();
    assertThat(store.sequence("u1")).hasValue(2);
    TotpStore.Counted<String> verified =
        store.countedTransition(
            "r1", r -> new Transition<>(with(r, Registration.State.VERIFIED, 0), "verified"));
    assertThat(verified.result()).isEqualTo("verified");
    assertThat(verified.sequence()).isEqualTo(3);
    TotpStore.Counted<String> removed =
        store.countedTransition("r1", r -> new Transition<>(null, "removed"));
    assertThat(removed.sequence()).isEqualTo(4);
    TotpStore.Counted<String> nothing =
        store.countedTransition("r1", r -> new Transition<>(null, "none"));
    assertThat(nothing.sequence()).as("nothing changed").isZero();
    assertThat(store.sequence("u1")).hasValue(4);
    assertThat(store.addRegistration(pending("r2", "u1"), 0, 1000))
        .isEqualTo(Admission.TOO_MANY_FOR_USER);
    assertThat(store.sequence("u1")).as("a refused add counts nothing").hasValue(4);
  }

  @Test
  void theOwnTotpIsReplacedWhilePendingAndKeptWhenVerified() {
    addUser("u1");
    assertThat(store.ownTotpId("u1")).isEmpty();
    assertThat(store.registerOwnTotp(pending("a", "u1"), 100, 1000))
        .isEqualTo(new TotpStore.Counted<>(Admission.ADDED, 2L));
    assertThat(store.ownTotpId("u1")).hasValue("a");
    assertThat(store.registerOwnTotp(pending("b", "u1"), 100, 1000))
        .isEqualTo(new TotpStore.Counted<>(Admission.ADDED, 3L));
    assertThat(store.ownTotpId("u1")).hasValue("b");
    assertThat(store.registration("a")).as("the pending one is replaced").isEmpty();
    assertThat(store.contents().registrations()).hasSize(1);
    store.countedTransition(
        "b", r -> new Transition<>(with(r, Registration.State.VERIFIED, 0), "verified"));
    assertThat(store.registerOwnTotp(pending("c", "u1"), 100, 1000).result())
        .isEqualTo(Admission.OWN_TOTP_READY);
    assertThat(store.registration("c")).isEmpty();
    assertThat(store.sequence("u1")).hasValue(4);
    assertThat(store.registerOwnTotp(pending("d", "nobody"), 100, 1000).result())
        .isEqualTo(Admission.NO_USER);
  }

  @Test
  void theOwnTotpIsWithinTheBoundsButAReplacementNeedsNoRoom() {
    addUser("u1");
    store.addRegistration(pending("other", "u1"), 100, 1000);
    assertThat(store.registerOwnTotp(pending("a", "u1"), 1, 1000).result())
        .isEqualTo(Admission.TOO_MANY_FOR_USER);
    assertThat(store.registerOwnTotp(pending("a", "u1"), 2, 1000).result())
        .isEqualTo(Admission.ADDED);
    assertThat(store.registerOwnTotp(pending("b", "u1"), 2, 2).result())
        .as("one in, one out")
        .isEqualTo(Admission.ADDED);
    assertThat(store.contents().registrations()).hasSize(2);
  }

  @Test
  void concurrentEventsOfOneUserAreEachCountedOnceAcrossStores() throws Exception {
    List<TotpStore> stores = shared(3);
    addUser("u1");
    int[] turn = {0};
    List<Long> sequences =
        atOnce(
            THREADS,
            () -> {
              TotpStore mine;
              int n;
              synchronized (turn) {
                n = turn[0]++;
                mine = stores.get(n % stores.size());
              }
              return n % 2 == 0
                  ? mine.registerOwnTotp(pending("own-" + n, "u1"), 100, 1000).sequence()
                  : mine.addRegistration(pending("v3-" + n, "u1"), 100, 1000) == Admission.ADDED
                      ? -1L
                      : -2L;
            });
    assertThat(sequences).doesNotContain(-2L, 0L);
    assertThat(store.sequence("u1")).hasValue(1 + THREADS);
    List<Long> own = sequences.stream().filter(s -> s > 0).toList();
    assertThat(own).as("each register has its own number").doesNotHaveDuplicates();
    // The own TOTP is the last registered: exactly one of the v2 ones is left.
    assertThat(
            store.contents().registrations().stream()
                .filter(r -> r.totpId().startsWith("own-"))
                .map(Registration::totpId))
        .containsExactly(store.ownTotpId("u1").orElseThrow());
  }
}
