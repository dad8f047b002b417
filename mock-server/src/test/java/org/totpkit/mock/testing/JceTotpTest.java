package org.totpkit.mock.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The test's own generator must agree with the shared vectors before it may judge the server. */
class JceTotpTest {

  static Stream<String> vectors() throws IOException {
    Path shared = Path.of(System.getProperty("totp.shared.dir", "../../shared"), "data");
    return Stream.of("rfc6238-vectors.csv", "derived-vectors.csv")
        .flatMap(
            file -> {
              try {
                List<String> lines = Files.readAllLines(shared.resolve(file));
                return lines.stream().skip(1).filter(line -> !line.isBlank());
              } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
              }
            });
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
