package org.totpkit.mock.transport;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.totpkit.mock.ServerOptions;
import org.totpkit.mock.junit.TotpMockServerExtension;
import org.totpkit.mock.testing.RawH2;
import org.totpkit.mock.transport.rpc.RpcStatusCodec;

/**
 * grpc-message as grpc/grpc doc/PROTOCOL-HTTP2.md writes it (contract/v3alpha.md, "How grpc-message
 * is written"): the rule byte by byte, and on the wire for the one message a client can make hold
 * '%' and escaped non-ASCII, an unknown method's name quoted as it was sent.
 */
class GrpcMessageEncodingTest {
  private static final String SERVICE = "zitadel.resources.user.v3alpha.ZITADELUsers";
  private static final String METHOD = "Kit%25%E2%82%AC";

  /** The message of that call, percent-encoded once: each '%' of the name becomes "%25". */
  private static final String ON_THE_WIRE =
      "unknown method Kit%2525%25E2%2582%25AC for service " + SERVICE;

  private static final HttpClient HTTP =
      HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

  @RegisterExtension
  static TotpMockServerExtension mock =
      TotpMockServerExtension.with(ServerOptions.defaults().withPort(0).withDemoData(false));

  @ParameterizedTest(name = "\"{0}\" is written \"{1}\"")
  @CsvSource(
      delimiter = '|',
      value = {
        "plain words, (ASCII) ~!|plain words, (ASCII) ~!",
        "100%|100%25",
        "%25|%2525",
        "€|%E2%82%AC",
        "é|%C3%A9",
        "\uD834\uDD1E|%F0%9D%84%9E",
        "a\u007Fb|a%7Fb",
        "tab\there|tab%09here"
      })
  void bytesOutsidePrintableAsciiAndThePercentSignAreEscaped(String message, String wire) {
    assertThat(RpcStatusCodec.percentEncode(message)).isEqualTo(wire);
  }

  @Test
  void controlCharactersAndSpaceAtTheEdgesOfPrintableAscii() {
    assertThat(RpcStatusCodec.percentEncode("\u001F \u007E\n")).isEqualTo("%1F ~%0A");
  }

  @Test
  void grpcQuotesAnUnknownMethodsNameEncodedOnce() {
    try (RawH2 h2 = new RawH2(mock.baseUrl())) {
      RawH2.Answer answer =
          h2.exchange(
              new RawH2.Request(
                  "POST",
                  "/" + SERVICE + "/" + METHOD,
                  List.of(
                      new String[] {"content-type", "application/grpc"},
                      new String[] {"te", "trailers"}),
                  List.of(new byte[] {0, 0, 0, 0, 0}),
                  RawH2.Ending.END_STREAM),
              Duration.ofSeconds(10));
      assertThat(answer.problem()).isNull();
      assertThat(answer.status()).isEqualTo(200);
      String status =
          answer.trailers().isEmpty()
              ? answer.header("grpc-status")
              : answer.trailer("grpc-status");
      String message =
          answer.trailers().isEmpty()
              ? answer.header("grpc-message")
              : answer.trailer("grpc-message");
      assertThat(status).isEqualTo("12");
      assertThat(message).isEqualTo(ON_THE_WIRE);
    }
  }

  @Test
  void grpcWebQuotesAnUnknownMethodsNameEncodedOnce() throws Exception {
    HttpResponse<byte[]> response =
        HTTP.send(
            HttpRequest.newBuilder(URI.create(mock.baseUrl() + "/" + SERVICE + "/" + METHOD))
                .header("Content-Type", "application/grpc-web+proto")
                .POST(HttpRequest.BodyPublishers.ofByteArray(new byte[] {0, 0, 0, 0, 0}))
                .build(),
            HttpResponse.BodyHandlers.ofByteArray());
    assertThat(response.statusCode()).isEqualTo(200);
    ByteBuffer body = ByteBuffer.wrap(response.body());
    assertThat(body.get() & 0xFF).as("the one frame is the trailer frame").isEqualTo(0x80);
    byte[] lines = new byte[body.getInt()];
    body.get(lines);
    assertThat(new String(lines, StandardCharsets.UTF_8))
        .contains("grpc-status: 12\r\n")
        .contains("grpc-message: " + ON_THE_WIRE + "\r\n");
  }

  @Test
  void connectCarriesNoPercentEncodingAndTreatsTheMethodAsAnUnknownPath() throws Exception {
    HttpResponse<String> response =
        HTTP.send(
            HttpRequest.newBuilder(URI.create(mock.baseUrl() + "/" + SERVICE + "/" + METHOD))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{}"))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(response.statusCode()).isEqualTo(404);
    assertThat(response.body()).doesNotContain("%25");
  }
}
