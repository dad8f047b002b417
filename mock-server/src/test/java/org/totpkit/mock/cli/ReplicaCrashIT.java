package org.totpkit.mock.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.ConnectException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.totpkit.mock.store.StoreLocation;
import org.totpkit.mock.store.jdbc.PostgresStore;
import org.totpkit.mock.testing.PendingRegistration;
import org.totpkit.mock.testing.RawHttp;
import org.totpkit.mock.testing.Reply;
import org.totpkit.mock.testing.TestPostgres;
import org.totpkit.mock.totp.Registration;
import org.totpkit.mock.totp.TotpStore;
import org.totpkit.mock.totp.User;

/**
 * Three shaded-jar replicas on one PostgreSQL under a storm of writes sent round-robin (create
 * user, start, wrong and right codes, remove, clock advance); one replica is killed with SIGKILL in
 * the middle and restarted on the same port and database. Afterwards everything that answered 200
 * is in the database with its effect, no id was handed out twice, and the other two replicas kept
 * answering while the third was down.
 */
class ReplicaCrashIT {
  private static final Path JAR = Path.of("target", "totp-mock-server.jar");
  private static final int REPLICAS = 3;
  private static final int VICTIM = 1;
  private static final int WRITERS = 4;
  private static final Instant NOW = Instant.parse("2030-01-01T00:00:10Z");
  // Small enough that every acknowledged advance of the storm keeps the clock in NOW's step.
  private static final long ADVANCE_MILLIS = 3;
  private static final int ACKS_BEFORE_KILL = 40;
  private static final int SURVIVOR_ACKS_WHILE_DOWN = 30;
  private static final int VICTIM_ACKS_AFTER_RESTART = 15;
  private static final long PHASE_SECONDS = 30;

  private final Process[] servers = new Process[REPLICAS];
  private final AtomicReferenceArray<RawHttp> clients = new AtomicReferenceArray<>(REPLICAS);
  private final String[] urls = new String[REPLICAS];
  private final AtomicInteger nextReplica = new AtomicInteger();
  // Down: from just before the kill to the end of the restart (its failures are expected);
  // dead: from the kill's end to just before the restart (nothing can answer from it).
  private final AtomicBoolean victimDown = new AtomicBoolean();
  private final AtomicBoolean victimDead = new AtomicBoolean();

  /** What answered 200, and what was sent but never answered (its effect is unknown). */
  private final Map<String, String> tokenOfUser = new ConcurrentHashMap<>();

  private final Map<String, String> userOfRegistration = new ConcurrentHashMap<>();
  private final Set<String> verified = ConcurrentHashMap.newKeySet();
  private final Set<String> removed = ConcurrentHashMap.newKeySet();
  // Removals sent whose answer never came (the victim died mid-request): either state is right.
  private final Set<String> removalsUnanswered = ConcurrentHashMap.newKeySet();
  private final Map<String, AtomicInteger> wrongsAcknowledged = new ConcurrentHashMap<>();
  private final Map<String, AtomicInteger> wrongsUnanswered = new ConcurrentHashMap<>();
  private final Set<String> keptPending = ConcurrentHashMap.newKeySet();
  private final AtomicLong advancesAcknowledged = new AtomicLong();
  private final AtomicLong advancesUnanswered = new AtomicLong();
  private final ConcurrentLinkedQueue<String> collisions = new ConcurrentLinkedQueue<>();
  private final ConcurrentLinkedQueue<String> unexpected = new ConcurrentLinkedQueue<>();
  private final AtomicInteger[] answeredWhileDown = {
    new AtomicInteger(), new AtomicInteger(), new AtomicInteger()
  };

  private volatile CountDownLatch acks = new CountDownLatch(ACKS_BEFORE_KILL);
  private volatile CountDownLatch survivorAcks = new CountDownLatch(SURVIVOR_ACKS_WHILE_DOWN);
  private volatile CountDownLatch victimAcks = new CountDownLatch(VICTIM_ACKS_AFTER_RESTART);
  private volatile boolean restarted;

  @AfterEach
  void stopServers() throws InterruptedException {
    for (Process server : servers) {
      if (server != null) {
        server.destroyForcibly();
        server.waitFor(10, TimeUnit.SECONDS);
      }
    }
  }

  @Test
  void aReplicaKilledMidStormLosesNothingAcknowledged() throws Exception {
    StoreLocation location = TestPostgres.freshLocation();
    long began = System.nanoTime();
    for (int i = 0; i < REPLICAS; i++) {
      servers[i] = launch(location, 0);
    }
    for (int i = 0; i < REPLICAS; i++) {
      urls[i] = listeningUrl(servers[i]);
      clients.set(i, new RawHttp(urls[i]));
    }
    RawHttp first = clients.get(0);
    assertThat(first.hook("PUT", "/clock", "{\"epochMillis\":" + NOW.toEpochMilli() + "}").status())
        .isEqualTo(200);
    // Wrong codes are counted but never lock: the failure counts are part of what must survive.
    assertThat(first.hook("PUT", "/policy", "{\"maxFailedAttempts\":100000}").status())
        .isEqualTo(200);

    long started = System.nanoTime();
    long killed = 0;
    long revivedAt = 0;
    AtomicBoolean stop = new AtomicBoolean();
    List<Thread> writers = new ArrayList<>();
    for (int w = 0; w < WRITERS; w++) {
      int writer = w;
      Thread thread =
          new Thread(
              () -> {
                for (int chain = writer; !stop.get(); chain += WRITERS) {
                  try {
                    runChain(chain);
                  } catch (RuntimeException e) {
                    unexpected.add("writer " + writer + ": " + e);
                    return;
                  }
                }
              },
              "storm-" + w);
      thread.start();
      writers.add(thread);
    }
    try {
      assertThat(acks.await(PHASE_SECONDS, TimeUnit.SECONDS))
          .as("acknowledged writes before the kill (unexpected: %s)", unexpected)
          .isTrue();
      URI victimUri = URI.create(urls[VICTIM]);
      victimDown.set(true);
      servers[VICTIM].destroyForcibly();
      assertThat(servers[VICTIM].waitFor(20, TimeUnit.SECONDS)).as("SIGKILL took").isTrue();
      killed = System.nanoTime();
      victimDead.set(true);
      assertThat(survivorAcks.await(PHASE_SECONDS, TimeUnit.SECONDS))
          .as("the other replicas answer while one is down (unexpected: %s)", unexpected)
          .isTrue();

      victimDead.set(false);
      servers[VICTIM] = launch(location, victimUri.getPort());
      String again = listeningUrl(servers[VICTIM]);
      assertThat(URI.create(again).getPort())
          .as("restarted on its port")
          .isEqualTo(victimUri.getPort());
      RawHttp revived = new RawHttp(again);
      assertThat(revived.send("GET", "/__admin/health", null).status()).isEqualTo(200);
      // A fresh client: the old one's pooled connections died with the process.
      clients.set(VICTIM, revived);
      restarted = true;
      revivedAt = System.nanoTime();
      victimDown.set(false);
      assertThat(victimAcks.await(PHASE_SECONDS, TimeUnit.SECONDS))
          .as("the restarted replica answers (unexpected: %s)", unexpected)
          .isTrue();
    } finally {
      stop.set(true);
      for (Thread writer : writers) {
        writer.join(30_000);
      }
    }
    assertThat(unexpected)
        .as("answers other than the contract's, or errors of a live replica")
        .isEmpty();
    assertThat(collisions).as("ids handed out twice").isEmpty();
    assertThat(answeredWhileDown[VICTIM].get()).as("answers of the dead replica").isZero();
    for (int i = 0; i < REPLICAS; i++) {
      if (i != VICTIM) {
        assertThat(answeredWhileDown[i].get())
            .as("replica %d answered 200 while %d was down", i, VICTIM)
            .isPositive();
      }
    }
    System.out.printf(
        "replica crash: %d users, %d removed, %d removals and %d wrong codes unanswered%n",
        tokenOfUser.size(),
        removed.size(),
        removalsUnanswered.size(),
        wrongsUnanswered.values().stream().mapToInt(AtomicInteger::get).sum());
    assertEverythingAcknowledgedIsThere(location);
  }

  /**
   * One user's story, each request to the next replica: start, then by chain number two wrong codes
   * and the right one, two wrong codes left pending, or the right code and a remove; then a clock
   * advance. A request to a replica that refuses the connection goes to the next (as haproxy
   * redispatches); one that breaks off mid-way leaves its effect unknown and ends the story.
   */
  private void runChain(int chain) {
    Reply user = call(http -> http.hook("POST", "/users", "{}"));
    if (user == null) {
      return;
    }
    expect(user, 200, "create user");
    String userId = user.text("userId");
    String token = user.text("token");
    if (tokenOfUser.putIfAbsent(userId, token) != null) {
      collisions.add("user " + userId);
    }
    acknowledged();
    Reply started = call(http -> http.start(token, userId));
    if (started == null) {
      return;
    }
    expect(started, 200, "start");
    String totpId = started.text("totpId");
    if (userOfRegistration.putIfAbsent(totpId, userId) != null) {
      collisions.add("registration " + totpId);
    }
    acknowledged();
    PendingRegistration p =
        new PendingRegistration(userId, null, token, totpId, started.text("secret"));
    String right = p.codeAt(NOW.getEpochSecond());
    String wrong = p.wrongCodeAt(NOW.getEpochSecond());
    int kind = chain % 3;
    if (kind != 2) {
      for (int i = 0; i < 2; i++) {
        wrongsUnanswered.computeIfAbsent(totpId, id -> new AtomicInteger()).incrementAndGet();
        Reply refused = call(http -> p.verify(http, wrong));
        if (refused == null) {
          return;
        }
        wrongsUnanswered.get(totpId).decrementAndGet();
        expect(refused, 400, "wrong code");
        wrongsAcknowledged.computeIfAbsent(totpId, id -> new AtomicInteger()).incrementAndGet();
        acknowledged();
      }
    }
    if (kind == 1) {
      keptPending.add(totpId);
    } else {
      Reply ok = call(http -> p.verify(http, right));
      if (ok == null) {
        return;
      }
      expect(ok, 200, "right code");
      verified.add(totpId);
      acknowledged();
      if (kind == 2) {
        removalsUnanswered.add(totpId);
        Reply gone = call(http -> http.remove(token, userId, totpId));
        if (gone == null) {
          return;
        }
        removalsUnanswered.remove(totpId);
        expect(gone, 200, "remove");
        removed.add(totpId);
        acknowledged();
      }
    }
    advancesUnanswered.incrementAndGet();
    Reply advanced =
        call(http -> http.hook("POST", "/clock/advance", "{\"millis\":" + ADVANCE_MILLIS + "}"));
    if (advanced == null) {
      return;
    }
    advancesUnanswered.decrementAndGet();
    expect(advanced, 200, "advance");
    advancesAcknowledged.incrementAndGet();
    acknowledged();
  }

  private int lastReplica() {
    return REPLICA_OF_THREAD.get();
  }

  private static final ThreadLocal<Integer> REPLICA_OF_THREAD = ThreadLocal.withInitial(() -> -1);

  /**
   * Sends to the replicas in turn; the answer, or null when the connection broke after the request
   * went out (then nobody knows whether it took effect).
   */
  private Reply call(Function<RawHttp, Reply> request) {
    for (int tries = 0; tries < 2 * REPLICAS; tries++) {
      int replica = Math.floorMod(nextReplica.getAndIncrement(), REPLICAS);
      // Read in this order: once the victim is up again, its client is the restarted one's.
      boolean downBefore = victimDown.get();
      boolean deadBefore = victimDead.get();
      RawHttp http = clients.get(replica);
      try {
        Reply reply = request.apply(http);
        REPLICA_OF_THREAD.set(replica);
        if (deadBefore && victimDead.get() && reply.status() == 200) {
          answeredWhileDown[replica].incrementAndGet();
        }
        return reply;
      } catch (UncheckedIOException e) {
        if (replica != VICTIM || !(downBefore || victimDown.get())) {
          unexpected.add("replica " + replica + " failed while up: " + e.getCause());
          return null;
        }
        if (e.getCause() instanceof ConnectException) {
          continue; // nothing was sent: the next replica gets it, as a load balancer does
        }
        return null;
      }
    }
    unexpected.add("no replica took a request in " + 2 * REPLICAS + " tries");
    return null;
  }

  private void expect(Reply reply, int status, String what) {
    if (reply.status() != status) {
      throw new IllegalStateException(
          what + " on replica " + lastReplica() + " answered " + reply + ", not " + status);
    }
  }

  private void acknowledged() {
    acks.countDown();
    int replica = lastReplica();
    if (victimDead.get() && replica != VICTIM) {
      survivorAcks.countDown();
    }
    if (restarted && replica == VICTIM) {
      victimAcks.countDown();
    }
  }

  private void assertEverythingAcknowledgedIsThere(StoreLocation location) {
    try (TotpStore store = PostgresStore.open(location)) {
      TotpStore.Contents contents = store.contents();
      assertThat(contents.users().stream().map(User::id).collect(Collectors.toSet()))
          .as("users")
          .containsAll(tokenOfUser.keySet());
      assertThat(contents.tokens().keySet()).as("tokens").containsAll(tokenOfUser.values());
      Map<String, Registration> registrations =
          contents.registrations().stream()
              .collect(Collectors.toMap(Registration::totpId, r -> r)); // throws on a duplicate id
      Set<String> kept = new java.util.HashSet<>(userOfRegistration.keySet());
      kept.removeAll(removed);
      kept.removeAll(removalsUnanswered);
      assertThat(registrations.keySet()).as("registrations not removed").containsAll(kept);
      assertThat(registrations.keySet())
          .as("removed registrations")
          .doesNotContainAnyElementsOf(removed);
      for (String totpId : verified) {
        if (!removed.contains(totpId) && !removalsUnanswered.contains(totpId)) {
          assertThat(registrations.get(totpId).state())
              .as("%s verified", totpId)
              .isEqualTo(Registration.State.VERIFIED);
        }
      }
      for (String totpId : keptPending) {
        Registration r = registrations.get(totpId);
        int known = wrongsAcknowledged.getOrDefault(totpId, new AtomicInteger()).get();
        int unknown = wrongsUnanswered.getOrDefault(totpId, new AtomicInteger()).get();
        assertThat(r.state()).as("%s never verified", totpId).isEqualTo(Registration.State.PENDING);
        assertThat(r.failedAttempts())
            .as("%s's failed attempts (%d acknowledged, %d unanswered)", totpId, known, unknown)
            .isBetween(known, known + unknown);
      }
    }
    long low = NOW.toEpochMilli() + advancesAcknowledged.get() * ADVANCE_MILLIS;
    long high = low + advancesUnanswered.get() * ADVANCE_MILLIS;
    for (int i = 0; i < REPLICAS; i++) {
      long clock = clients.get(i).hook("GET", "/clock", null).json().path("epochMillis").asLong();
      assertThat(clock)
          .as(
              "replica %d's clock: NOW + %d acknowledged advances (+ up to %d unanswered)",
              i, advancesAcknowledged.get(), advancesUnanswered.get())
          .isBetween(low, high);
    }
    assertThat(verified).as("the storm verified something").isNotEmpty();
    assertThat(removed).as("the storm removed something").isNotEmpty();
    assertThat(keptPending).as("the storm left failed attempts").isNotEmpty();
  }

  private Process launch(StoreLocation location, int port) throws IOException {
    return new ProcessBuilder(
            Path.of(System.getProperty("java.home"), "bin", "java").toString(),
            "-XX:TieredStopAtLevel=1",
            "-jar",
            JAR.toString(),
            "--port",
            Integer.toString(port),
            "--no-demo-data",
            "--store",
            location.url(),
            "--store-user",
            location.user(),
            "--store-table-prefix",
            location.tablePrefix())
        .redirectError(ProcessBuilder.Redirect.INHERIT)
        .start();
  }

  /** Reads the start line, then drains the rest so that a full pipe never blocks the server. */
  private static String listeningUrl(Process server) throws IOException {
    BufferedReader out =
        new BufferedReader(new InputStreamReader(server.getInputStream(), StandardCharsets.UTF_8));
    String first = out.readLine();
    assertThat(first)
        .as("the replica starts on the database")
        .startsWith("TOTP reference server listening on ");
    Thread drain =
        new Thread(
            () -> {
              try {
                while (out.readLine() != null) {
                  // the server's later lines are not part of this test
                }
              } catch (IOException e) {
                // the process ended
              }
            },
            "replica-stdout");
    drain.setDaemon(true);
    drain.start();
    return first.substring("TOTP reference server listening on ".length()).trim();
  }
}
