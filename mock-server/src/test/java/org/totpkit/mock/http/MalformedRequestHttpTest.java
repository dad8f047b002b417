package org.totpkit.mock.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.totpkit.mock.junit.TotpMockServerExtension;

/**
 * Requests that Jetty itself refuses before WireMock sees them still get the contract's error
 * shape, never an HTML page. Sent over a raw socket because HTTP clients refuse to send them.
 */
class MalformedRequestHttpTest {
  @RegisterExtension static TotpMockServerExtension mock = TotpMockServerExtension.onFreePort();

  private String exchange(String requestLine) throws IOException {
    URI base = URI.create(mock.baseUrl());
    try (Socket socket = new Socket(base.getHost(), base.getPort())) {
      OutputStream out = socket.getOutputStream();
      out.write(
          (requestLine + "\r\nHost: localhost\r\nConnection: close\r\nContent-Length: 0\r\n\r\n")
              .getBytes(StandardCharsets.ISO_8859_1));
      out.flush();
      InputStream in = socket.getInputStream();
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "POST /resources/v3alpha/users/%zz/totp HTTP/1.1",
        "POST /resources/v3alpha/users/%00/totp HTTP/1.1",
        "POST /__admin/totp/users/%zz/totp HTTP/1.1",
        "GET /resources/v3alpha/users/%/totp HTTP/1.1"
      })
  void badlyEncodedPathsGetA400InTheContractShape(String requestLine) throws IOException {
    String response = exchange(requestLine);
    assertThat(response).startsWith("HTTP/1.1 400");
    assertThat(response).containsIgnoringCase("Content-Type: application/json");
    assertThat(response).contains("{\"code\":3,\"message\":\"Bad Request\"}");
    assertThat(response).doesNotContain("<html", "<h1", "Exception");
  }

  @ParameterizedTest
  @ValueSource(booleans = {false, true})
  void aBodyLargerThanAnythingTheApiTakesIsRefusedUnread(boolean chunked) throws Exception {
    String huge = "\"" + "1".repeat(RequestGate.MAX_BODY_BYTES) + "\"";
    byte[] bytes = huge.getBytes(StandardCharsets.UTF_8);
    java.net.http.HttpRequest.BodyPublisher publisher =
        chunked
            ? java.net.http.HttpRequest.BodyPublishers.ofInputStream(
                () -> new java.io.ByteArrayInputStream(bytes))
            : java.net.http.HttpRequest.BodyPublishers.ofByteArray(bytes);
    java.net.http.HttpResponse<String> response =
        java.net.http.HttpClient.newBuilder()
            .version(java.net.http.HttpClient.Version.HTTP_1_1)
            .build()
            .send(
                java.net.http.HttpRequest.newBuilder(
                        URI.create(mock.baseUrl() + "/resources/v3alpha/users/1/totp/2/_verify"))
                    .POST(publisher)
                    .build(),
                java.net.http.HttpResponse.BodyHandlers.ofString());
    assertThat(response.statusCode()).isEqualTo(400);
    assertThat(response.body())
        .isEqualTo("{\"code\":3,\"message\":\"request body is larger than 65536 bytes\"}");
  }

  @org.junit.jupiter.api.Test
  void aBodyAtTheLimitIsStillReadAndJudgedByTheContract() throws Exception {
    String atLimit = "\"" + "1".repeat(RequestGate.MAX_BODY_BYTES - 2) + "\"";
    java.net.http.HttpResponse<String> response =
        java.net.http.HttpClient.newHttpClient()
            .send(
                java.net.http.HttpRequest.newBuilder(
                        URI.create(mock.baseUrl() + "/resources/v3alpha/users/1/totp/2/_verify"))
                    .POST(java.net.http.HttpRequest.BodyPublishers.ofString(atLimit))
                    .build(),
                java.net.http.HttpResponse.BodyHandlers.ofString());
    // Decoded as a string, then refused for the missing Authorization header (row 4).
    assertThat(response.statusCode()).isEqualTo(401);
    assertThat(response.body()).contains("auth header missing");
  }
}
