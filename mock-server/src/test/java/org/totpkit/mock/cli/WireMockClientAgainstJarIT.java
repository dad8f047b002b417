package org.totpkit.mock.cli;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.findAll;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.removeStub;
import static com.github.tomakehurst.wiremock.client.WireMock.stubFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static com.github.tomakehurst.wiremock.client.WireMock.verify;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.github.tomakehurst.wiremock.client.WireMock;
import com.github.tomakehurst.wiremock.http.Fault;
import com.github.tomakehurst.wiremock.stubbing.StubMapping;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.totpkit.mock.http.Json;
import org.totpkit.mock.testing.JceTotp;

/**
 * The "done when", as a client team would do it: WireMock's own Java client pointed at the
 * shaded jar, with stubs over the contract, a fault and the journal's cap.
 */
class WireMockClientAgainstJarIT {
  private static final int CAP = 25;
  private static final String DEMO_USER = "100000000000000002";
  private static Process server;
  private static String base;
  private final HttpClient http = HttpClient.newHttpClient();

  @BeforeAll
  static void startTheJar() throws Exception {
    int port;
    try (ServerSocket socket = new ServerSocket(0)) {
      port = socket.getLocalPort();
    }
    server =
        new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-jar",
                Path.of("target", "totp-mock-server.jar").toString(),
                "--port",
                Integer.toString(port),
                "--max-journal-entries",
                Integer.toString(CAP))
            .redirectError(ProcessBuilder.Redirect.DISCARD)
            .start();
    BufferedReader out = new BufferedReader(new InputStreamReader(server.getInputStream(), UTF_8));
    assertThat(out.readLine()).contains("listening on");
    base = "http://127.0.0.1:" + port;
    WireMock.configureFor("127.0.0.1", port);
  }

  @AfterAll
  static void stop() throws InterruptedException {
    server.destroy();
    server.waitFor(20, TimeUnit.SECONDS);
  }

  private HttpResponse<String> send(String method, String path, String body) throws Exception {
    return http.send(
        HttpRequest.newBuilder(URI.create(base + path))
            .timeout(Duration.ofSeconds(20))
            .header("Authorization", "Bearer demo-token")
            .method(
                method,
                body == null
                    ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofString(body))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void aStubbedOutageIsSeenVerifiedAndRemovedWithTheRegistrationStillPending() throws Exception {
    JsonNode started =
        Json.MAPPER.readTree(
            send("POST", "/resources/v3alpha/users/" + DEMO_USER + "/totp", null).body());
    String verifyPath =
        "/resources/v3alpha/users/"
            + DEMO_USER
            + "/totp/"
            + started.get("totpId").asText()
            + "/_verify";
    String code =
        JceTotp.totp(
            started.get("secret").asText(),
            Json.MAPPER
                    .readTree(send("GET", "/__admin/totp/clock", null).body())
                    .path("epochMillis")
                    .asLong()
                / 1000);

    StubMapping outage =
        stubFor(
            post(urlPathMatching(".*/_verify"))
                .willReturn(aResponse().withStatus(503).withFixedDelay(200)));
    assertThat(send("POST", verifyPath, "\"" + code + "\"").statusCode()).isEqualTo(503);
    verify(1, postRequestedFor(urlPathEqualTo(verifyPath)));
    removeStub(outage);

    HttpResponse<String> after = send("POST", verifyPath, "\"" + code + "\"");
    assertThat(after.statusCode()).as(after.body()).isEqualTo(200);
  }

  @Test
  void aConnectionResetFaultResetsTheConnectionAndNothingElse() throws Exception {
    StubMapping reset =
        stubFor(
            post(urlPathEqualTo("/resources/v3alpha/users/" + DEMO_USER + "/totp"))
                .willReturn(aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER)));
    assertThatThrownBy(() -> send("POST", "/resources/v3alpha/users/" + DEMO_USER + "/totp", null))
        .isInstanceOf(IOException.class);
    // Other routes are untouched, and the contract's error table still answers.
    HttpResponse<String> other =
        send("DELETE", "/resources/v3alpha/users/" + DEMO_USER + "/totp/1", null);
    assertThat(other.statusCode()).isEqualTo(404);
    assertThat(other.body()).contains("COMMAND-Hd9sd");
    removeStub(reset);
    assertThat(send("POST", "/resources/v3alpha/users/" + DEMO_USER + "/totp", null).statusCode())
        .isEqualTo(200);
  }

  @Test
  void theJournalHoldsAtMostItsCap() throws Exception {
    for (int i = 0; i < CAP * 2; i++) {
      send("GET", "/nothing-" + i, null);
    }
    assertThat(findAll(anyRequestedFor(anyUrl()))).hasSize(CAP);
    String journal =
        http.send(
                HttpRequest.newBuilder(URI.create(base + "/__admin/requests")).build(),
                HttpResponse.BodyHandlers.ofString())
            .body();
    assertThat(journal).doesNotContain("demo-token").contains("‹redacted›");
  }
}
