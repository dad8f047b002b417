package org.totpkit.mock.totp;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Secrets and tokens come from the injected {@link SecureRandom} and nothing else; codes and the
 * admin token are compared in constant time. The second half reads the server's own sources (in
 * this repository): a timing test would prove nothing on a shared machine.
 */
class SecretHygieneTest {
  private static final Path MAIN = Path.of("src/main/java/org/totpkit/mock");
  private static final Instant START = Instant.ofEpochSecond(1_700_000_000L);

  /** A SecureRandom whose bytes are known, and which remembers what it gave. */
  private static final class KnownRandom extends SecureRandom {
    private final List<byte[]> given = new ArrayList<>();
    private byte next = 1;

    @Override
    public synchronized void nextBytes(byte[] bytes) {
      for (int i = 0; i < bytes.length; i++) {
        bytes[i] = next++;
      }
      given.add(bytes.clone());
    }

    byte[] last() {
      return given.get(given.size() - 1);
    }
  }

  @Test
  void secretsAndTokensAreTheInjectedSecureRandomsBytes() {
    KnownRandom random = new KnownRandom();
    VirtualClock clock = new VirtualClock(() -> START);
    Directory directory = new Directory(clock, random);
    TotpService service =
        new TotpService(
            clock,
            directory,
            new RegistrationStore(),
            Instance.DEFAULT,
            random,
            CodeCheck.RFC_6238);

    Directory.Enrolment enrolment = directory.createUser("alice@example.com", "acme");
    assertThat(Base64.getUrlDecoder().decode(enrolment.token())).isEqualTo(random.last());
    String permitted = directory.createToken("acme", java.util.Set.of(Permission.USER_WRITE));
    assertThat(Base64.getUrlDecoder().decode(permitted)).isEqualTo(random.last());

    Outcome.Started started =
        (Outcome.Started)
            service.start(Caller.user(enrolment.user()), enrolment.user().id(), Scope.NONE);
    assertThat(Base32.decode(started.secretBase32()))
        .hasSize(TotpService.SECRET_BYTES)
        .isEqualTo(random.last());
    Outcome.Started another =
        (Outcome.Started)
            service.start(Caller.user(enrolment.user()), enrolment.user().id(), Scope.NONE);
    assertThat(another.secretBase32()).isNotEqualTo(started.secretBase32());
  }

  @Test
  void noOtherSourceOfRandomnessInTheServer() throws IOException {
    for (Path file : mainSources()) {
      String source = Files.readString(file);
      assertThat(source)
          .as("%s", file)
          .doesNotContain("java.util.Random", "new Random(", "ThreadLocalRandom")
          .doesNotContain("Math.random", "SplittableRandom", "UUID.randomUUID");
    }
  }

  @Test
  void codesAreComparedInConstantTime() throws IOException {
    String verifier =
        body(MAIN.resolve("totp/TimeBasedCode.java"), "public static boolean matches(");
    assertThat(verifier).contains("MessageDigest.isEqual(");
    // Every step of the window is compared: no early return once one matched.
    assertThat(verifier).contains("matched |=").doesNotContain("return true");
    assertThat(verifier).doesNotContain(".equals(", "compareTo(", "contentEquals(", "hashCode(");
  }

  @Test
  void theAdminTokenIsComparedInConstantTime() throws IOException {
    String guard = body(MAIN.resolve("hooks/AdminGuard.java"), "public boolean holdsToken(");
    assertThat(guard).contains("MessageDigest.isEqual(");
    assertThat(guard).doesNotContain(".equals(", "compareTo(", "startsWith(", "contentEquals(");
  }

  private static List<Path> mainSources() throws IOException {
    try (Stream<Path> files = Files.walk(MAIN)) {
      List<Path> java = files.filter(f -> f.toString().endsWith(".java")).toList();
      assertThat(java).as("the server's sources under %s", MAIN.toAbsolutePath()).isNotEmpty();
      return java;
    }
  }

  // The text of the method that starts with {@code signature}, up to its closing brace.
  private static String body(Path file, String signature) throws IOException {
    String source = Files.readString(file);
    int start = source.indexOf(signature);
    assertThat(start).as("%s in %s", signature, file).isNotNegative();
    int depth = 0;
    for (int i = source.indexOf('{', start); i < source.length(); i++) {
      char c = source.charAt(i);
      depth += c == '{' ? 1 : c == '}' ? -1 : 0;
      if (depth == 0) {
        return source.substring(start, i + 1);
      }
    }
    throw new AssertionError("no end of " + signature + " in " + file);
  }
}
