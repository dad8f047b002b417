package org.totpkit.kit;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.totpkit.kit.target.EmbeddedReferenceServer;

/**
 * The runner's command line: options, exit statuses and one-line errors (docs/conformance-kit.md).
 */
class MainTest {
  private final ByteArrayOutputStream out = new ByteArrayOutputStream();
  private final ByteArrayOutputStream err = new ByteArrayOutputStream();

  private int run(String... args) {
    return KitCommandLine.run(
        List.of(args),
        new PrintStream(out, true, StandardCharsets.UTF_8),
        new PrintStream(err, true, StandardCharsets.UTF_8));
  }

  private String errors() {
    return err.toString(StandardCharsets.UTF_8);
  }

  @Test
  void helpNamesEveryOptionAndExitsZero() {
    assertThat(run("--help")).isZero();
    assertThat(out.toString(StandardCharsets.UTF_8))
        .contains("--target", "--report-dir", "--tags", "--help", "--version", "Exit status");
  }

  @Test
  void anUnknownOptionIsAUsageError() {
    assertThat(run("--bogus")).isEqualTo(2);
    assertThat(errors())
        .isEqualTo("error: unknown option --bogus (see --help)" + System.lineSeparator());
  }

  @Test
  void versionPrintsTheKitVersionAndExitsZero() {
    assertThat(run("--version")).isZero();
    assertThat(out.toString(StandardCharsets.UTF_8).strip())
        .isEqualTo("totp-conformance-kit " + org.totpkit.kit.report.KitVersion.get());
    assertThat(org.totpkit.kit.report.KitVersion.get()).isNotEqualTo("unknown");
  }

  @Test
  void aMisspeltOptionSuggestsTheRightOne() {
    assertThat(run("--tag", "@core")).isEqualTo(2);
    assertThat(errors().lines())
        .singleElement()
        .asString()
        .startsWith("error: unknown option --tag (did you mean ")
        .contains("--tags")
        .endsWith("?) (see --help)");
  }

  @Test
  void anOptionFollowedByAnotherOptionHasNoValue() {
    assertThat(run("--target", "--tags", "@core")).isEqualTo(2);
    assertThat(errors().lines()).singleElement().asString().contains("--target needs a value");
  }

  @Test
  void aBlankValueIsAUsageError() {
    assertThat(run("--report-dir", " ")).isEqualTo(2);
    assertThat(errors())
        .isEqualTo(
            "error: --report-dir needs a non-empty value (see --help)" + System.lineSeparator());
  }

  @Test
  void aStrayArgumentIsAUsageError() {
    assertThat(run("target.properties")).isEqualTo(2);
    assertThat(errors().lines())
        .singleElement()
        .asString()
        .contains("unexpected argument target.properties");
  }

  @Test
  void anOptionGivenTwiceIsAUsageError() {
    assertThat(run("--tags", "@core", "--tags", "@skew")).isEqualTo(2);
    assertThat(errors().lines())
        .singleElement()
        .asString()
        .contains("--tags is given more than once");
  }

  @Test
  void anOptionWithoutItsValueIsAUsageError() {
    assertThat(run("--target")).isEqualTo(2);
    assertThat(errors().lines()).singleElement().asString().contains("--target needs a value");
  }

  @Test
  void anUnreadableTargetFileIsOneLine(@TempDir Path dir) {
    assertThat(run("--target", dir.resolve("missing.properties").toString())).isEqualTo(2);
    assertThat(errors().lines()).singleElement().asString().contains("cannot read target file");
  }

  @Test
  void aMissingKeyIsOneLine(@TempDir Path dir) throws IOException {
    Path file = dir.resolve("target.properties");
    Files.writeString(file, "baseUrl=http://127.0.0.1:9\nuser.id=42\n");
    assertThat(run("--target", file.toString())).isEqualTo(2);
    assertThat(errors().lines()).singleElement().asString().contains("missing key user.token");
  }

  @Test
  void anUnreachableBaseUrlIsOneLine(@TempDir Path dir) throws IOException {
    int closedPort;
    try (ServerSocket socket = new ServerSocket(0)) {
      closedPort = socket.getLocalPort();
    }
    Path file = dir.resolve("target.properties");
    Files.writeString(
        file, "baseUrl=http://127.0.0.1:" + closedPort + "\nuser.id=42\nuser.token=t0ken-value\n");
    assertThat(run("--target", file.toString())).isEqualTo(2);
    assertThat(errors().lines()).singleElement().asString().contains("cannot reach baseUrl");
  }

  @Test
  void tagsThatMatchNothingAreAUsageError(@TempDir Path dir) {
    assertThat(run("--report-dir", dir.toString(), "--tags", "@no-such-tag")).isEqualTo(2);
    assertThat(errors()).contains("no scenario matches");
  }

  @Test
  void aTargetFileWithHooksRunsAndWritesEveryReport(@TempDir Path dir) throws IOException {
    try (EmbeddedReferenceServer server = EmbeddedReferenceServer.start()) {
      Path file = dir.resolve("target.properties");
      Files.writeString(
          file, "baseUrl=" + server.target().baseUrl() + "\nhooksUrl=${KIT_TEST_HOOKS_URL}\n");
      // ${ENV} needs a real environment variable; fall back to the literal URL when it is unset.
      if (System.getenv("KIT_TEST_HOOKS_URL") == null) {
        Files.writeString(
            file,
            "baseUrl="
                + server.target().baseUrl()
                + "\nhooksUrl="
                + server.target().hooksUrl().orElseThrow()
                + "\n");
      }
      Path reports = dir.resolve("out");
      assertThat(
              run(
                  "--target",
                  file.toString(),
                  "--report-dir",
                  reports.toString(),
                  "--tags",
                  "@TOTP-CORE-06 or @TOTP-SKEW-03"))
          .isZero();
      String printed = out.toString(StandardCharsets.UTF_8);
      // One progress line per scenario: 1 + 12 examples.
      assertThat(printed.lines().filter(line -> line.startsWith("PASSED"))).hasSize(13);
      for (String name : org.totpkit.kit.report.ReportDirectory.FILES) {
        assertThat(reports.resolve(name)).isNotEmptyFile();
      }
    }
  }

  @Test
  void anUnknownTransportIsAUsageError() {
    assertThat(run("--transport", "soap")).isEqualTo(2);
    assertThat(errors().lines())
        .singleElement()
        .asString()
        .contains("--transport must be rest, grpc, grpc-web or connect, not soap");
  }

  @Test
  void theEmbeddedServerOverGrpcRunsAndTheReportNamesTheTransport(@TempDir Path dir)
      throws IOException {
    Path reports = dir.resolve("out");
    assertThat(
            run(
                "--transport",
                "grpc",
                "--report-dir",
                reports.toString(),
                "--tags",
                "@TOTP-CORE-06 or @TOTP-RPC-02"))
        .isZero();
    assertThat(out.toString(StandardCharsets.UTF_8)).contains(" over grpc ");
    assertThat(Files.readString(reports.resolve("conformance-report.md")))
        .contains("| transport | grpc at http://");
  }

  @Test
  void anUnknownDialectIsAOneLineUsageError() {
    assertThat(run("--dialect", "v1")).isEqualTo(2);
    assertThat(errors().lines())
        .singleElement()
        .asString()
        .isEqualTo("error: --dialect must be v3alpha or v2, not v1 (see --help)");
  }

  @Test
  void aDialectInTheTargetFileMustBeKnown(@TempDir Path dir) throws IOException {
    Path file = dir.resolve("target.properties");
    Files.writeString(file, "baseUrl=http://localhost:1\nuser.id=1\nadmin.token=a\ndialect=v1\n");
    assertThat(run("--target", file.toString())).isEqualTo(2);
    assertThat(errors().lines())
        .singleElement()
        .asString()
        .contains("dialect must be v3alpha or v2");
  }

  @Test
  void aV2TargetWithoutHooksNeedsTheAdminToken(@TempDir Path dir) throws IOException {
    Path file = dir.resolve("target.properties");
    Files.writeString(file, "baseUrl=http://localhost:1\nuser.id=1\nuser.token=u\n");
    assertThat(run("--dialect", "v2", "--target", file.toString())).isEqualTo(2);
    assertThat(errors().lines()).singleElement().asString().contains("missing key admin.token");
  }
}
