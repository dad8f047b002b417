package org.totpkit.mock.totp;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/** The RFC 6238 vector files of ../shared/data, one record per row. */
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

  static Path dataDir() {
    String shared = System.getProperty("totp.shared.dir", "../../shared");
    return Path.of(shared, "data");
  }

  static Stream<Vector> rows(String file) {
    try {
      List<String> lines = Files.readAllLines(dataDir().resolve(file));
      return lines.stream()
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
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static Stream<Vector> all() {
    return Stream.concat(rows("rfc6238-vectors.csv"), rows("derived-vectors.csv"));
  }
}
