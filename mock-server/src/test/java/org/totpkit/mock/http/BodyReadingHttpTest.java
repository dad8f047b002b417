package org.totpkit.mock.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.totpkit.mock.ServerOptions;
import org.totpkit.mock.junit.TotpMockServerExtension;
import org.totpkit.mock.testing.RawSocket;

/**
 * Bodies are read whole before dispatch ({@link WholeBodyFirst}), with bounded memory: past the
 * kept part the bytes are only counted, and a declared length past the read bound is not read at
 * all. What the routes answer stays what they answered when they read the body themselves.
 */
class BodyReadingHttpTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String CONNECT_START =
      "/zitadel.resources.user.v3alpha.ZITADELUsers/StartTOTPRegistration";

  @RegisterExtension
  static TotpMockServerExtension mock =
      TotpMockServerExtension.with(ServerOptions.defaults().withPort(0));

  @Test
  void aConnectMessagePastTheKeptPartIsStillReportedWithItsSize() throws Exception {
    int size = WholeBodyFirst.KEPT_AT_LEAST + 50_000;
    byte[] large = ("{\"id\":\"" + "x".repeat(size - 9) + "\"}").getBytes(StandardCharsets.UTF_8);
    assertThat(large.length).isEqualTo(size);
    HttpResponse<String> response =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(URI.create(mock.baseUrl() + CONNECT_START))
                    .header("Content-Type", "application/json")
                    .header("Authorization", "Bearer demo-token")
                    .POST(HttpRequest.BodyPublishers.ofByteArray(large))
                    .build(),
                HttpResponse.BodyHandlers.ofString());
    assertThat(response.statusCode()).isEqualTo(429);
    JsonNode body = JSON.readTree(response.body());
    assertThat(body.path("code").asText()).isEqualTo("resource_exhausted");
    assertThat(body.path("message").asText()).contains("(" + size + " vs. 65536)");
  }

  @Test
  void aDeclaredLengthPastTheReadBoundIsRefusedWithoutWaitingForTheRest() throws Exception {
    RawSocket socket = new RawSocket(mock.baseUrl());
    ByteArrayOutputStream request = new ByteArrayOutputStream();
    request.writeBytes(
        ("POST /resources/v3alpha/users/1/totp/2/_verify HTTP/1.1\r\nHost: "
                + socket.hostHeader()
                + "\r\nContent-Type: application/json\r\nContent-Length: "
                + (WholeBodyFirst.DRAIN_LIMIT + 1)
                + "\r\n\r\n")
            .getBytes(StandardCharsets.ISO_8859_1));
    request.writeBytes(new byte[WholeBodyFirst.KEPT_AT_LEAST + 10_000]);
    try (RawSocket.Held held = socket.hold(request.toByteArray())) {
      RawSocket.Answer answer = held.answer(Duration.ofSeconds(10));
      assertThat(answer.problem()).isNull();
      assertThat(answer.reply().status()).isEqualTo(400);
      assertThat(answer.reply().body())
          .isEqualTo("{\"code\":3,\"message\":\"request body is larger than 65536 bytes\"}");
      assertThat(answer.closed()).as("the rest is not read: the connection closes").isTrue();
    }
  }

  @Test
  void aBodyOnItsWayHoldsTheRequestUntilItHasArrived() throws Exception {
    // The body comes in two writes; the answer is the contract's judgement of the whole body.
    RawSocket socket = new RawSocket(mock.baseUrl());
    byte[] head =
        ("POST /__admin/totp/users HTTP/1.1\r\nHost: "
                + socket.hostHeader()
                + "\r\nContent-Type: application/json\r\nContent-Length: 20\r\n"
                + "Connection: close\r\n\r\n{\"loginName\":")
            .getBytes(StandardCharsets.ISO_8859_1);
    try (RawSocket.Held held = socket.hold(head)) {
      assertThat(held.quiet()).as("no answer before the body is whole").isTrue();
      held.send("\"late\"}".getBytes(StandardCharsets.ISO_8859_1));
      RawSocket.Answer answer = held.answer(Duration.ofSeconds(10));
      assertThat(answer.problem()).isNull();
      assertThat(answer.reply().status()).as("%s", answer.reply()).isBetween(200, 201);
      assertThat(answer.reply().body()).contains("\"late\"");
    }
  }
}
