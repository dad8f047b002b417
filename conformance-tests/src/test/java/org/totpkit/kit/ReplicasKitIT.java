package org.totpkit.kit;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The team-shared mock as a user starts it: {@code deploy/replicas.sh} (PostgreSQL, three server
 * jars, haproxy) with an admin token, then on the one URL it prints the README's curl walkthrough
 * and the kit's jar over every transport, hooks and admin token through the same URL. gRPC reaches
 * the replicas over h2c through haproxy; the other transports over HTTP/1.1.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ReplicasKitIT {
  private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
  private static final Path KIT_JAR = Path.of("target", "totp-conformance-kit.jar");
  private static final Path WORK = Path.of("target", "replicas-it");
  private static final String TOKEN = HexFormat.of().formatHex(new SecureRandom().generateSeed(16));

  private static Process replicas;
  private static String url;

  @BeforeAll
  static void startTheReplicas() throws Exception {
    Files.createDirectories(WORK);
    replicas =
        new ProcessBuilder(ROOT.resolve("deploy/replicas.sh").toString(), "--admin-token", TOKEN)
            .redirectError(WORK.resolve("replicas.log").toFile())
            .start();
    BufferedReader out =
        new BufferedReader(
            new InputStreamReader(replicas.getInputStream(), StandardCharsets.UTF_8));
    String first =
        CompletableFuture.supplyAsync(
                () -> {
                  try {
                    return out.readLine();
                  } catch (IOException e) {
                    return null;
                  }
                })
            .get(240, TimeUnit.SECONDS);
    assertThat(first)
        .as("deploy/replicas.sh prints its URL (see %s)", WORK.resolve("replicas.log"))
        .startsWith("http://127.0.0.1:");
    url = first.trim();
  }

  @AfterAll
  static void stopTheReplicas() throws InterruptedException {
    if (replicas != null) {
      replicas.destroy(); // SIGTERM: the script stops PostgreSQL, the replicas and haproxy
      if (!replicas.waitFor(60, TimeUnit.SECONDS)) {
        replicas.destroyForcibly();
      }
    }
  }

  @Test
  @Order(1)
  void theCurlWalkthroughWorksOnTheUrl() throws Exception {
    ProcessBuilder walk =
        new ProcessBuilder("bash", ROOT.resolve("docs/curl-walkthrough.sh").toString(), url)
            .redirectErrorStream(true);
    walk.environment().put("TOTP_ADMIN_TOKEN", TOKEN);
    Run run = run(walk, 120);
    assertThat(run.output()).as("the walkthrough's lines").doesNotContain("FAILED");
    assertThat(run.exit()).as("the walkthrough's exit status: %s", run.output()).isZero();
  }

  @ParameterizedTest(name = "the kit over {0} passes on the URL")
  @ValueSource(strings = {"rest", "grpc", "grpc-web", "connect"})
  @Order(2)
  void theKitPassesOnTheUrl(String transport) throws Exception {
    // The token comes from the environment, never from the file.
    Path target = WORK.resolve("target.properties");
    Files.writeString(
        target,
        "baseUrl=" + url + "\nhooksUrl=" + url + "/__admin/totp\nhooks.token=${TOTP_HOOKS_TOKEN}\n",
        StandardCharsets.UTF_8);
    ProcessBuilder kit =
        new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-jar",
                KIT_JAR.toString(),
                "--target",
                target.toString(),
                "--transport",
                transport,
                "--report-dir",
                WORK.resolve(transport).toString())
            .redirectErrorStream(true);
    kit.environment().put("TOTP_HOOKS_TOKEN", TOKEN);
    Run run = run(kit, 600);
    List<String> failed = run.output().lines().filter(l -> l.startsWith("FAILED")).toList();
    assertThat(failed).as("failed scenarios over %s", transport).isEmpty();
    assertThat(run.exit())
        .as("the kit's exit status over %s: %s", transport, run.output())
        .isZero();
    assertThat(run.output()).contains(", 0 failed").doesNotContain(" 0 passed");
    assertThat(run.output()).as("the token stays out of the kit's output").doesNotContain(TOKEN);
  }

  record Run(int exit, String output) {}

  private static Run run(ProcessBuilder builder, int seconds) throws Exception {
    Process process = builder.start();
    CompletableFuture<String> output =
        CompletableFuture.supplyAsync(
            () -> {
              try {
                return new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
              } catch (IOException e) {
                return "";
              }
            });
    if (!process.waitFor(seconds, TimeUnit.SECONDS)) {
      process.destroyForcibly();
      throw new AssertionError(
          String.join(" ", builder.command()) + " took over " + seconds + " s");
    }
    return new Run(process.exitValue(), output.get(30, TimeUnit.SECONDS));
  }
}
