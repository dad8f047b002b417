package org.totpkit.kit.totp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The kit's generator against every row of the repository's test-vectors/*.csv. */
class TotpGeneratorTest {

  record Vector(
      String file,
      MacAlgorithm algorithm,
      String seed,
      long time,
      int digits,
      int period,
      String code) {
    @Override
    public String toString() {
      return file + " " + algorithm + " t=" + time + " " + digits + " digits";
    }
  }

  /** The lines of one file of the repository's test-vectors/ folder (on the test classpath). */
  static List<String> lines(String file) {
    String resource = "/test-vectors/" + file;
    try (InputStream in = TotpGeneratorTest.class.getResourceAsStream(resource)) {
      if (in == null) {
        throw new IllegalStateException(resource + " is not on the test classpath");
      }
      return List.of(new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\r?\n"));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static Stream<Vector> vectors() {
    return Stream.of("rfc6238-vectors.csv", "derived-vectors.csv")
        .flatMap(
            file ->
                lines(file).stream()
                    .skip(1)
                    .filter(line -> !line.isBlank())
                    .map(line -> line.split(",", -1))
                    .map(
                        f ->
                            new Vector(
                                file,
                                MacAlgorithm.named(f[0]),
                                f[1],
                                Long.parseLong(f[2]),
                                Integer.parseInt(f[3]),
                                Integer.parseInt(f[4]),
                                f[5])));
  }

  @Test
  void everyCsvRowIsRead() {
    // 18 Appendix B rows + 49 derived rows: a vector file that silently vanished must fail here.
    assertThat(vectors().count()).isEqualTo(18 + 49);
  }

  @ParameterizedTest
  @MethodSource("vectors")
  void computesTheVectorsCode(Vector v) {
    TotpGenerator generator =
        TotpGenerator.forSecret(v.seed(), v.algorithm(), v.digits(), v.period());
    assertThat(generator.codeAt(Instant.ofEpochSecond(v.time()))).isEqualTo(v.code());
  }

  @Test
  void stepIsFloorOfTimeOverPeriod() {
    TotpGenerator generator =
        TotpGenerator.forSecret("GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ", MacAlgorithm.SHA1, 6, 30);
    assertThat(generator.stepAt(Instant.ofEpochSecond(1111111109))).isEqualTo(37037036);
    assertThat(generator.stepAt(Instant.ofEpochSecond(1111111110))).isEqualTo(37037037);
    assertThat(generator.stepAt(Instant.ofEpochMilli(1111111109999L))).isEqualTo(37037036);
  }

  @Test
  void base32DecodesLowerCaseAndPadding() {
    assertThat(Base32Secret.decode("gezdgnbvgy3tqojq")).isEqualTo("1234567890".getBytes());
    assertThat(Base32Secret.decode("GEZDGNBV======")).isEqualTo("12345".getBytes());
    assertThat(Base32Secret.isCanonical("GEZDGNBVGY3TQOJQ")).isTrue();
    assertThat(Base32Secret.isCanonical("GEZDGNBV======")).isFalse();
    assertThat(Base32Secret.isCanonical("gezdgnbv")).isFalse();
    assertThatThrownBy(() -> Base32Secret.decode("GEZ1"))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void toStringNeverShowsTheKey() {
    TotpGenerator generator =
        TotpGenerator.forSecret("GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ", MacAlgorithm.SHA1, 6, 30);
    assertThat(generator.toString()).doesNotContain("GEZDGNBV").doesNotContain("1234567890");
  }
}
