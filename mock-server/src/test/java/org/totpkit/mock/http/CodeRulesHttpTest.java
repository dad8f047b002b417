package org.totpkit.mock.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.totpkit.mock.testing.RpcStatusAssertions.assertInvalidCode;
import static org.totpkit.mock.testing.RpcStatusAssertions.assertPlainError;

import java.time.Instant;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.totpkit.contract.hooks.model.CreatedUser;
import org.totpkit.contract.hooks.model.ImportRegistrationRequest;
import org.totpkit.contract.hooks.model.OtpPolicyChange;
import org.totpkit.mock.junit.HooksClient;
import org.totpkit.mock.junit.TotpMockServerExtension;
import org.totpkit.mock.testing.JceTotp;
import org.totpkit.mock.testing.RawHttp;
import org.totpkit.mock.testing.Reply;
import org.totpkit.mock.testing.ResetAfterEach;

/**
 * The strict code rules of contract/v3alpha.md section 4: exactly the registration's number of
 * ASCII digits, leading zeros significant, nothing trimmed, no Unicode digits, no signs. The RFC
 * seed at t=1234567890 has the code 005924, so numeric comparison would be caught.
 */
class CodeRulesHttpTest {
  @RegisterExtension static TotpMockServerExtension mock = TotpMockServerExtension.onFreePort();
  @RegisterExtension static ResetAfterEach reset = new ResetAfterEach(mock);

  static final String RFC_SEED = "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ";
  static final long T = 1234567890;
  static final String CODE = "005924";
  static final String CODE_LENGTH =
      "invalid VerifyTOTPRegistrationRequest.Code: value length must be between 6 and 9 runes, inclusive";

  final HooksClient hooks = mock.hooks();
  final RawHttp api = new RawHttp(mock.baseUrl());
  CreatedUser user;
  String totpId;

  @BeforeEach
  void importTheRfcSeed() {
    hooks.freezeClock(Instant.ofEpochSecond(T));
    user = hooks.createUser();
    totpId =
        hooks.importRegistration(
            user.getUserId(), new ImportRegistrationRequest().secret(RFC_SEED));
    assertThat(JceTotp.totp(RFC_SEED, T)).isEqualTo(CODE);
  }

  Reply verify(String jsonBody) {
    return api.verify(user.getToken(), user.getUserId(), totpId, jsonBody);
  }

  void assertStillVerifies() {
    Reply verified = verify("\"" + CODE + "\"");
    assertThat(verified.status()).as("the registration is unchanged: %s", verified).isEqualTo(200);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "\u0660\u0660\u0665\u0669\u0662\u0664", // Arabic-Indic
        "\u06F0\u06F0\u06F5\u06F9\u06F2\u06F4", // Extended Arabic-Indic
        "\uFF10\uFF10\uFF15\uFF19\uFF12\uFF14", // full-width
        "\u0966\u0966\u096B\u096F\u0968\u096A", // Devanagari
        "00592\uFF14", // one full-width digit
        "OO5924", // letter O
        "00592a",
        "abcdef",
        "+005924",
        "-005924",
        "+05924",
        " 005924",
        "005924 ",
        "\t005924",
        "005924\n",
        "00 5924",
        "0005924",
        "005924.0",
        "5924e0",
        "0x1724"
      })
  void lookalikesOfTheRightCodeAreWrongCodes(String code) {
    assertInvalidCode(verify(RawHttp.jsonString(code)));
    assertStillVerifies();
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "5924", // JSON number
        "005924", // not even valid JSON
        "{\"code\":\"005924\"}",
        "null",
        "[]",
        "[\"005924\"]",
        "\"005924" // broken JSON
      })
  void undecodableBodiesAreNotCountedAsFailures(String body) {
    hooks.changePolicy(new OtpPolicyChange().maxFailedAttempts(1));
    assertPlainError(verify(body), 400, 3);
    assertStillVerifies();
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "\"5924\"", "\"05924\"", "\"0000005924\""})
  void wrongLengthCodesAreNotCountedAsFailures(String body) {
    hooks.changePolicy(new OtpPolicyChange().maxFailedAttempts(1));
    assertPlainError(verify(body.isEmpty() ? null : body), 400, 3, CODE_LENGTH);
    assertStillVerifies();
  }

  @Test
  void aJsonEscapedCodeIsTheSameCode() {
    Reply verified = verify("\"\\u0030\\u00305924\"");
    assertThat(verified.status()).as("%s", verified).isEqualTo(200);
  }

  @Test
  void leadingZerosAreKeptInLongerCodes() {
    // 9 digits at t=1111111109 is 907081804; 8 digits 07081804.
    hooks.freezeClock(Instant.ofEpochSecond(1111111109));
    String eight =
        hooks.importRegistration(
            user.getUserId(), new ImportRegistrationRequest().secret(RFC_SEED).digits(8));
    Reply trimmed = api.verifyCode(user.getToken(), user.getUserId(), eight, "7081804");
    assertInvalidCode(trimmed);
    Reply verified = api.verifyCode(user.getToken(), user.getUserId(), eight, "07081804");
    assertThat(verified.status()).as("%s", verified).isEqualTo(200);
  }
}
