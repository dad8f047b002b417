package org.totpkit.mock.totp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class OneTimePasswordTest {
  static Stream<VectorFiles.Vector> vectors() {
    return VectorFiles.all();
  }

  @Test
  void readsEveryVectorRow() {
    assertThat(VectorFiles.rows("rfc6238-vectors.csv")).hasSize(18);
    assertThat(VectorFiles.rows("derived-vectors.csv")).hasSizeGreaterThanOrEqualTo(49);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("vectors")
  void computesTheVectorCode(VectorFiles.Vector v) {
    TotpParameters parameters = new TotpParameters(v.algorithm(), v.digits(), v.period(), 1);
    String code =
        TimeBasedCode.codeAt(
            Base32.decode(v.seedBase32()), parameters, Instant.ofEpochSecond(v.unixTime()), 0);
    assertThat(code).isEqualTo(v.code());
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("vectors")
  void acceptsTheVectorCodeAndRejectsItsNeighbourValue(VectorFiles.Vector v) {
    TotpParameters parameters = new TotpParameters(v.algorithm(), v.digits(), v.period(), 0);
    byte[] key = Base32.decode(v.seedBase32());
    Instant at = Instant.ofEpochSecond(v.unixTime());
    assertThat(TimeBasedCode.matches(key, parameters, at, v.code())).isTrue();
    String other =
        Integer.toString((Integer.parseInt(v.code().substring(0, 1)) + 1) % 10)
            + v.code().substring(1);
    assertThat(TimeBasedCode.matches(key, parameters, at, other)).isFalse();
  }

  @Test
  void keepsLeadingZerosOfAllZeroCode() {
    byte[] key = Base32.decode("GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ");
    TotpParameters six = new TotpParameters(HashAlgorithm.SHA1, 6, 30, 0);
    Instant at = Instant.ofEpochSecond(1522516590);
    assertThat(TimeBasedCode.codeAt(key, six, at, 0)).isEqualTo("000000");
    assertThat(TimeBasedCode.matches(key, six, at, "000000")).isTrue();
    assertThat(TimeBasedCode.matches(key, six, at, "0")).isFalse();
    assertThat(TimeBasedCode.matches(key, six, at, "0000000")).isFalse();
  }

  @Test
  void oneKeyedHmacGivesEachCounterItsOwnCodeInAnyOrder() {
    // RFC 4226, appendix D: the HOTP values of counters 0..9 for the ASCII key "1234567890" x 2.
    byte[] key = "12345678901234567890".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    String[] expected = {
      "755224", "287082", "359152", "969429", "338314",
      "254676", "287922", "162583", "399871", "520489"
    };
    OneTimePassword.Keyed keyed = OneTimePassword.keyed(HashAlgorithm.SHA1, key);
    for (int counter = 9; counter >= 0; counter--) {
      assertThat(keyed.code(counter, 6)).as("counter %d", counter).isEqualTo(expected[counter]);
    }
    assertThat(keyed.code(3, 6)).isEqualTo(expected[3]);
    assertThat(OneTimePassword.code(HashAlgorithm.SHA1, key, 7, 6)).isEqualTo(expected[7]);
  }

  @Test
  void matchesAnyStepOfTheWindowAndNoStepOutsideIt() {
    byte[] key = Base32.decode("GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ");
    TotpParameters skewOne = new TotpParameters(HashAlgorithm.SHA1, 6, 30, 1);
    Instant at = Instant.ofEpochSecond(1_800_000_000L);
    for (int offset = -1; offset <= 1; offset++) {
      String code = TimeBasedCode.codeAt(key, skewOne, at, offset);
      assertThat(TimeBasedCode.matches(key, skewOne, at, code)).as("offset %d", offset).isTrue();
    }
    for (int offset : new int[] {-3, -2, 2, 3}) {
      String code = TimeBasedCode.codeAt(key, skewOne, at, offset);
      boolean inWindow = false;
      for (int near = -1; near <= 1; near++) {
        inWindow |= code.equals(TimeBasedCode.codeAt(key, skewOne, at, near));
      }
      if (!inWindow) {
        assertThat(TimeBasedCode.matches(key, skewOne, at, code)).as("offset %d", offset).isFalse();
      }
    }
  }

  @Test
  void refusesDigitCountsOutsideSixToNine() {
    byte[] key = new byte[20];
    assertThatThrownBy(() -> OneTimePassword.code(HashAlgorithm.SHA1, key, 1, 5))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> OneTimePassword.code(HashAlgorithm.SHA1, key, 1, 10))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
