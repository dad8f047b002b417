package org.totpkit.mock.replicas;

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
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.totpkit.contract.hooks.model.OtpPolicyChange;
import org.totpkit.mock.ReferenceServer;
import org.totpkit.mock.ServerOptions;
import org.totpkit.mock.ServerParts;
import org.totpkit.mock.faults.BrokenParts;
import org.totpkit.mock.faults.Fault;
import org.totpkit.mock.junit.HooksClient;
import org.totpkit.mock.replicas.ExactlyOnceChecker.Attempt;
import org.totpkit.mock.store.StoreLocation;
import org.totpkit.mock.store.jdbc.PostgresStore;
import org.totpkit.mock.testing.PendingRegistration;
import org.totpkit.mock.testing.RawHttp;
import org.totpkit.mock.testing.Reply;
import org.totpkit.mock.testing.TestPostgres;
import org.totpkit.mock.totp.TotpStore;

/**
 * Three replicas of the reference server on one PostgreSQL, requests spread round-robin over them
 * as a load balancer would: the contract holds as on one server. A racy store on the same shared
 * engine proves that the checker can fail.
 */
class ReplicasTest {
  static final int REPLICAS = 3;
  static final int REGISTRATIONS = 20;
  static final int SIMULTANEOUS = 32;
  static final Instant NOW = Instant.parse("2030-01-01T00:00:10Z");

  StoreLocation location;
  final List<ReferenceServer> replicas = new ArrayList<>();
  ExecutorService pool;

  @BeforeEach
  void setUp() {
    location = TestPostgres.freshLocation();
    pool = Executors.newFixedThreadPool(SIMULTANEOUS);
  }

  @AfterEach
  void tearDown() throws InterruptedException {
    pool.shutdownNow();
    pool.awaitTermination(30, TimeUnit.SECONDS);
    replicas.forEach(ReferenceServer::close);
  }

  void startReplicas(Supplier<ServerParts> parts, boolean demoData) {
    for (int i = 0; i < REPLICAS; i++) {
      ServerOptions options =
          ServerOptions.defaults().withPort(0).withDemoData(demoData).withStore(location);
      replicas.add(ReferenceServer.start(options, parts.get()));
    }
  }

  HooksClient hooks(int replica) {
    return new HooksClient(replicas.get(replica % REPLICAS).hooksUrl(), null);
  }

  RawHttp api(int replica) {
    return new RawHttp(replicas.get(replica % REPLICAS).baseUrl());
  }

  @Test
  void exactlyOneOfManySimultaneousRightCodesAcrossReplicas() throws Exception {
    startReplicas(() -> ServerParts.STANDARD, false);
    List<String> violations = run(REGISTRATIONS);
    assertThat(violations).as("exactly once across %d replicas", REPLICAS).isEmpty();
  }

  @Test
  void theCheckerFailsARacyStoreOnTheSharedEngine() throws Exception {
    startReplicas(() -> new BrokenParts(Set.of(Fault.CHECK_THEN_SET_RACE)), false);
    List<String> violations = run(5);
    assertThat(violations).as("a read-wait-write store must break exactly once").isNotEmpty();
    assertThat(violations).anyMatch(v -> v.contains("answers 200, not exactly one"));
  }

  @Test
  void exactlyOneOfManySimultaneousRightV2CodesAcrossReplicas() throws Exception {
    startReplicas(() -> ServerParts.STANDARD, false);
    List<String> violations = runV2(REGISTRATIONS);
    assertThat(violations).as("v2: exactly once across %d replicas", REPLICAS).isEmpty();
  }

  @Test
  void theCheckerFailsARacyStoreOnTheSharedEngineInV2Too() throws Exception {
    startReplicas(() -> new BrokenParts(Set.of(Fault.CHECK_THEN_SET_RACE)), false);
    List<String> violations = runV2(5);
    assertThat(violations).anyMatch(v -> v.contains("answers 200, not exactly one"));
  }

  /** Registers a v2 TOTP for each of {@code users} new users, then races right codes. */
  List<String> runV2(int users) throws Exception {
    hooks(0).freezeClock(NOW);
    record V2Totp(String userId, String token, String secret) {}
    List<V2Totp> totps = new ArrayList<>();
    for (int u = 0; u < users; u++) {
      var user = hooks(u).createUser();
      Reply registered =
          api(u + 1)
              .send(
                  "POST",
                  "/v2/users/" + user.getUserId() + "/totp",
                  "{}",
                  "Content-Type",
                  "application/json",
                  "Authorization",
                  "Bearer " + user.getToken());
      assertThat(registered.status()).as("register: %s", registered).isEqualTo(200);
      totps.add(new V2Totp(user.getUserId(), user.getToken(), registered.text("secret")));
    }
    List<String> violations = new ArrayList<>();
    List<RawHttp> clients = new ArrayList<>();
    for (int i = 0; i < SIMULTANEOUS; i++) {
      clients.add(api(i));
    }
    for (V2Totp totp : totps) {
      String body =
          "{\"code\":\""
              + org.totpkit.mock.testing.JceTotp.totp(totp.secret(), NOW.getEpochSecond())
              + "\"}";
      List<Attempt> history =
          simultaneously(
              i -> {
                long sent = System.nanoTime();
                Reply reply =
                    clients
                        .get(i)
                        .send(
                            "POST",
                            "/v2/users/" + totp.userId() + "/totp/verify",
                            body,
                            "Content-Type",
                            "application/json",
                            "Authorization",
                            "Bearer " + totp.token());
                long done = System.nanoTime();
                int errorCode = reply.status() == 200 ? 0 : reply.json().path("code").asInt(-1);
                return new Attempt(i % REPLICAS, sent, done, reply.status(), errorCode);
              });
      violations.addAll(ExactlyOnceChecker.violations("v2 TOTP of " + totp.userId(), history));
    }
    return violations;
  }

  /** Starts {@code registrations}, each through another replica, then races right codes. */
  List<String> run(int registrations) throws Exception {
    hooks(0).freezeClock(NOW);
    List<PendingRegistration> pending = new ArrayList<>();
    for (int r = 0; r < registrations; r++) {
      pending.add(PendingRegistration.start(hooks(r), api(r + 1)));
    }
    Set<String> ids = new HashSet<>();
    pending.forEach(p -> ids.add(p.totpId()));
    assertThat(ids).as("registration ids from three replicas never collide").hasSize(registrations);

    List<String> violations = new ArrayList<>();
    List<RawHttp> clients = new ArrayList<>();
    for (int i = 0; i < SIMULTANEOUS; i++) {
      clients.add(api(i));
    }
    for (PendingRegistration p : pending) {
      String code = p.codeAt(NOW.getEpochSecond());
      List<Attempt> history =
          simultaneously(
              i -> {
                long sent = System.nanoTime();
                Reply reply = p.verify(clients.get(i), code);
                long done = System.nanoTime();
                int errorCode = reply.status() == 200 ? 0 : reply.json().path("code").asInt(-1);
                return new Attempt(i % REPLICAS, sent, done, reply.status(), errorCode);
              });
      violations.addAll(ExactlyOnceChecker.violations(p.toString(), history));
    }
    return violations;
  }

  interface Request<T> {
    T send(int index) throws Exception;
  }

  /** {@link #SIMULTANEOUS} requests released together, request i to replica i mod 3. */
  <T> List<T> simultaneously(Request<T> request) throws Exception {
    CountDownLatch ready = new CountDownLatch(SIMULTANEOUS);
    CountDownLatch go = new CountDownLatch(1);
    List<Future<T>> futures = new ArrayList<>();
    for (int i = 0; i < SIMULTANEOUS; i++) {
      int index = i;
      Callable<T> task =
          () -> {
            ready.countDown();
            go.await();
            return request.send(index);
          };
      futures.add(pool.submit(task));
    }
    assertThat(ready.await(60, TimeUnit.SECONDS)).isTrue();
    go.countDown();
    List<T> results = new ArrayList<>();
    for (Future<T> f : futures) {
      results.add(f.get(120, TimeUnit.SECONDS));
    }
    return results;
  }

  @Test
  void theLockoutCountsEveryWrongCodeOnceWhicheverReplicaGetsIt() throws Exception {
    startReplicas(() -> ServerParts.STANDARD, false);
    hooks(0).freezeClock(NOW);
    int limit = 5;
    hooks(1).changePolicy(new OtpPolicyChange().maxFailedAttempts(limit).lockSeconds(300));
    PendingRegistration p = PendingRegistration.start(hooks(2), api(0));
    String wrong = p.wrongCodeAt(NOW.getEpochSecond());
    List<RawHttp> clients = new ArrayList<>();
    for (int i = 0; i < SIMULTANEOUS; i++) {
      clients.add(api(i));
    }
    List<Reply> replies = simultaneously(i -> p.verify(clients.get(i), wrong));
    long invalid =
        replies.stream()
            .filter(r -> r.status() == 400 && r.json().path("code").asInt() == 3)
            .count();
    long locked =
        replies.stream()
            .filter(r -> r.status() == 429 && r.json().path("code").asInt() == 8)
            .count();
    assertThat(invalid).as("'Invalid code' answers of %s", replies).isEqualTo(limit);
    assertThat(locked).as("locked answers").isEqualTo(SIMULTANEOUS - limit);
    assertThat(p.verify(api(2), p.codeAt(NOW.getEpochSecond())).status())
        .as("a right code while locked, on yet another replica")
        .isEqualTo(429);
  }

  @Test
  void clockAndPolicyChangedThroughOneReplicaAreEveryReplicasAtTheNextRequest() throws Exception {
    startReplicas(() -> ServerParts.STANDARD, false);
    hooks(0).freezeClock(NOW);
    assertThat(hooks(2).clock().getEpochMillis()).isEqualTo(NOW.toEpochMilli());
    assertThat(hooks(2).clock().getFrozen()).isTrue();

    // Two advances at once through two replicas: both count.
    List<Object> both =
        simultaneouslyTwo(
            () -> hooks(0).advanceClock(Duration.ofSeconds(30)),
            () -> hooks(1).advanceClock(Duration.ofSeconds(30)));
    assertThat(both).hasSize(2);
    assertThat(hooks(2).clock().getEpochMillis())
        .as("two concurrent advances of 30 s through two replicas")
        .isEqualTo(NOW.plusSeconds(60).toEpochMilli());

    hooks(1).changePolicy(new OtpPolicyChange().maxFailedAttempts(7));
    assertThat(hooks(2).policy().getMaxFailedAttempts()).isEqualTo(7);
    assertThat(hooks(0).policy().getMaxFailedAttempts()).isEqualTo(7);
  }

  private List<Object> simultaneouslyTwo(Callable<?> a, Callable<?> b) throws Exception {
    CountDownLatch go = new CountDownLatch(1);
    Future<?> fa =
        pool.submit(
            () -> {
              go.await();
              return a.call();
            });
    Future<?> fb =
        pool.submit(
            () -> {
              go.await();
              return b.call();
            });
    go.countDown();
    return List.of(fa.get(60, TimeUnit.SECONDS), fb.get(60, TimeUnit.SECONDS));
  }

  @Test
  void demoDataGoesInOnceAndResetThroughOneReplicaResetsTheTeam() throws Exception {
    startReplicas(() -> ServerParts.STANDARD, true);
    int demoUsers;
    try (TotpStore shared = PostgresStore.open(location)) {
      demoUsers = shared.contents().users().size();
    }
    StoreLocation single = TestPostgres.freshLocation();
    try (ReferenceServer one =
        ReferenceServer.start(ServerOptions.defaults().withPort(0).withStore(single))) {
      try (TotpStore alone = PostgresStore.open(single)) {
        assertThat(demoUsers)
            .as("demo users of three replicas, as of one")
            .isEqualTo(alone.contents().users().size())
            .isPositive();
      }
    }
    PendingRegistration p = PendingRegistration.start(hooks(0), api(1));
    hooks(0).freezeClock(NOW);
    hooks(2).reset();
    assertThat(hooks(0).clock().getFrozen()).as("the clock, reset through replica 3").isFalse();
    Reply afterReset = api(1).start(p.token(), p.userId());
    assertThat(afterReset.status())
        .as("the user's token after a reset through another replica: %s", afterReset)
        .isEqualTo(401);
    try (TotpStore shared = PostgresStore.open(location)) {
      assertThat(shared.contents().users()).isEmpty();
      assertThat(shared.contents().registrations()).isEmpty();
    }
  }
}
