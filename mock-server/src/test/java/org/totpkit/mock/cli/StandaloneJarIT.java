package org.totpkit.mock.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The shaded jar as a user runs it: {@code java -jar mock-server/target/totp-mock-server.jar}. */
class StandaloneJarIT {
  private static final Path JAR = Path.of("target", "totp-mock-server.jar");
  private final List<Process> processes = new ArrayList<>();

  @AfterEach
  void stopAll() throws InterruptedException {
    for (Process process : processes) {
      process.destroy();
      process.waitFor(10, TimeUnit.SECONDS);
    }
  }

  private Process run(String... args) throws IOException {
    List<String> command = new ArrayList<>(List.of(javaBinary(), "-jar", JAR.toString()));
    command.addAll(List.of(args));
    Process process = new ProcessBuilder(command).start();
    processes.add(process);
    return process;
  }

  private static String javaBinary() {
    return Path.of(System.getProperty("java.home"), "bin", "java").toString();
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }

  @Test
  void startsPrintsTheUrlAndCurlLineAndAnswersHealth() throws Exception {
    assertThat(Files.exists(JAR)).as("the shaded jar is built in package").isTrue();
    int port = freePort();
    Process server = run("--port", Integer.toString(port));
    BufferedReader stdout =
        new BufferedReader(new InputStreamReader(server.getInputStream(), StandardCharsets.UTF_8));
    String first = stdout.readLine();
    assertThat(first).isEqualTo("TOTP reference server listening on http://127.0.0.1:" + port);
    List<String> lines = new ArrayList<>();
    String line;
    while ((line = stdout.readLine()) != null && !line.trim().startsWith("curl ")) {
      lines.add(line);
    }
    assertThat(line)
        .as("a ready-to-paste curl line")
        .isNotNull()
        .contains("Authorization: Bearer demo-token");
    HttpResponse<String> health =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/__admin/health"))
                    .timeout(Duration.ofSeconds(10))
                    .build(),
                HttpResponse.BodyHandlers.ofString());
    assertThat(health.statusCode()).isEqualTo(200);
    assertThat(health.body()).contains("healthy");
  }

  @Test
  void theReadmeWalkthroughReproducesEveryRowOfTheErrorTableAndRunsAgain() throws Exception {
    boolean tools =
        Files.isExecutable(Path.of("/usr/bin/oathtool"))
            && Files.isExecutable(Path.of("/usr/bin/curl"));
    if (System.getenv("CI") == null) {
      org.junit.jupiter.api.Assumptions.assumeTrue(tools, "needs curl and oathtool");
    }
    int port = freePort();
    Process server = run("--port", Integer.toString(port));
    new BufferedReader(new InputStreamReader(server.getInputStream(), StandardCharsets.UTF_8))
        .readLine();
    // Twice against the same server, as a reader who runs the README again: the first run must
    // leave the demo user, its token, the policy and the clock as it found them.
    Path script = Path.of("../docs/curl-walkthrough.sh").toAbsolutePath();
    boolean nodeClient = Files.isDirectory(Path.of("../interop/node/node_modules"));
    for (int run = 1; run <= 2; run++) {
      Path workingDirectory = Files.createTempDirectory("walkthrough");
      Process walkthrough =
          new ProcessBuilder("bash", script.toString(), "http://127.0.0.1:" + port)
              .directory(workingDirectory.toFile())
              .redirectErrorStream(true)
              .start();
      processes.add(walkthrough);
      String output =
          new String(walkthrough.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      assertThat(walkthrough.waitFor(60, TimeUnit.SECONDS)).isTrue();
      assertThat(walkthrough.exitValue()).as("run %d: %s", run, output).isZero();
      assertThat(output)
          .as("run %d", run)
          .contains("0 failures", "row 1: 404", "row 13: 429", "row 14: 400", "Retry-After: 60")
          // The README's RPC examples, after the walkthrough, still find the demo token.
          .contains("connect-14: 400", "connect remove: 200", "grpc start: 0")
          .contains("grpc start without a token: 16");
      if (nodeClient) {
        assertThat(output).as("run %d", run).contains("node grpc start: yes");
      }
      // The examples write no file where they are run.
      try (var left = Files.list(workingDirectory)) {
        assertThat(left.toList()).as("files the walkthrough left in its directory").isEmpty();
      }
      Files.delete(workingDirectory);
    }
  }

  @Test
  void theClassDataSharingArchiveOfTheBuildFitsTheJar() throws Exception {
    org.junit.jupiter.api.Assumptions.assumeFalse(
        Boolean.getBoolean("cds.skip"), "built with -Dcds.skip=true");
    Path archive = Path.of("target", "totp-mock-server.jsa");
    assertThat(Files.exists(archive)).as("the archive is made in package").isTrue();
    // -Xshare:on refuses to start with an archive that does not fit, instead of ignoring it.
    Process process =
        new ProcessBuilder(
                javaBinary(),
                "-XX:SharedArchiveFile=" + archive,
                "-Xshare:on",
                "-Xlog:class+load=info",
                "-jar",
                JAR.toString(),
                "--version")
            .redirectErrorStream(true)
            .start();
    processes.add(process);
    String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(process.exitValue()).as(out).isZero();
    assertThat(out)
        .contains("org.totpkit.mock.cli.Main source: shared objects file (top)")
        .contains("totp-mock-server " + System.getProperty("project.version"));
  }

  @Test
  void aBadFlagExitsTwoWithOneLine() throws Exception {
    Process process = run("--prot", "8080");
    assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
    assertThat(process.exitValue()).isEqualTo(2);
    String err = new String(process.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(err.lines())
        .containsExactly("totp-mock-server: unknown option '--prot': did you mean --port?");
  }

  @Test
  void versionPrintsTheRootPomsVersion() throws Exception {
    Process process = run("--version");
    assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
    assertThat(process.exitValue()).isZero();
    String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(out.lines())
        .containsExactly("totp-mock-server " + System.getProperty("project.version"));
  }

  @Test
  void aPortInUseExitsTwoWithOneLine() throws Exception {
    try (ServerSocket taken = new ServerSocket(0)) {
      Process process = run("--port", Integer.toString(taken.getLocalPort()));
      assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
      assertThat(process.exitValue()).isEqualTo(2);
      String err = new String(process.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
      assertThat(err.lines()).hasSize(1);
      assertThat(err).contains("--port");
    }
  }
}
