package org.totpkit.mock.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.totpkit.mock.store.jdbc.SqliteDataDir;
import org.totpkit.mock.testing.JceTotp;
import org.totpkit.mock.testing.RawHttp;
import org.totpkit.mock.testing.Reply;
import org.totpkit.mock.totp.Registration;
import org.totpkit.mock.totp.TotpStore;
import org.totpkit.mock.totp.User;

/**
 * The shaded jar on {@code --data-dir}, killed with SIGKILL in the middle of a storm of writes, ten
 * times, restarted on the same directory each time: every write that had answered 200 is there, and
 * the store opens every time.
 */
class CrashRecoveryIT {
  private static final Path JAR = Path.of("target", "totp-mock-server.jar");
  private static final int ROUNDS = 10;
  private static final int WRITERS = 3;
  // Kill once this many writes of the round answered 200, plus a random few more: mid-storm.
  private static final int ACKS_BEFORE_KILL = 9;
  private static final int ACKS_JITTER = 12;
  private static final long MAX_STORM_MILLIS = 20_000;

  @TempDir Path parent;
  private Process server;

  /** What answered 200: users with their tokens, registrations, and which were verified. */
  private final Map<String, String> tokenOfUser = new ConcurrentHashMap<>();

  private final Map<String, String> userOfRegistration = new ConcurrentHashMap<>();
  private final Set<String> verified = ConcurrentHashMap.newKeySet();

  // One permit per write that answered 200, so the storm waits on writes, not on a timer.
  private final Semaphore acks = new Semaphore(0);
  private final Random random = new Random();

  @AfterEach
  void kill() throws InterruptedException {
    if (server != null) {
      server.destroyForcibly();
      server.waitFor(10, TimeUnit.SECONDS);
    }
  }

  @Test
  void everyAcknowledgedWriteSurvivesTenKills() throws Exception {
    Path dir = parent.resolve("data");
    int[] acknowledgedPerRound = new int[ROUNDS];
    for (int round = 0; round < ROUNDS; round++) {
      long began = System.nanoTime();
      String baseUrl = startServer(dir);
      long started = System.nanoTime();
      int before = acknowledged();
      storm(new RawHttp(baseUrl));
      server = null;
      long stormed = System.nanoTime();
      acknowledgedPerRound[round] = acknowledged() - before;
      assertEverythingAcknowledgedIsThere(dir, round);
      System.err.printf(
          "crash round %d: start %d ms, storm %d ms (%d writes answered 200), check %d ms%n",
          round,
          (started - began) / 1_000_000,
          (stormed - started) / 1_000_000,
          acknowledgedPerRound[round],
          (System.nanoTime() - stormed) / 1_000_000);
    }
    assertThat(java.util.Arrays.stream(acknowledgedPerRound).boxed().toList())
        .as("every storm wrote something before its kill")
        .allSatisfy(n -> assertThat(n).isPositive());
    // And the server comes up once more on what ten crashes left.
    assertThat(startServer(dir)).startsWith("http://127.0.0.1:");
  }

  private int acknowledged() {
    return tokenOfUser.size() + userOfRegistration.size() + verified.size();
  }

  private String startServer(Path dir) throws Exception {
    server =
        new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                // Ten starts: the quick compiler only, for a faster start.
                "-XX:TieredStopAtLevel=1",
                "-jar",
                JAR.toString(),
                "--port",
                "0",
                "--no-demo-data",
                "--data-dir",
                dir.toString())
            .redirectError(ProcessBuilder.Redirect.INHERIT)
            .start();
    BufferedReader out =
        new BufferedReader(new InputStreamReader(server.getInputStream(), StandardCharsets.UTF_8));
    String first = out.readLine();
    assertThat(first)
        .as("the server starts on the directory")
        .startsWith("TOTP reference server listening on ");
    return first.substring("TOTP reference server listening on ".length()).trim();
  }

  /** Writers enrol, start and verify until the server is killed under them. */
  private void storm(RawHttp http) throws Exception {
    AtomicBoolean killed = new AtomicBoolean();
    ConcurrentLinkedQueue<Throwable> unexpected = new ConcurrentLinkedQueue<>();
    List<Thread> writers = new ArrayList<>();
    for (int i = 0; i < WRITERS; i++) {
      Thread writer =
          new Thread(
              () -> {
                try {
                  while (!killed.get()) {
                    writeOnce(http);
                  }
                } catch (RuntimeException e) {
                  if (!killed.get()) {
                    unexpected.add(e);
                    // Wake the storm at once: the round has failed.
                    acks.release(ACKS_BEFORE_KILL + ACKS_JITTER);
                  }
                }
              });
      writer.start();
      writers.add(writer);
    }
    int killAfter = ACKS_BEFORE_KILL + random.nextInt(ACKS_JITTER);
    boolean reached = acks.tryAcquire(killAfter, MAX_STORM_MILLIS, TimeUnit.MILLISECONDS);
    killed.set(true);
    server.destroyForcibly();
    assertThat(server.waitFor(20, TimeUnit.SECONDS)).isTrue();
    for (Thread writer : writers) {
      writer.join(30_000);
    }
    assertThat(unexpected).as("no failure before the kill").isEmpty();
    assertThat(reached).as("%d writes answered 200 within the storm's bound", killAfter).isTrue();
    acks.drainPermits();
  }

  private void writeOnce(RawHttp http) {
    Reply user = http.hook("POST", "/users", "{}");
    if (user.status() != 200) {
      throw new IllegalStateException("create user answered " + user);
    }
    String userId = user.text("userId");
    String token = user.text("token");
    tokenOfUser.put(userId, token);
    acks.release();
    Reply started = http.start(token, userId);
    if (started.status() != 200) {
      throw new IllegalStateException("start answered " + started);
    }
    String totpId = started.text("totpId");
    userOfRegistration.put(totpId, userId);
    acks.release();
    String code = JceTotp.totp(started.text("secret"), http.serverEpochSecond());
    Reply verify = http.verifyCode(token, userId, totpId, code);
    if (verify.status() == 200) {
      verified.add(totpId);
      acks.release();
    }
  }

  private void assertEverythingAcknowledgedIsThere(Path dir, int round) {
    try (TotpStore store = SqliteDataDir.open(dir)) {
      TotpStore.Contents contents = store.contents();
      Set<String> users = contents.users().stream().map(User::id).collect(Collectors.toSet());
      assertThat(users).as("round %d: users", round).containsAll(tokenOfUser.keySet());
      assertThat(contents.tokens().keySet())
          .as("round %d: tokens", round)
          .containsAll(tokenOfUser.values());
      Map<String, Registration> registrations =
          contents.registrations().stream().collect(Collectors.toMap(Registration::totpId, r -> r));
      assertThat(registrations.keySet())
          .as("round %d: registrations", round)
          .containsAll(userOfRegistration.keySet());
      for (String totpId : verified) {
        assertThat(registrations.get(totpId).state())
            .as("round %d: %s verified", round, totpId)
            .isEqualTo(Registration.State.VERIFIED);
      }
    }
    assertThat(Files.exists(dir.resolve(SqliteDataDir.DATABASE_FILE))).isTrue();
  }
}
