package org.totpkit.mock.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.totpkit.mock.testing.RpcStatusAssertions.assertInvalidCode;
import static org.totpkit.mock.testing.RpcStatusAssertions.assertRpcStatus;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.totpkit.contract.hooks.model.OtpPolicyChange;
import org.totpkit.mock.junit.HooksClient;
import org.totpkit.mock.junit.TotpMockServerExtension;
import org.totpkit.mock.testing.PendingRegistration;
import org.totpkit.mock.testing.RawHttp;
import org.totpkit.mock.testing.Reply;
import org.totpkit.mock.testing.ResetAfterEach;
import org.totpkit.mock.testing.TestEngine;

/** Row 13 and the lockout decision of contract/v3alpha.md section 4, on a frozen clock. */
class LockoutHttpTest {
  @RegisterExtension static TotpMockServerExtension mock = TestEngine.onFreePort();
  @RegisterExtension static ResetAfterEach reset = new ResetAfterEach(mock);

  // Not on a whole second, so that "rounded up" is visible.
  static final Instant START = Instant.parse("2030-01-01T00:00:10.250Z");

  final HooksClient hooks = mock.hooks();
  final RawHttp api = new RawHttp(mock.baseUrl());
  Instant now;

  @BeforeEach
  void freezeTime() {
    hooks.freezeClock(START);
    now = START;
  }

  void advance(long millis) {
    hooks.advanceClock(Duration.ofMillis(millis));
    now = now.plusMillis(millis);
  }

  /** Sets the lockout policy, then starts a registration under it. */
  PendingRegistration pendingUnderLockout(int maxFailedAttempts, int lockSeconds) {
    hooks.changePolicy(
        new OtpPolicyChange().maxFailedAttempts(maxFailedAttempts).lockSeconds(lockSeconds));
    return PendingRegistration.start(hooks, api);
  }

  Reply right(PendingRegistration r) {
    return r.verify(api, r.codeAt(now.getEpochSecond()));
  }

  Reply wrong(PendingRegistration r) {
    return r.verify(api, r.wrongCodeAt(now.getEpochSecond()));
  }

  /** Sends {@code times} wrong codes, each of which must still be answered "Invalid code". */
  void failTimes(PendingRegistration r, int times) {
    for (int i = 0; i < times; i++) {
      assertInvalidCode(wrong(r));
    }
  }

  static void assertLocked(Reply reply, String retryAfter) {
    assertRpcStatus(reply, 429, 8);
    assertThat(reply.header("Retry-After")).as("Retry-After of %s", reply).hasValue(retryAfter);
    JsonNode details = reply.json().path("details");
    assertThat(details).as("one ErrorDetail in %s", reply).hasSize(1);
    JsonNode detail = details.get(0);
    assertThat(detail.path("@type").asText())
        .isEqualTo("type.googleapis.com/zitadel.v1.ErrorDetail");
    assertThat(reply.text("message"))
        .isEqualTo(detail.path("message").asText() + " (" + detail.path("id").asText() + ")");
  }

  static void assertVerified(Reply reply) {
    assertThat(reply.status()).as("%s", reply).isEqualTo(200);
  }

  @Test
  void offByDefault() {
    PendingRegistration r = PendingRegistration.start(hooks, api);
    failTimes(r, 20);
    assertVerified(right(r));
  }

  @Test
  void theNthWrongCodeStillAnswers400AndStartsTheLock() {
    PendingRegistration r = pendingUnderLockout(3, 300);
    failTimes(r, 3);
    assertLocked(right(r), "300");
    assertLocked(wrong(r), "300");
  }

  @Test
  void nMinusOneFailuresThenTheRightCodeVerifies() {
    PendingRegistration r = pendingUnderLockout(3, 300);
    failTimes(r, 2);
    assertVerified(right(r));
  }

  @Test
  void retryAfterIsTheWholeSecondsLeftRoundedUp() {
    PendingRegistration r = pendingUnderLockout(1, 7);
    assertInvalidCode(wrong(r));
    assertLocked(right(r), "7");
    advance(1);
    assertLocked(right(r), "7");
    advance(998);
    assertLocked(right(r), "7"); // 6.001 s left
    advance(1);
    assertLocked(right(r), "6"); // 6.000 s left
    advance(1);
    assertLocked(right(r), "6");
    advance(4999);
    assertLocked(right(r), "1"); // 1.000 s left
    advance(999);
    assertLocked(right(r), "1"); // 0.001 s left
    advance(1);
    assertVerified(right(r)); // lockSeconds have passed
  }

  @Test
  void attemptsDuringTheLockNeitherCountNorExtendIt() {
    PendingRegistration r = pendingUnderLockout(2, 10);
    failTimes(r, 2);
    for (int i = 0; i < 5; i++) {
      assertLocked(wrong(r), "10");
    }
    advance(10_000);
    assertVerified(right(r));
  }

  @Test
  void theCounterRestartsWhenTheLockEnds() {
    PendingRegistration r = pendingUnderLockout(2, 10);
    failTimes(r, 2);
    advance(10_000);
    assertInvalidCode(wrong(r)); // one failure of a new count, not the third of the old
    assertVerified(right(r));
  }

  @Test
  void aSecondRoundOfFailuresLocksAgain() {
    PendingRegistration r = pendingUnderLockout(2, 10);
    failTimes(r, 2);
    advance(10_000);
    failTimes(r, 2);
    assertLocked(right(r), "10");
  }

  @Test
  void theLockIsPerRegistration() {
    PendingRegistration locked = pendingUnderLockout(1, 60);
    PendingRegistration other = locked.startAnother(api);
    assertInvalidCode(wrong(locked));
    assertLocked(right(locked), "60");
    assertVerified(right(other));
    assertLocked(right(locked), "60");
  }

  @Test
  void lockedComesAfterAlreadyVerifiedAndFieldValidation() {
    PendingRegistration r = pendingUnderLockout(1, 60);
    assertInvalidCode(wrong(r));
    assertThat(r.verify(api, "12345").status()).isEqualTo(400);
    assertThat(r.verify(api, "12345").json().path("code").asInt()).isEqualTo(3);
    assertLocked(right(r), "60");
  }
}
