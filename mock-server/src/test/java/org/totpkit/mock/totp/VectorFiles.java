package org.totpkit.mock.totp;

import java.util.stream.Stream;
import org.totpkit.mock.testing.TestVectors;

/** The RFC 6238 vector files of the repository's test-vectors/ folder, one record per row. */
final class VectorFiles {
  record Vector(
      HashAlgorithm algorithm,
      String seedBase32,
      long unixTime,
      int digits,
      int period,
      String code) {
    @Override
    public String toString() {
      return algorithm + " t=" + unixTime + " digits=" + digits;
    }
  }

  private VectorFiles() {}

  static Stream<Vector> rows(String file) {
    return TestVectors.lines(file).stream()
        .skip(1)
        .filter(line -> !line.isBlank())
        .map(line -> line.split(",", -1))
        .map(
            f ->
                new Vector(
                    HashAlgorithm.valueOf(f[0]),
                    f[1],
                    Long.parseLong(f[2]),
                    Integer.parseInt(f[3]),
                    Integer.parseInt(f[4]),
                    f[5]));
  }

  static Stream<Vector> all() {
    return Stream.concat(rows(TestVectors.RFC_6238), rows(TestVectors.DERIVED));
  }
}
