package org.totpkit.kit.driver;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.totpkit.kit.driver.RawHttpServer.answer;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.totpkit.kit.report.Redaction;

/**
 * The REST driver against a raw socket server that records every request as it arrived: the bytes
 * it sends (those REST Assured sent, less an empty form's Content-Type), the OpenAPI check of every
 * answer with the secrets of a rejected answer registered first, and the resend rule for a
 * kept-alive connection closed before any answer byte.
 */
class WireTest {
  private static final String VERIFY = "/resources/v3alpha/users/{id}/totp/{totpId}/_verify";
  private static final String REMOVE = "/resources/v3alpha/users/{id}/totp/{totpId}";
  private static final String NOT_FOUND = "{\"code\":5,\"message\":\"not found\",\"details\":[]}";

  private RawHttpServer server;

  @AfterEach
  void stop() throws IOException {
    Wire.closeClients();
    TrafficTap.stop();
    if (server != null) {
      server.close();
    }
  }

  @Test
  void aVerifyGoesOutWithItsPathQueryTokenAndBodyAndNothingElseOfNote() {
    Wire wire = new Wire(serve(answer(404, "application/json", NOT_FOUND), 100), product());

    ApiResponse answer =
        wire.send(
            "VerifyTOTPRegistration",
            Caller.bearer("kit-wire-token-1234"),
            "POST",
            VERIFY,
            Map.of("id", "\uD835\uDFD8 1", "totpId", "42"),
            Map.of("organization.orgId", ""),
            "\"123456\"");

    assertThat(answer.httpStatus()).hasValue(404);
    assertThat(answer.code()).isEqualTo(5);
    RawHttpServer.Arrived request = arrived().get(0);
    assertThat(request.requestLine())
        .isEqualTo(
            "POST /resources/v3alpha/users/%F0%9D%9F%98%201/totp/42/_verify?organization.orgId="
                + " HTTP/1.1");
    assertThat(request.headers().get("authorization"))
        .containsExactly("Bearer kit-wire-token-1234");
    assertThat(request.headers().get("content-type"))
        .as("JSON, with no charset appended")
        .containsExactly("application/json");
    assertThat(request.headers().get("accept")).containsExactly("*/*");
    assertThat(request.headers())
        .as("no compression asked for, no HTTP/2 upgrade offered")
        .doesNotContainKeys("accept-encoding", "upgrade", "http2-settings");
    assertThat(request.body()).isEqualTo("\"123456\"");
  }

  @Test
  void aRequestWithoutABodyCarriesNoContentTypeAndAnAnonymousOneNoAuthorization() {
    Wire wire = new Wire(serve(answer(404, "application/json", NOT_FOUND), 100), product());

    wire.send(
        "RemoveTOTPAuthenticator",
        Caller.anonymous(),
        "DELETE",
        REMOVE,
        Map.of("id", "7", "totpId", "8"),
        Map.of(),
        null);
    wire.send(
        "StartTOTPRegistration",
        Caller.rawAuthorization("kit-raw-token-5678"),
        "POST",
        "/resources/v3alpha/users/{id}/totp",
        Map.of("id", "7"),
        Map.of(),
        null);

    assertThat(arrived().get(0).requestLine())
        .isEqualTo("DELETE /resources/v3alpha/users/7/totp/8 HTTP/1.1");
    assertThat(arrived().get(0).headers()).doesNotContainKeys("content-type", "authorization");
    assertThat(arrived().get(1).requestLine())
        .isEqualTo("POST /resources/v3alpha/users/7/totp HTTP/1.1");
    assertThat(arrived().get(1).headers()).doesNotContainKey("content-type");
    assertThat(arrived().get(1).headers().get("authorization"))
        .as("sent exactly as given")
        .containsExactly("kit-raw-token-5678");
    assertThat(arrived().get(1).headers().get("content-length")).containsExactly("0");
  }

  @Test
  void anAnswerOutsideTheDocumentIsAViolationAndItsSecretIsRegisteredBeforeAnythingPrints() {
    List<TrafficTap.Exchange> tapped = new ArrayList<>();
    TrafficTap.listen(tapped::add);
    String secret = "KITWIRESECRET" + System.nanoTime();
    Wire wire =
        new Wire(
            serve(
                answer(
                    404,
                    "application/json",
                    "{\"code\":\"five\",\"message\":\"m\",\"secret\":\"" + secret + "\"}"),
                100),
            product());

    assertThatThrownBy(
            () ->
                wire.send(
                    "VerifyTOTPRegistration",
                    Caller.bearer("kit-wire-token-9876"),
                    "POST",
                    VERIFY,
                    Map.of("id", "1", "totpId", "2"),
                    Map.of(),
                    "\"123456\""))
        .isInstanceOf(ContractViolation.class)
        .hasMessageStartingWith("VerifyTOTPRegistration answered outside the OpenAPI document: ")
        .hasMessageContaining("validation.response.body.schema");
    assertThat(Redaction.registered()).contains(secret, "kit-wire-token-9876");
    assertThat(tapped).hasSize(1);
    TrafficTap.Exchange exchange = tapped.get(0);
    assertThat(exchange.path()).endsWith("/resources/v3alpha/users/1/totp/2/_verify");
    assertThat(exchange.status()).isEqualTo(404);
    assertThat(exchange.requestBody()).isEqualTo("\"123456\"");
    assertThat(exchange.responseBody()).contains(secret);
  }

  @Test
  void aProductAnswerThatIsNotJsonIsAViolation() {
    Wire wire = new Wire(serve(answer(404, "text/plain", "not found"), 100), product());

    assertThatThrownBy(() -> remove(wire))
        .isInstanceOf(ContractViolation.class)
        .hasMessageStartingWith("RemoveTOTPAuthenticator answered");
  }

  @Test
  void aKeptAliveConnectionClosedAsTheNextRequestArrivesIsSentAgainOnAFreshOne() {
    // Each connection answers one request and hangs up on the next, as a server whose idle timeout
    // ends the connection just as the client reuses it.
    Wire wire = new Wire(serve(answer(404, "application/json", NOT_FOUND), 1), product());

    assertThat(remove(wire).httpStatus()).hasValue(404);
    assertThat(remove(wire).httpStatus()).as("the second call, after one hang-up").hasValue(404);

    assertThat(arrived()).as("requests the server read").hasSize(3);
    assertThat(server.connections()).as("connections the client opened").isEqualTo(2);
  }

  @Test
  void aServerThatHangsUpOnTheRequestItselfIsReported() {
    Wire wire = new Wire(serve(answer(404, "application/json", NOT_FOUND), 0), product());

    assertThatThrownBy(() -> remove(wire))
        .isInstanceOf(ContractViolation.class)
        .hasMessageStartingWith("RemoveTOTPAuthenticator got no answer");
    assertThat(arrived()).as("the request and one more, no further").hasSize(2);
  }

  private static ApiResponse remove(Wire wire) {
    return wire.send(
        "RemoveTOTPAuthenticator",
        Caller.anonymous(),
        "DELETE",
        REMOVE,
        Map.of("id", "7", "totpId", "8"),
        Map.of(),
        null);
  }

  private static String product() {
    return ContractValidation.PRODUCT_DOCUMENT;
  }

  /** Serves each connection: answers {@code answered} requests, then hangs up on the next. */
  private String serve(byte[] answer, int answered) {
    server = RawHttpServer.serving(answer, answered);
    return server.root();
  }

  private List<RawHttpServer.Arrived> arrived() {
    return server.arrived();
  }
}
