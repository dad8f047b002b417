package org.totpkit.mock.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;

/**
 * The RFC 6238 vector files of the repository's {@code test-vectors/} folder, which the build puts
 * on the test classpath: the tests never read outside the repository.
 */
public final class TestVectors {
  public static final String RFC_6238 = "rfc6238-vectors.csv";
  public static final String DERIVED = "derived-vectors.csv";

  private TestVectors() {}

  /** The lines of one vector file, header included. */
  public static List<String> lines(String file) {
    String resource = "/test-vectors/" + file;
    try (InputStream in = TestVectors.class.getResourceAsStream(resource)) {
      if (in == null) {
        throw new IllegalStateException(resource + " is not on the test classpath");
      }
      return Arrays.asList(new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\r?\n"));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
