package org.totpkit.kit.totp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The kit's generator against every row of ../shared/data/*.csv. */
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

  static Path sharedData() {
    String dir = System.getProperty("totp.shared.dir", "../../shared");
    return Path.of(dir, "data");
  }

  static Stream<Vector> vectors() throws IOException {
    return Stream.of("rfc6238-vectors.csv", "derived-vectors.csv")
        .flatMap(
            file -> {
              try {
                List<String> lines = Files.readAllLines(sharedData().resolve(file));
                return lines.stream()
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
                                f[5]));
              } catch (IOException e) {
                throw new IllegalStateException("cannot read " + file, e);
              }
            });
  }

  @Test
  void everyCsvRowIsRead() throws IOException {
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
