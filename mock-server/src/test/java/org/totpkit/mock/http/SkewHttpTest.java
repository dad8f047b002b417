package org.totpkit.mock.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.totpkit.mock.testing.RpcStatusAssertions.assertInvalidCode;

import java.time.Instant;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.totpkit.contract.hooks.model.CreatedUser;
import org.totpkit.contract.hooks.model.HashAlgorithm;
import org.totpkit.contract.hooks.model.ImportRegistrationRequest;
import org.totpkit.mock.junit.HooksClient;
import org.totpkit.mock.junit.TotpMockServerExtension;
import org.totpkit.mock.testing.RawHttp;
import org.totpkit.mock.testing.Reply;
import org.totpkit.mock.testing.ResetAfterEach;
import org.totpkit.mock.testing.TestEngine;
import org.totpkit.mock.testing.TestVectors;

/**
 * The skew window of contract/v3alpha.md section 4 with the clock frozen at t=1111111111 and the
 * RFC seeds imported: steps T-1, T and T+1 verify, T-2 and T+2 (and beyond) do not. Codes come from
 * shared/data/derived-vectors.csv; every attempt uses a fresh registration.
 */
class SkewHttpTest {
  @RegisterExtension static TotpMockServerExtension mock = TestEngine.onFreePort();
  @RegisterExtension static ResetAfterEach reset = new ResetAfterEach(mock);

  static final long T_SECONDS = 1111111111L;
  // Step T = floor(1111111111 / 30) covers 1111111110 .. 1111111139.
  static final Instant LAST_MILLI_OF_STEP_T = Instant.ofEpochMilli(1111111139_999L);
  static final Instant FIRST_MILLI_OF_STEP_T_PLUS_1 = Instant.ofEpochMilli(1111111140_000L);

  final HooksClient hooks = mock.hooks();
  final RawHttp api = new RawHttp(mock.baseUrl());

  /** One row of derived-vectors.csv around t=1111111111: the code of step T+offset. */
  record StepCode(String algorithm, String seed, int offset, String code) {
    @Override
    public String toString() {
      return algorithm + " T" + (offset >= 0 ? "+" : "") + offset;
    }
  }

  static List<StepCode> stepCodes() {
    List<StepCode> codes =
        TestVectors.lines(TestVectors.DERIVED).stream()
            .map(line -> line.split(",", -1))
            .filter(f -> f.length == 7 && f[6].endsWith("around 1111111111"))
            .map(
                f ->
                    new StepCode(
                        f[0],
                        f[1],
                        Integer.parseInt(
                            f[6].substring("step T".length(), f[6].indexOf(' ', 5))
                                .replace("+", "")),
                        f[5]))
            .toList();
    assertThat(codes).hasSize(21);
    return codes;
  }

  static Stream<StepCode> sha1Steps() {
    return stepCodes().stream().filter(c -> c.algorithm().equals("SHA1"));
  }

  static Stream<StepCode> sha256AndSha512Steps() {
    return stepCodes().stream().filter(c -> !c.algorithm().equals("SHA1"));
  }

  Reply verifyOnFreshImport(StepCode step, Instant at) {
    hooks.freezeClock(at);
    CreatedUser user = hooks.createUser();
    String totpId =
        hooks.importRegistration(
            user.getUserId(),
            new ImportRegistrationRequest()
                .secret(step.seed())
                .algorithm(HashAlgorithm.fromValue(step.algorithm()))
                .digits(6)
                .period(30));
    return api.verifyCode(user.getToken(), user.getUserId(), totpId, step.code());
  }

  static void assertAccepted(Reply reply, boolean accepted) {
    if (accepted) {
      assertThat(reply.status()).as("%s", reply).isEqualTo(200);
    } else {
      assertInvalidCode(reply);
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("sha1Steps")
  void theRfcSha1SeedAtT1111111111(StepCode step) {
    assertAccepted(
        verifyOnFreshImport(step, Instant.ofEpochSecond(T_SECONDS)), Math.abs(step.offset()) <= 1);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("sha256AndSha512Steps")
  void theOtherHashesHaveTheSameWindow(StepCode step) {
    assertAccepted(
        verifyOnFreshImport(step, Instant.ofEpochSecond(T_SECONDS)), Math.abs(step.offset()) <= 1);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("sha1Steps")
  void inTheLastMillisecondOfStepT(StepCode step) {
    assertAccepted(verifyOnFreshImport(step, LAST_MILLI_OF_STEP_T), Math.abs(step.offset()) <= 1);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("sha1Steps")
  void inTheFirstMillisecondOfStepTPlus1TheWindowHasMoved(StepCode step) {
    assertAccepted(
        verifyOnFreshImport(step, FIRST_MILLI_OF_STEP_T_PLUS_1),
        step.offset() >= 0 && step.offset() <= 2);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("sha1Steps")
  void inTheFirstSecondOfStepT(StepCode step) {
    // 1111111110 is the first second of step T; 1111111109 the last of T-1.
    assertAccepted(
        verifyOnFreshImport(step, Instant.ofEpochSecond(1111111110L)),
        Math.abs(step.offset()) <= 1);
    assertAccepted(
        verifyOnFreshImport(step, Instant.ofEpochMilli(1111111109_999L)),
        step.offset() >= -2 && step.offset() <= 0);
  }
}
