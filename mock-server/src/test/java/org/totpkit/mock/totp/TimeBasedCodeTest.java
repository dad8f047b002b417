package org.totpkit.mock.totp;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class TimeBasedCodeTest {
  private static final byte[] KEY = Base32.decode("GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ");
  private static final Instant T = Instant.ofEpochSecond(1111111111);
  private static final TotpParameters SKEW_1 = new TotpParameters(HashAlgorithm.SHA1, 6, 30, 1);

  @Test
  void acceptsExactlyTheStepsInsideTheWindow() {
    // derived-vectors.csv: steps T-2..T+2 around 1111111111.
    assertThat(TimeBasedCode.matches(KEY, SKEW_1, T, "731029")).as("T-2").isFalse();
    assertThat(TimeBasedCode.matches(KEY, SKEW_1, T, "081804")).as("T-1").isTrue();
    assertThat(TimeBasedCode.matches(KEY, SKEW_1, T, "050471")).as("T").isTrue();
    assertThat(TimeBasedCode.matches(KEY, SKEW_1, T, "266759")).as("T+1").isTrue();
    assertThat(TimeBasedCode.matches(KEY, SKEW_1, T, "306183")).as("T+2").isFalse();
  }

  @Test
  void skewZeroAcceptsOnlyTheCurrentStep() {
    TotpParameters skew0 = new TotpParameters(HashAlgorithm.SHA1, 6, 30, 0);
    assertThat(TimeBasedCode.matches(KEY, skew0, T, "050471")).isTrue();
    assertThat(TimeBasedCode.matches(KEY, skew0, T, "081804")).isFalse();
    assertThat(TimeBasedCode.matches(KEY, skew0, T, "266759")).isFalse();
  }

  @Test
  void stepBoundaryFollowsFloorOfTimeOverPeriod() {
    // 1111111110 starts a step: 1111111109 belongs to the previous one.
    TotpParameters skew0 = new TotpParameters(HashAlgorithm.SHA1, 6, 30, 0);
    assertThat(TimeBasedCode.codeAt(KEY, skew0, Instant.ofEpochSecond(1111111109), 0))
        .isEqualTo("081804");
    assertThat(TimeBasedCode.codeAt(KEY, skew0, Instant.ofEpochSecond(1111111110), 0))
        .isEqualTo("050471");
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "\u0660\u0665\u0660\u0664\u0667\u0661", // Arabic-Indic 050471
        "\uff10\uff15\uff10\uff14\uff17\uff11", // full-width 050471
        "+50471",
        " 50471",
        "050471 ",
        "05047l",
        "",
        "50471"
      })
  void refusesAnythingButExactlyAsciiDigits(String code) {
    assertThat(TimeBasedCode.matches(KEY, SKEW_1, T, code)).isFalse();
  }

  @Test
  void refusesNull() {
    assertThat(TimeBasedCode.matches(KEY, SKEW_1, T, null)).isFalse();
  }
}
