package org.totpkit.mock.journal;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The scan that spares the journal a JSON parse of an answer: it must see every field redaction
 * would change, so an answer it lets through unparsed is one redaction leaves as it is.
 */
class SecretFieldScanTest {
  @ParameterizedTest
  @ValueSource(
      strings = {
        "{\"totpId\":\"1\",\"uri\":\"otpauth://totp/x?secret=ABC\"}",
        "{\"secret\":\"ABC\"}",
        "{\"details\":{\"clientSecret\" : \"ABC\"}}",
        "{\"Code\":\"123456\"}",
        "{\"a\":[{\"accessToken\":\t\"t\"}]}",
        "{\"newPassword\":\"p\"}"
      })
  void findsEveryFieldRedactionChanges(String json) {
    assertThat(Redaction.json(json)).isNotEqualTo(json);
    assertThat(Redaction.mayHoldSecrets(json)).isTrue();
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "{\"code\":3,\"message\":\"Code is invalid (EVENT-8isk2)\",\"details\":[{\"@type\":"
            + "\"type.googleapis.com/zitadel.v1.ErrorDetail\",\"id\":\"EVENT-8isk2\","
            + "\"message\":\"Code is invalid\"}]}",
        "{\"code\":5,\"message\":\"Not Found\"}",
        "{\"details\":{\"sequence\":\"3\",\"changeDate\":\"2026-12-05T00:00:00Z\"}}"
      })
  void letsThroughAnswersRedactionLeavesAsTheyAre(String json) {
    assertThat(Redaction.mayHoldSecrets(json)).isFalse();
    assertThat(Redaction.json(json)).isEqualTo(json);
  }
}
