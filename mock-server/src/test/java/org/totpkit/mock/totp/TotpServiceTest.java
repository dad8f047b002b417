package org.totpkit.mock.totp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.Set;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.totpkit.mock.store.memory.MemoryStore;

class TotpServiceTest {
  private static final Instant START = Instant.ofEpochSecond(1_700_000_000L);

  private VirtualClock clock;
  private TotpService service;
  private User alice;
  private Caller asAlice;

  @BeforeEach
  void setUp() {
    clock = new VirtualClock(() -> START);
    clock.freezeAt(START);
    service = TotpService.create(new MemoryStore(clock.settingsStore()), clock);
    Directory.Enrolment enrolment = service.directory().createUser("alice@example.com", "acme");
    alice = enrolment.user();
    asAlice = Caller.user(alice);
  }

  private Outcome.Started start() {
    return (Outcome.Started) service.start(asAlice, alice.id(), Scope.NONE);
  }

  private String codeFor(Outcome.Started started, int offset) {
    return TimeBasedCode.codeAt(
        Base32.decode(started.secretBase32()),
        TotpPolicy.DEFAULT.parameters(),
        clock.instant(),
        offset);
  }

  private Outcome verify(Outcome.Started started, String code) {
    return service.verify(asAlice, alice.id(), started.totpId(), code, Scope.NONE);
  }

  /** Keeps the current code parameters and issuer; sets the lockout and expiry fields. */
  private static UnaryOperator<TotpPolicy> policyWith(
      int maxFailedAttempts, int lockSeconds, int pendingTtlSeconds) {
    return p ->
        new TotpPolicy(
            p.algorithm(),
            p.digits(),
            p.periodSeconds(),
            p.skew(),
            p.issuer(),
            maxFailedAttempts,
            lockSeconds,
            pendingTtlSeconds);
  }

  @Test
  void startIssuesTwentyRandomBytesAndAMatchingKeyUri() {
    Outcome.Started first = start();
    Outcome.Started second = start();
    assertThat(Base32.decode(first.secretBase32())).hasSize(TotpService.SECRET_BYTES);
    assertThat(first.secretBase32()).isNotEqualTo(second.secretBase32());
    assertThat(first.totpId()).matches("[0-9]+").isNotEqualTo(second.totpId());
    assertThat(first.uri())
        .isEqualTo(
            "otpauth://totp/ZITADEL:alice@example.com?algorithm=SHA1&digits=6&issuer=ZITADEL"
                + "&period=30&secret="
                + first.secretBase32());
  }

  @Test
  void aPendingRegistrationVerifiesOnceThenReportsAlreadyVerified() {
    Outcome.Started started = start();
    assertThat(verify(started, codeFor(started, 0))).isInstanceOf(Outcome.Verified.class);
    assertThat(verify(started, codeFor(started, 0))).isInstanceOf(Outcome.AlreadyVerified.class);
    assertThat(verify(started, "000000")).isInstanceOf(Outcome.AlreadyVerified.class);
  }

  @Test
  void removedRegistrationsNoLongerExist() {
    Outcome.Started started = start();
    assertThat(service.remove(asAlice, alice.id(), started.totpId(), Scope.NONE))
        .isInstanceOf(Outcome.Removed.class);
    assertThat(verify(started, codeFor(started, 0)))
        .isInstanceOf(Outcome.RegistrationNotFound.class);
    assertThat(service.remove(asAlice, alice.id(), started.totpId(), Scope.NONE))
        .isInstanceOf(Outcome.RegistrationNotFound.class);
  }

  @Test
  void anotherUsersRegistrationIsNotFound() {
    Outcome.Started started = start();
    User bob = service.directory().createUser("bob", "acme").user();
    Outcome outcome =
        service.verify(
            Caller.user(bob), bob.id(), started.totpId(), codeFor(started, 0), Scope.NONE);
    assertThat(outcome).isInstanceOf(Outcome.RegistrationNotFound.class);
    assertThat(verify(started, codeFor(started, 0))).isInstanceOf(Outcome.Verified.class);
  }

  @Test
  void permissionsAreCheckedPerOperationAndOrganization() {
    Caller credentialWriter =
        new Caller(null, alice.orgId(), Set.of(Permission.USER_CREDENTIAL_WRITE));
    Caller userWriter = new Caller(null, alice.orgId(), Set.of(Permission.USER_WRITE));
    Caller elsewhere =
        new Caller(null, "other", Set.of(Permission.USER_WRITE, Permission.USER_CREDENTIAL_WRITE));
    assertThat(service.start(credentialWriter, alice.id(), Scope.NONE))
        .isInstanceOf(Outcome.Started.class);
    assertThat(service.start(userWriter, alice.id(), Scope.NONE))
        .isInstanceOf(Outcome.PermissionDenied.class);
    assertThat(service.start(elsewhere, alice.id(), Scope.NONE))
        .isInstanceOf(Outcome.PermissionDenied.class);
    Outcome.Started started = start();
    assertThat(service.remove(credentialWriter, alice.id(), started.totpId(), Scope.NONE))
        .isInstanceOf(Outcome.PermissionDenied.class);
    assertThat(service.remove(userWriter, alice.id(), started.totpId(), Scope.NONE))
        .isInstanceOf(Outcome.Removed.class);
  }

  @Test
  void anUnknownUserIsNotFoundBeforePermissionsAreChecked() {
    Caller nobody = new Caller(null, "acme", Set.of());
    assertThat(service.start(nobody, "no-such-user", Scope.NONE))
        .isInstanceOf(Outcome.UserNotFound.class);
  }

  @Test
  void scopeMustNameThisInstanceAndTheUsersOrganization() {
    assertThat(service.start(asAlice, alice.id(), new Scope("other", null, null, null, null)))
        .isInstanceOf(Outcome.OutOfScope.class);
    assertThat(service.start(asAlice, alice.id(), new Scope(null, null, "other-org", null, null)))
        .isInstanceOf(Outcome.OutOfScope.class);
    assertThat(
            service.start(asAlice, alice.id(), new Scope(null, null, null, "acme.localhost", null)))
        .isInstanceOf(Outcome.Started.class);
    assertThat(
            service.start(
                asAlice,
                alice.id(),
                new Scope(Instance.DEFAULT.id(), "localhost", "acme", null, null)))
        .isInstanceOf(Outcome.Started.class);
  }

  @Test
  void lockoutStartsAtTheLimitRefusesEvenTheRightCodeAndEndsWithTime() {
    service.changePolicy(policyWith(3, 60, 0));
    Outcome.Started started = start();
    String wrong = codeFor(started, 5);
    assertThat(verify(started, wrong)).isInstanceOf(Outcome.InvalidCode.class);
    assertThat(verify(started, wrong)).isInstanceOf(Outcome.InvalidCode.class);
    assertThat(verify(started, wrong))
        .as("the failure that reaches the limit")
        .isInstanceOf(Outcome.InvalidCode.class);
    Outcome locked = verify(started, codeFor(started, 0));
    assertThat(locked).isEqualTo(new Outcome.Locked(Duration.ofSeconds(60)));
    clock.advance(Duration.ofSeconds(59).plusMillis(500));
    assertThat(verify(started, codeFor(started, 0)))
        .isEqualTo(new Outcome.Locked(Duration.ofMillis(500)));
    clock.advance(Duration.ofMillis(500));
    assertThat(verify(started, codeFor(started, 0))).isInstanceOf(Outcome.Verified.class);
  }

  @Test
  void aSuccessOrTheEndOfALockRestartsTheCounter() {
    service.changePolicy(policyWith(2, 10, 0));
    Outcome.Started started = start();
    String wrong = codeFor(started, 5);
    verify(started, wrong);
    verify(started, wrong);
    clock.advance(Duration.ofSeconds(10));
    assertThat(verify(started, wrong))
        .as("first failure after the lock")
        .isInstanceOf(Outcome.InvalidCode.class);
    assertThat(verify(started, codeFor(started, 0)))
        .as("one failure does not lock")
        .isInstanceOf(Outcome.Verified.class);
  }

  @Test
  void pendingRegistrationsExpireWhenTheTtlIsSet() {
    service.changePolicy(policyWith(0, 300, 120));
    Outcome.Started started = start();
    clock.advance(Duration.ofSeconds(120).plusMillis(1));
    assertThat(verify(started, codeFor(started, 0)))
        .isInstanceOf(Outcome.RegistrationNotFound.class);
  }

  @Test
  void anInvalidPolicyChangeChangesNothing() {
    assertThatThrownBy(
            () -> service.changePolicy(p -> new TotpPolicy(p.algorithm(), 10, 30, 1, "X", 0, 0, 0)))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(
            () -> service.changePolicy(p -> new TotpPolicy(p.algorithm(), 6, 30, 11, "X", 0, 0, 0)))
        .isInstanceOf(IllegalArgumentException.class);
    assertThat(service.policy()).isEqualTo(TotpPolicy.DEFAULT);
  }

  @Test
  void policyIsCopiedIntoRegistrationsWhenTheyStart() {
    Outcome.Started before = start();
    service.changePolicy(
        p -> new TotpPolicy(HashAlgorithm.SHA512, 8, 60, 0, "Acme Corp", 0, 300, 0));
    Outcome.Started after = start();
    assertThat(after.uri())
        .startsWith(
            "otpauth://totp/Acme%20Corp:alice@example.com?algorithm=SHA512&digits=8&issuer=Acme%20Corp&period=60&secret=");
    // The earlier registration keeps SHA1, 6 digits, 30 s and skew 1.
    assertThat(verify(before, codeFor(before, -1))).isInstanceOf(Outcome.Verified.class);
  }

  @Test
  void importedRegistrationsUseTheGivenParameters() {
    byte[] seed = Base32.decode("GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ");
    clock.freezeAt(Instant.ofEpochSecond(59));
    String totpId =
        service.importRegistration(alice.id(), seed, HashAlgorithm.SHA1, 8, 30).orElseThrow();
    assertThat(service.verify(asAlice, alice.id(), totpId, "94287082", Scope.NONE))
        .isInstanceOf(Outcome.Verified.class);
    assertThat(service.importRegistration("nobody", seed, null, null, null)).isEmpty();
  }

  @Test
  void resetForgetsEverything() {
    clock.freezeAt(Instant.EPOCH);
    service.changePolicy(p -> new TotpPolicy(p.algorithm(), 7, 30, 1, "X", 0, 0, 0));
    service.reset();
    assertThat(service.directory().user(alice.id())).isEmpty();
    assertThat(service.policy()).isEqualTo(TotpPolicy.DEFAULT);
    assertThat(clock.reading().frozen()).isFalse();
  }

  @Test
  void issuerLengthCountsCharactersNotUtf16Units() {
    String twoHundredEmoji = "\uD83D\uDD11".repeat(200);
    assertThat(new TotpPolicy(HashAlgorithm.SHA1, 6, 30, 1, twoHundredEmoji, 0, 0, 0).issuer())
        .isEqualTo(twoHundredEmoji);
    assertThatThrownBy(
            () -> new TotpPolicy(HashAlgorithm.SHA1, 6, 30, 1, twoHundredEmoji + "x", 0, 0, 0))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void anEnrolmentDoesNotPrintItsToken() {
    Directory.Enrolment enrolment = service.directory().createUser("carol", "acme");
    assertThat(enrolment.toString()).doesNotContain(enrolment.token());
  }
}
