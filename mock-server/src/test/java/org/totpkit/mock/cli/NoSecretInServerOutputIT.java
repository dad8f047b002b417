package org.totpkit.mock.cli;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.totpkit.mock.http.Json;
import org.totpkit.mock.testing.JceTotp;

/**
 * The shaded jar, run with --verbose and an admin token, through a whole session with tokens,
 * secrets and codes (right and wrong, good and malformed requests, a stub): none of them is ever
 * printed, kept in the request journal, or in any answer of WireMock's admin API.
 */
class NoSecretInServerOutputIT {
  private static final String ADMIN_TOKEN = "admin-token-that-must-not-leak";
  private final HttpClient http = HttpClient.newHttpClient();

  private HttpResponse<String> send(String method, String url, String token, String body)
      throws Exception {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create(url))
            .timeout(Duration.ofSeconds(10))
            .method(
                method,
                body == null
                    ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofString(body));
    if (token != null) {
      request.header("Authorization", "Bearer " + token);
    }
    return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void verboseOutputNamesPathsAndStatusesButNoSecretTokenOrCode() throws Exception {
    int port;
    try (ServerSocket socket = new ServerSocket(0)) {
      port = socket.getLocalPort();
    }
    Path stderr = Files.createTempFile("server-err", ".txt");
    Process server =
        new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-jar",
                Path.of("target", "totp-mock-server.jar").toString(),
                "--port",
                Integer.toString(port),
                "--verbose",
                "--admin-token",
                ADMIN_TOKEN)
            .redirectError(stderr.toFile())
            .start();
    List<String> secrets = new ArrayList<>(List.of(ADMIN_TOKEN));
    StringBuilder adminAnswers = new StringBuilder();
    StringBuffer stdout = new StringBuffer();
    CountDownLatch listening = new CountDownLatch(1);
    Thread reader =
        new Thread(
            () -> {
              try (BufferedReader lines =
                  new BufferedReader(new InputStreamReader(server.getInputStream(), UTF_8))) {
                for (String line = lines.readLine(); line != null; line = lines.readLine()) {
                  stdout.append(line).append('\n');
                  listening.countDown();
                }
              } catch (IOException ended) {
                // the process is gone
              }
            });
    reader.start();
    try {
      String base = "http://127.0.0.1:" + port;
      // The first line is printed once the server listens.
      assertThat(listening.await(30, TimeUnit.SECONDS)).isTrue();
      assertThat(stdout.toString()).contains("listening on " + base);
      JsonNode user =
          Json.MAPPER.readTree(
              send("POST", base + "/__admin/totp/users", ADMIN_TOKEN, "{}").body());
      String token = user.get("token").asText();
      String userPath = base + "/resources/v3alpha/users/" + user.get("userId").asText();
      secrets.add(token);
      JsonNode started = Json.MAPPER.readTree(send("POST", userPath + "/totp", token, null).body());
      String secret = started.get("secret").asText();
      secrets.add(secret);
      String verify = userPath + "/totp/" + started.get("totpId").asText() + "/_verify";
      long now = Instant.ofEpochMilli(clockMillis(base)).getEpochSecond();
      String right = JceTotp.totp(secret, now);
      String wrong = JceTotp.totp(secret, now + 3600);
      secrets.add(right);
      secrets.add(wrong);
      assertThat(send("POST", verify, token, "\"" + wrong + "\"").statusCode()).isEqualTo(400);
      assertThat(send("POST", verify, token + "x", "\"" + right + "\"").statusCode())
          .isEqualTo(401);
      assertThat(send("POST", verify, token, "{\"code\":\"" + right + "\"}").statusCode())
          .isEqualTo(400);
      assertThat(send("POST", verify, token, "\"" + right + "\"").statusCode()).isEqualTo(200);
      assertThat(send("POST", base + "/__admin/totp/users", "wrong-admin-token", "{}").statusCode())
          .isEqualTo(401);
      assertThat(
              send(
                      "POST",
                      base + "/__admin/totp/users/" + user.get("userId").asText() + "/totp",
                      ADMIN_TOKEN,
                      "{\"secret\":\"" + secret + "!\"}")
                  .statusCode())
          .isEqualTo(400);
      // A stub answers a verify; its request is journaled too.
      assertThat(
              send(
                      "POST",
                      base + "/__admin/mappings",
                      ADMIN_TOKEN,
                      "{\"request\":{\"method\":\"POST\",\"urlPathPattern\":\".*/_verify\"},"
                          + "\"response\":{\"status\":503}}")
                  .statusCode())
          .isEqualTo(201);
      assertThat(send("POST", verify, token, "\"" + right + "\"").statusCode()).isEqualTo(503);
      assertThat(
              send("POST", base + "/nothing", token, "{\"secret\":\"" + secret + "\"}")
                  .statusCode())
          .isEqualTo(404);
      String journal = send("GET", base + "/__admin/requests", ADMIN_TOKEN, null).body();
      assertThat(journal).as("the journal keeps the session").contains("/_verify", "‹redacted›");
      adminAnswers.append(journal);
      for (String path :
          List.of(
              "/__admin/requests/unmatched",
              "/__admin/requests/unmatched/near-misses",
              "/__admin/mappings",
              "/__admin/mappings/unmatched",
              "/__admin/scenarios",
              "/__admin/settings")) {
        HttpResponse<String> answer = send("GET", base + path, ADMIN_TOKEN, null);
        assertThat(answer.statusCode()).as(path).isEqualTo(200);
        adminAnswers.append(answer.body());
      }
      for (String[] call :
          new String[][] {
            {"/__admin/requests/find", "{\"method\":\"ANY\",\"urlPattern\":\".*\"}"},
            {"/__admin/requests/count", "{\"method\":\"POST\",\"urlPattern\":\".*\"}"},
            {"/__admin/near-misses/request-pattern", "{\"method\":\"GET\",\"url\":\"/x\"}"},
            {
              "/__admin/near-misses/request",
              "{\"method\":\"POST\",\"url\":\"/resources/v3alpha/users\"}"
            }
          }) {
        HttpResponse<String> answer = send("POST", base + call[0], ADMIN_TOKEN, call[1]);
        assertThat(answer.statusCode()).as(call[0]).isEqualTo(200);
        adminAnswers.append(answer.body());
      }
    } finally {
      server.destroy();
      assertThat(server.waitFor(20, TimeUnit.SECONDS)).isTrue();
      reader.join(10_000);
    }
    String printed = stdout + Files.readString(stderr, UTF_8);
    assertThat(printed).as("the verbose request lines").contains("/_verify -> 200");
    for (String secret : secrets) {
      assertThat(printed).doesNotContain(secret);
      assertThat(adminAnswers).as("WireMock's admin answers").doesNotContain(secret);
    }
  }

  private long clockMillis(String base) throws Exception {
    return Json.MAPPER
        .readTree(send("GET", base + "/__admin/totp/clock", ADMIN_TOKEN, null).body())
        .get("epochMillis")
        .asLong();
  }
}
