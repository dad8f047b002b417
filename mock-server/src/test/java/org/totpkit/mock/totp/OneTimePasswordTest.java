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
  void refusesDigitCountsOutsideSixToNine() {
    byte[] key = new byte[20];
    assertThatThrownBy(() -> OneTimePassword.code(HashAlgorithm.SHA1, key, 1, 5))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> OneTimePassword.code(HashAlgorithm.SHA1, key, 1, 10))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
