package org.totpkit.mock.store.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.postgresql.ds.PGSimpleDataSource;
import org.totpkit.mock.store.StoreLocation;
import org.totpkit.mock.store.jdbc.JdbcStore.StoreFailure;
import org.totpkit.mock.testing.TestPostgres;
import org.totpkit.mock.totp.HashAlgorithm;
import org.totpkit.mock.totp.Organization;
import org.totpkit.mock.totp.Registration;
import org.totpkit.mock.totp.TotpParameters;
import org.totpkit.mock.totp.TotpStore.Transition;
import org.totpkit.mock.totp.User;

/**
 * The group commit of checked writes on PostgreSQL: writes that arrive together go as one
 * statement, each answered from its own row; a failing row fails only its own caller; and through
 * the store, concurrent wrong and right codes still count every failure and verify exactly once.
 */
class CheckedWritesTest {
  private static final Instant T0 = Instant.ofEpochSecond(1_000_000);
  private static final Organization ACME = new Organization("acme", "acme.localhost");
  private static final User U1 = new User("u1", ACME.id(), "u1@acme", T0);
  private static final int CALLERS = 32;

  private StoreLocation location;
  private JdbcStore other;
  private PGSimpleDataSource plain;
  private ExecutorService threads;

  /** Connections handed out while the gate is shut wait for it. */
  private final CountDownLatch gate = new CountDownLatch(1);

  private final AtomicInteger connections = new AtomicInteger();

  @BeforeEach
  void open() {
    location = TestPostgres.freshLocation();
    other = PostgresStore.open(location);
    plain = new PGSimpleDataSource();
    plain.setUrl(location.url());
    plain.setUser(location.user());
    other.addUser(U1, ACME, "t1", 10, 10);
    for (int i = 0; i < CALLERS; i++) {
      other.addRegistration(pending("r" + i), 1000, 1000);
    }
    threads = Executors.newFixedThreadPool(CALLERS);
  }

  @AfterEach
  void close() {
    gate.countDown();
    threads.shutdownNow();
    other.close();
  }

  @Test
  void writesArrivingTogetherGoAsOneStatementEachAnsweredFromItsOwnRow() throws Exception {
    CheckedWrites writes = new CheckedWrites(gated(plain), new Sql(location.tablePrefix()));
    long settings = settingsVersion();
    List<Future<Boolean>> answers = new ArrayList<>();
    for (int i = 0; i < CALLERS; i++) {
      Registration r = other.registration("r" + i).orElseThrow();
      // Every third write names a version the row does not have: it must not be written.
      long seen = i % 3 == 0 ? 7 : 0;
      answers.add(threads.submit(() -> writes.write(JdbcTesting.failed(r), seen, settings)));
    }
    // The first drainers hold their connections at the gate; every other write queues behind them.
    awaitQueued(writes, CALLERS - CheckedWrites.DRAINERS);
    gate.countDown();

    for (int i = 0; i < CALLERS; i++) {
      boolean expected = i % 3 != 0;
      assertThat(answers.get(i).get(30, TimeUnit.SECONDS)).as("r" + i).isEqualTo(expected);
      assertThat(other.registration("r" + i).orElseThrow().failedAttempts())
          .as("r" + i + " in the database")
          .isEqualTo(expected ? 1 : 0);
    }
    assertThat(writes.statements())
        .as("statements for %d writes that arrived together", CALLERS)
        .isLessThanOrEqualTo(CheckedWrites.DRAINERS + 2L);
  }

  @Test
  void rightCodesArrivingTogetherGoAsOneStatementEachWithItsOwnSequence() throws Exception {
    CheckedWrites writes = new CheckedWrites(gated(plain), new Sql(location.tablePrefix()));
    long settings = settingsVersion();
    long before = other.sequence("u1").orElseThrow();
    List<Future<Long>> answers = new ArrayList<>();
    for (int i = 0; i < CALLERS; i++) {
      Registration r = other.registration("r" + i).orElseThrow();
      // A wrong code's count between the right codes, and every fifth on a version it lacks.
      long seen = i % 5 == 0 ? 7 : 0;
      Registration next = i % 4 == 3 ? JdbcTesting.failed(r) : verify(r).next();
      String eventUser = i % 4 == 3 ? null : "u1";
      answers.add(threads.submit(() -> writes.write(next, seen, settings, eventUser)));
    }
    awaitQueued(writes, CALLERS - CheckedWrites.DRAINERS);
    gate.countDown();

    List<Long> sequences = new ArrayList<>();
    for (int i = 0; i < CALLERS; i++) {
      long answer = answers.get(i).get(30, TimeUnit.SECONDS);
      Registration r = other.registration("r" + i).orElseThrow();
      if (i % 5 == 0) {
        assertThat(answer).as("r" + i + " on a stale version").isEqualTo(-1L);
        assertThat(r.state()).isEqualTo(Registration.State.PENDING);
        assertThat(r.failedAttempts()).isZero();
      } else if (i % 4 == 3) {
        assertThat(answer).as("r" + i + ", no event").isZero();
        assertThat(r.failedAttempts()).isEqualTo(1);
      } else {
        assertThat(r.state()).as("r" + i).isEqualTo(Registration.State.VERIFIED);
        sequences.add(answer);
      }
    }
    long after = other.sequence("u1").orElseThrow();
    assertThat(after)
        .as("the user's sequence moved once per right code written")
        .isEqualTo(before + sequences.size());
    assertThat(sequences)
        .as("each right code answered its own sequence")
        .doesNotHaveDuplicates()
        .allSatisfy(sequence -> assertThat(sequence).isBetween(before + 1, after));
    assertThat(writes.statements())
        .as("statements for %d writes that arrived together", CALLERS)
        .isLessThanOrEqualTo(CheckedWrites.DRAINERS + 2L);
  }

  @Test
  void aRightCodeTheDatabaseRefusesFailsOnlyItsOwnCallerAndCountsNoEvent() throws Exception {
    CheckedWrites writes = new CheckedWrites(gated(plain), new Sql(location.tablePrefix()));
    long settings = settingsVersion();
    long before = other.sequence("u1").orElseThrow();
    execute(
        "ALTER TABLE "
            + location.tablePrefix()
            + "totp_registrations ADD CONSTRAINT refuses_r5 CHECK (totp_id <> 'r5' OR state <> '"
            + Registration.State.VERIFIED.name()
            + "')");
    List<Future<Long>> answers = new ArrayList<>();
    for (int i = 0; i < CALLERS; i++) {
      Registration next = verify(other.registration("r" + i).orElseThrow()).next();
      answers.add(threads.submit(() -> writes.write(next, 0, settings, "u1")));
    }
    awaitQueued(writes, CALLERS - CheckedWrites.DRAINERS);
    gate.countDown();

    for (int i = 0; i < CALLERS; i++) {
      Future<Long> answer = answers.get(i);
      if (i == 5) {
        assertThatThrownBy(() -> answer.get(30, TimeUnit.SECONDS))
            .hasCauseInstanceOf(StoreFailure.class);
        assertThat(other.registration("r5").orElseThrow().state())
            .isEqualTo(Registration.State.PENDING);
      } else {
        assertThat(answer.get(30, TimeUnit.SECONDS)).as("r" + i).isPositive();
        assertThat(other.registration("r" + i).orElseThrow().state())
            .isEqualTo(Registration.State.VERIFIED);
      }
    }
    assertThat(other.sequence("u1").orElseThrow())
        .as("the refused right code's event is not counted")
        .isEqualTo(before + CALLERS - 1);
  }

  @Test
  void aWrongThenARightCodeOfOneRegistrationAreWrittenInTheOrderTheyArrived() throws Exception {
    // Only the first connection waits at the gate: the second drainer would find one at once.
    AtomicInteger handedOut = new AtomicInteger();
    DataSource firstGated =
        (DataSource)
            Proxy.newProxyInstance(
                getClass().getClassLoader(),
                new Class<?>[] {DataSource.class},
                (proxy, method, args) -> {
                  if (method.getName().equals("getConnection")
                      && handedOut.incrementAndGet() == 1) {
                    gate.await(30, TimeUnit.SECONDS);
                  }
                  return JdbcTesting.invoke(plain, method, args);
                });
    CheckedWrites writes = new CheckedWrites(firstGated, new Sql(location.tablePrefix()));
    long settings = settingsVersion();
    Registration r0 = other.registration("r0").orElseThrow();
    Registration wrongCounted = JdbcTesting.failed(r0);
    // The right code decided on what the wrong code writes (version 1), as a request of this
    // process decides on what the one before it kept.
    Registration verified = verify(wrongCounted).next();

    Future<Long> wrongCode = threads.submit(() -> writes.write(wrongCounted, 0, settings, null));
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (handedOut.get() < 1) {
      assertThat(System.nanoTime()).as("the wrong code's statement started").isLessThan(deadline);
      Thread.onSpinWait();
    }
    Future<Long> rightCode = threads.submit(() -> writes.write(verified, 1, settings, "u1"));
    awaitQueued(writes, 1);
    assertThat(rightCode).as("the right code waits for the wrong code's statement").isNotDone();
    gate.countDown();

    assertThat(wrongCode.get(30, TimeUnit.SECONDS)).isZero();
    assertThat(rightCode.get(30, TimeUnit.SECONDS))
        .as("written after the wrong code, on its version")
        .isPositive();
    Registration r = other.registration("r0").orElseThrow();
    assertThat(r.state()).isEqualTo(Registration.State.VERIFIED);
  }

  @Test
  void oneRightCodeThroughTwoReplicasAtOnceIsVerifiedOnce() throws Exception {
    gate.countDown();
    JdbcStore first = PostgresStore.open(location);
    JdbcStore second = PostgresStore.open(location);
    try {
      long before = other.sequence("u1").orElseThrow();
      CountDownLatch start = new CountDownLatch(1);
      List<Future<String>> answers = new ArrayList<>();
      for (int i = 0; i < CALLERS; i++) {
        JdbcStore replica = i % 2 == 0 ? first : second;
        String id = "r" + (i % 4);
        // Half the callers show the sequence (v2's verify), half do not (v3alpha's, held on REST).
        boolean sequenceShown = i % 3 == 0;
        answers.add(
            threads.submit(
                () -> {
                  start.await();
                  return replica.consistently(
                      () ->
                          sequenceShown
                              ? replica.countedTransition(id, CheckedWritesTest::verify).result()
                              : replica.transition(id, CheckedWritesTest::verify));
                }));
      }
      start.countDown();
      List<String> results = new ArrayList<>();
      for (Future<String> answer : answers) {
        results.add(answer.get(60, TimeUnit.SECONDS));
      }
      for (int k = 0; k < 4; k++) {
        long verified = 0;
        for (int i = k; i < CALLERS; i += 4) {
          assertThat(results.get(i)).isIn("verified", "already verified");
          if (results.get(i).equals("verified")) {
            verified++;
          }
        }
        assertThat(verified).as("r" + k + " verified by exactly one request").isEqualTo(1);
        assertThat(other.registration("r" + k).orElseThrow().state())
            .isEqualTo(Registration.State.VERIFIED);
      }
      assertThat(other.sequence("u1").orElseThrow())
          .as("one event per registration verified")
          .isEqualTo(before + 4);
    } finally {
      first.close();
      second.close();
    }
  }

  @Test
  void aWriteOnSettingsThatMovedIsNotWritten() {
    CheckedWrites writes = new CheckedWrites(plain, new Sql(location.tablePrefix()));
    gate.countDown();
    long settings = settingsVersion();
    other.updateSettings(s -> s);

    Registration r0 = other.registration("r0").orElseThrow();
    assertThat(writes.write(JdbcTesting.failed(r0), 0, settings)).isFalse();
    assertThat(writes.write(JdbcTesting.failed(r0), 0, settings + 1)).isTrue();
    assertThat(other.registration("r0").orElseThrow().failedAttempts()).isEqualTo(1);
  }

  @Test
  void aRowTheDatabaseRefusesFailsOnlyItsOwnCaller() throws Exception {
    CheckedWrites writes = new CheckedWrites(gated(plain), new Sql(location.tablePrefix()));
    long settings = settingsVersion();
    // A rule of the table that one row breaks: that row fails the statement it is in. (The batch
    // writes only the columns a wrong code changes, so the row's breach is a failure count.)
    execute(
        "ALTER TABLE "
            + location.tablePrefix()
            + "totp_registrations ADD CONSTRAINT refuses_99 CHECK (failed <> 99)");
    List<Future<Boolean>> answers = new ArrayList<>();
    for (int i = 0; i < CALLERS; i++) {
      Registration r = other.registration("r" + i).orElseThrow();
      Registration next = i == 5 ? r.failed(99, r.lockedUntil()) : JdbcTesting.failed(r);
      answers.add(threads.submit(() -> writes.write(next, 0, settings)));
    }
    awaitQueued(writes, CALLERS - CheckedWrites.DRAINERS);
    gate.countDown();

    for (int i = 0; i < CALLERS; i++) {
      Future<Boolean> answer = answers.get(i);
      if (i == 5) {
        assertThatThrownBy(() -> answer.get(30, TimeUnit.SECONDS))
            .hasCauseInstanceOf(StoreFailure.class);
        assertThat(other.registration("r5").orElseThrow().failedAttempts()).isZero();
      } else {
        assertThat(answer.get(30, TimeUnit.SECONDS)).as("r" + i).isTrue();
        assertThat(other.registration("r" + i).orElseThrow().failedAttempts()).isEqualTo(1);
      }
    }
  }

  @Test
  void concurrentWrongAndRightCodesCountEveryFailureAndVerifyOnce() throws Exception {
    gate.countDown();
    JdbcStore replica = PostgresStore.open(location);
    try {
      List<Future<String>> answers = new ArrayList<>();
      CountDownLatch start = new CountDownLatch(1);
      for (int i = 0; i < CALLERS; i++) {
        String id = "r" + (i % 4);
        // Each registration gets 8 codes, two of them right (in the third and the sixth round).
        int round = i / 4;
        boolean right = round == 2 || round == 5;
        answers.add(
            threads.submit(
                () -> {
                  start.await();
                  return replica.consistently(
                      () -> {
                        replica.caller("t1").orElseThrow();
                        replica.settings();
                        return replica.transition(id, r -> right ? verify(r) : fail(r));
                      });
                }));
      }
      // An unknown registration in the same burst: nothing written, nothing counted.
      Future<String> unknown =
          threads.submit(
              () ->
                  replica.consistently(() -> replica.transition("nope", CheckedWritesTest::fail)));
      start.countDown();

      List<String> results = new ArrayList<>();
      for (Future<String> answer : answers) {
        results.add(answer.get(60, TimeUnit.SECONDS));
      }
      assertThat(unknown.get(60, TimeUnit.SECONDS)).isEqualTo("not found");
      for (int k = 0; k < 4; k++) {
        Registration r = other.registration("r" + k).orElseThrow();
        assertThat(r.state()).as("r" + k).isEqualTo(Registration.State.VERIFIED);
        long failures = 0;
        for (int i = k; i < CALLERS; i += 4) {
          if (results.get(i).equals("failed")) {
            failures++;
          }
        }
        assertThat(r.failedAttempts()).as("every counted failure of r" + k).isEqualTo(failures);
      }
      assertThat(results.stream().filter("verified"::equals).count())
          .as("one verified answer per registration")
          .isEqualTo(4);
      assertThat(other.sequence("u1").orElseThrow())
          .as("the user's events: added, %d registrations, 4 verified", CALLERS)
          .isEqualTo(1L + CALLERS + 4);
    } finally {
      replica.close();
    }
  }

  /** A wrong code: counted on a pending registration; a verified one is answered as such. */
  private static Transition<String> fail(Registration r) {
    if (r == null) {
      return new Transition<>(null, "not found");
    }
    if (r.state() == Registration.State.VERIFIED) {
      return new Transition<>(r, "already verified");
    }
    return new Transition<>(JdbcTesting.failed(r), "failed");
  }

  private static Transition<String> verify(Registration r) {
    if (r.state() == Registration.State.VERIFIED) {
      return new Transition<>(r, "already verified");
    }
    return new Transition<>(
        new Registration(
            r.totpId(),
            r.userId(),
            r.secret(),
            r.parameters(),
            Registration.State.VERIFIED,
            r.startedAt(),
            r.failedAttempts(),
            null),
        "verified");
  }

  private static void awaitQueued(CheckedWrites writes, int count) {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (writes.queued() < count) {
      assertThat(System.nanoTime()).as("writes queued in time").isLessThan(deadline);
      Thread.onSpinWait();
    }
  }

  private long settingsVersion() {
    try (Connection c = plain.getConnection();
        PreparedStatement select =
            c.prepareStatement(new Sql(location.tablePrefix()).selectSettingsVersion());
        ResultSet row = select.executeQuery()) {
      row.next();
      return row.getLong(1);
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
  }

  private void execute(String statement) {
    try (Connection c = plain.getConnection();
        java.sql.Statement s = c.createStatement()) {
      s.execute(statement);
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
  }

  private static Registration pending(String totpId) {
    return new Registration(
        totpId,
        U1.id(),
        new byte[] {1, 2, 3, 4, 5},
        new TotpParameters(HashAlgorithm.SHA1, 6, 30, 1),
        Registration.State.PENDING,
        T0,
        0,
        null);
  }

  /** A data source whose connections wait for the gate before they are handed out. */
  private DataSource gated(DataSource target) {
    return (DataSource)
        Proxy.newProxyInstance(
            getClass().getClassLoader(),
            new Class<?>[] {DataSource.class},
            (proxy, method, args) -> {
              if (method.getName().equals("getConnection")) {
                connections.incrementAndGet();
                gate.await(30, TimeUnit.SECONDS);
              }
              try {
                return method.invoke(target, args);
              } catch (InvocationTargetException e) {
                throw e.getCause();
              }
            });
  }
}
