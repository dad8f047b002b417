package org.totpkit.mock.store.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicInteger;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.postgresql.ds.PGSimpleDataSource;
import org.totpkit.mock.store.StoreLocation;
import org.totpkit.mock.testing.TestPostgres;
import org.totpkit.mock.totp.ClockSetting;
import org.totpkit.mock.totp.HashAlgorithm;
import org.totpkit.mock.totp.Organization;
import org.totpkit.mock.totp.Registration;
import org.totpkit.mock.totp.Settings;
import org.totpkit.mock.totp.TotpParameters;
import org.totpkit.mock.totp.TotpStore;
import org.totpkit.mock.totp.TotpStore.Counted;
import org.totpkit.mock.totp.TotpStore.Transition;
import org.totpkit.mock.totp.User;

/**
 * A request on PostgreSQL run through {@link JdbcStore#consistently}: what it costs in statements
 * once this process has seen the state, and that it never acts on what another process changed
 * since (the other process is a second store on the same tables, as another replica would be).
 */
class PostgresRequestViewTest {
  private static final Instant T0 = Instant.ofEpochSecond(1_000_000);
  private static final Organization ACME = new Organization("acme", "acme.localhost");
  private static final User U1 = new User("u1", ACME.id(), "u1@acme", T0);

  private final AtomicInteger statements = new AtomicInteger();
  private final AtomicInteger commits = new AtomicInteger();
  private TotpStore other;
  private JdbcStore counted;

  @BeforeEach
  void openTwoProcessesOnOneState() {
    StoreLocation location = TestPostgres.freshLocation();
    other = PostgresStore.open(location);
    PGSimpleDataSource plain = new PGSimpleDataSource();
    plain.setUrl(location.url());
    plain.setUser(location.user());
    counted = new JdbcStore(counting(plain), location.tablePrefix(), () -> {}, true);
    other.addUser(U1, ACME, "t1", 10, 10);
    other.addRegistration(pending("r1"), 10, 10);
    other.addRegistration(pending("r2"), 10, 10);
  }

  @AfterEach
  void close() {
    other.close();
    counted.close();
  }

  @Test
  void aVerifyOnWhatThisProcessHasSeenIsOneStatementWithItsEventCounted() {
    failOnce("r1");
    statements.set(0);
    commits.set(0);

    assertThat(failOnce("r1")).isEqualTo("failed");
    assertThat(statements.get()).as("statements of a wrong code, seen before").isEqualTo(1);
    Counted<String> verified =
        counted.consistently(
            () -> {
              requestReads();
              return counted.countedTransition(
                  "r1", r -> new Transition<>(withState(r, Registration.State.VERIFIED), "ok"));
            });
    assertThat(statements.get()).as("statements of both requests").isEqualTo(2);
    assertThat(commits.get()).as("explicit commits").isZero();

    assertThat(other.registration("r1").orElseThrow().failedAttempts()).isEqualTo(2);
    assertThat(other.registration("r1").orElseThrow().state())
        .isEqualTo(Registration.State.VERIFIED);
    assertThat(verified.sequence())
        .as("the event counted in the same statement")
        .isEqualTo(other.sequence("u1").orElseThrow())
        .isEqualTo(4L);
  }

  @Test
  void aRegistrationThisProcessImportedIsVerifiedInOneStatementAndStillCheckedAgainstOthers() {
    requestReadsOnce();
    counted.addRegistration(pending("r8"), 10, 10);
    counted.addRegistration(pending("r9"), 10, 10);
    statements.set(0);

    assertThat(verifyOnce("r8")).isEqualTo("verified");
    assertThat(statements.get())
        .as("statements of the first verify of a registration this process imported")
        .isEqualTo(1);
    assertThat(other.registration("r8").orElseThrow().state())
        .isEqualTo(Registration.State.VERIFIED);

    // Changed through another process since this one imported it: read again, written once.
    other.transition("r9", r -> new Transition<>(JdbcTesting.failed(r), "failed"));
    statements.set(0);
    assertThat(verifyOnce("r9")).isEqualTo("verified");
    assertThat(statements.get())
        .as("the write on the old version, one read, the write")
        .isEqualTo(3);
    assertThat(other.registration("r9").orElseThrow().state())
        .isEqualTo(Registration.State.VERIFIED);
  }

  private void requestReadsOnce() {
    counted.consistently(
        () -> {
          requestReads();
          return null;
        });
  }

  private String verifyOnce(String totpId) {
    return counted.consistently(
        () -> {
          requestReads();
          return counted.transition(
              totpId,
              r ->
                  r.state() == Registration.State.VERIFIED
                      ? new Transition<>(r, "already verified")
                      : new Transition<>(withState(r, Registration.State.VERIFIED), "verified"));
        });
  }

  @Test
  void aWriteThatLostToThisProcessesOwnWriteIsDecidedAgainWithoutARead() throws Exception {
    failOnce("r1");
    statements.set(0);
    AtomicInteger decisions = new AtomicInteger();

    String answer =
        counted.consistently(
            () -> {
              requestReads();
              return counted.transition(
                  "r1",
                  r -> {
                    if (decisions.incrementAndGet() == 1) {
                      // A second request of this process on the same registration wins the race.
                      runElsewhere(() -> failOnce("r1"));
                    }
                    return new Transition<>(JdbcTesting.failed(r), "failed " + r.failedAttempts());
                  });
            });

    assertThat(decisions.get()).as("decided on the old state, then on the winner's").isEqualTo(2);
    assertThat(answer).isEqualTo("failed 2");
    assertThat(statements.get())
        .as("the winner's write, the lost write and the write again: no read")
        .isEqualTo(3);
    assertThat(other.registration("r1").orElseThrow().failedAttempts())
        .as("every failure answered is counted once")
        .isEqualTo(3);
  }

  @Test
  void aRegistrationChangedThroughAnotherProcessIsReadAgainAndWrittenOnce() {
    failOnce("r2");
    other.transition(
        "r2", r -> new Transition<>(JdbcTesting.failed(JdbcTesting.failed(r)), "failed"));
    statements.set(0);

    assertThat(failOnce("r2")).isEqualTo("failed");

    assertThat(statements.get())
        .as("the write on the old version, one read, the write again")
        .isEqualTo(3);
    assertThat(other.registration("r2").orElseThrow().failedAttempts())
        .as("decided on the other process's count")
        .isEqualTo(4);
    statements.set(0);
    assertThat(failOnce("r2")).isEqualTo("failed");
    assertThat(statements.get()).as("then one statement again").isEqualTo(1);
  }

  @Test
  void aWrongCodeWritesOnlyWhatChangesAndAChangeOfAFixedPartIsWrittenWhole() {
    failOnce("r1");
    statements.set(0);
    byte[] otherSecret = {9, 8, 7, 6, 5};

    counted.consistently(
        () -> {
          requestReads();
          return counted.transition(
              "r1",
              r ->
                  new Transition<>(
                      new Registration(
                          r.totpId(),
                          r.userId(),
                          otherSecret,
                          r.parameters(),
                          r.state(),
                          r.startedAt(),
                          r.failedAttempts() + 1,
                          null),
                      "changed"));
        });

    assertThat(statements.get()).as("one statement").isEqualTo(1);
    Registration stored = other.registration("r1").orElseThrow();
    assertThat(stored.secret()).isEqualTo(otherSecret);
    assertThat(stored.failedAttempts()).isEqualTo(2);
    assertThat(failOnce("r1")).isEqualTo("failed");
    assertThat(other.registration("r1").orElseThrow().secret())
        .as("the wrong code's write left the secret as it is")
        .isEqualTo(otherSecret);
    assertThat(other.registration("r1").orElseThrow().failedAttempts()).isEqualTo(3);
  }

  @Test
  void aRequestDecidedOnSettingsThatChangedSinceIsDecidedAgainAndWritesOnce() {
    failOnce("r2");
    Instant frozen = Instant.ofEpochSecond(2_000_000);
    other.updateSettings(s -> new Settings(new ClockSetting(frozen, Duration.ZERO), s.policy()));

    AtomicInteger runs = new AtomicInteger();
    Instant seen =
        counted.consistently(
            () -> {
              runs.incrementAndGet();
              requestReads();
              Settings settings = counted.settings();
              counted.transition("r2", r -> new Transition<>(JdbcTesting.failed(r), "failed"));
              return settings.clock().frozenAt();
            });

    assertThat(seen).as("the clock frozen through the other process").isEqualTo(frozen);
    assertThat(runs.get()).as("decided on the old clock, then again").isEqualTo(2);
    assertThat(other.registration("r2").orElseThrow().failedAttempts())
        .as("the stale decision wrote nothing")
        .isEqualTo(2);
  }

  @Test
  void aTokenResetThroughAnotherProcessIsUnknownAtTheNextRequest() {
    failOnce("r1");
    other.clear();

    assertThat(counted.consistently(() -> counted.caller("t1"))).isEmpty();
    assertThat(counted.consistently(() -> counted.user("u1"))).isEmpty();
  }

  @Test
  void outsideARequestEveryReadIsFresh() {
    assertThat(counted.caller("t1")).isPresent();
    other.clear();
    assertThat(counted.caller("t1")).isEmpty();
    assertThat(counted.registration("r1")).isEmpty();
  }

  /** One wrong-code request as the service makes it: caller, user, settings, transition. */
  private String failOnce(String totpId) {
    return counted.consistently(
        () -> {
          requestReads();
          return counted.transition(totpId, r -> new Transition<>(JdbcTesting.failed(r), "failed"));
        });
  }

  /** Runs {@code work} on another thread (another request of this process) and waits for it. */
  private static void runElsewhere(Runnable work) {
    Thread thread = new Thread(work);
    thread.start();
    try {
      thread.join();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  private void requestReads() {
    counted.caller("t1").orElseThrow();
    counted.user("u1").orElseThrow();
    counted.settings();
  }

  private static Registration withState(Registration r, Registration.State state) {
    return new Registration(
        r.totpId(),
        r.userId(),
        r.secret(),
        r.parameters(),
        state,
        r.startedAt(),
        r.failedAttempts(),
        null);
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

  /** Counts the statements prepared and the commits made on every connection. */
  private DataSource counting(DataSource target) {
    return (DataSource)
        Proxy.newProxyInstance(
            getClass().getClassLoader(),
            new Class<?>[] {DataSource.class},
            (proxy, method, args) -> {
              Object result = JdbcTesting.invoke(target, method, args);
              return method.getName().equals("getConnection")
                  ? countingConnection((Connection) result)
                  : result;
            });
  }

  private Connection countingConnection(Connection target) {
    return (Connection)
        Proxy.newProxyInstance(
            getClass().getClassLoader(),
            new Class<?>[] {Connection.class},
            (proxy, method, args) -> {
              switch (method.getName()) {
                case "prepareStatement", "createStatement" -> statements.incrementAndGet();
                case "commit" -> commits.incrementAndGet();
                default -> {}
              }
              return JdbcTesting.invoke(target, method, args);
            });
  }
}
