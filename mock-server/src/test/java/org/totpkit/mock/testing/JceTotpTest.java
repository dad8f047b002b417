package org.totpkit.mock.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The test's own generator must agree with the shared vectors before it may judge the server. */
class JceTotpTest {

  static Stream<String> vectors() {
    return Stream.of(TestVectors.RFC_6238, TestVectors.DERIVED)
        .flatMap(file -> TestVectors.lines(file).stream().skip(1).filter(line -> !line.isBlank()));
  }

  @ParameterizedTest
  @MethodSource("vectors")
  void agreesWithTheSharedVectors(String line) {
    String[] f = line.split(",", -1);
    String code =
        JceTotp.totp(
            f[0],
            JceTotp.base32(f[1]),
            Long.parseLong(f[2]),
            Integer.parseInt(f[4]),
            Integer.parseInt(f[3]),
            0);
    assertThat(code).isEqualTo(f[5]);
  }
}
