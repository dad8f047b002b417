package org.totpkit.kit.steps;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** What the kit takes for a valid raw grpc-message, and what it refuses, with its reason. */
class GrpcMessageCheckTest {

  @ParameterizedTest
  @ValueSource(
      strings = {
        "",
        "not found",
        "unknown method KitNoSuchMethod%2525%25E2%2582%25AC for service s",
        "lower-case escapes %e2%82%ac are escapes too",
        "~ and space are printable"
      })
  void validPercentEncodingIsAccepted(String raw) {
    assertThat(UnknownCallSteps.percentEncodingProblem(raw)).isNull();
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "unknown method Kit€|character U+20AC is not escaped",
        "ends in %|a '%' at 8 starts no escape",
        "100%zz|a '%' at 3 starts no escape",
        "cut %E2%82|its escapes do not decode to UTF-8",
        "lone %FF|its escapes do not decode to UTF-8"
      })
  void anythingElseIsRefusedWithItsReason(String raw, String reason) {
    assertThat(UnknownCallSteps.percentEncodingProblem(raw)).startsWith(reason);
  }

  @ParameterizedTest
  @ValueSource(strings = {"tab\there", "line\nbreak", "del\u007F"})
  void controlCharactersMustBeEscaped(String raw) {
    assertThat(UnknownCallSteps.percentEncodingProblem(raw)).contains("is not escaped");
  }
}
