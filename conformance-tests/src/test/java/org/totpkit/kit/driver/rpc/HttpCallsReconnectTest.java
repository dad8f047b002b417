package org.totpkit.kit.driver.rpc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.totpkit.kit.driver.Caller;
import org.totpkit.kit.driver.ContractViolation;
import org.totpkit.kit.driver.RawHttpServer;

/**
 * The gRPC-Web and Connect calls over HTTP/1.1 against a raw socket server: a kept-alive connection
 * that the server closes as the next request arrives (the race of an idle timeout, which HTTP
 * allows) is not a failure of the server, while a server that hangs up on the request itself still
 * is.
 */
class HttpCallsReconnectTest {
  private static final byte[] ANSWER =
      ("HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: 2\r\n\r\n{}")
          .getBytes(StandardCharsets.US_ASCII);

  private RawHttpServer server;

  @AfterEach
  void stop() throws IOException {
    if (server != null) {
      server.close();
    }
  }

  @Test
  void aKeptAliveConnectionClosedAsTheNextRequestArrivesIsSentAgainOnAFreshOne() {
    // Each connection answers its first request and hangs up on its second, as a server does whose
    // idle timeout ends the connection just as the client reuses it.
    String url = serve(1);
    HttpCalls calls = new HttpCalls(url);

    assertThat(post(calls).statusCode()).isEqualTo(200);
    assertThat(post(calls).statusCode()).as("the second call, after one hang-up").isEqualTo(200);

    assertThat(server.arrived().size()).as("requests the server read").isEqualTo(3);
    assertThat(server.connections()).as("connections the client opened").isEqualTo(2);
  }

  @Test
  void aServerThatHangsUpOnTheRequestItselfIsStillReported() {
    String url = serve(0);
    HttpCalls calls = new HttpCalls(url);

    assertThatThrownBy(() -> post(calls))
        .isInstanceOf(ContractViolation.class)
        .hasMessageStartingWith("VerifyTOTPRegistration got no answer");
    assertThat(server.arrived().size()).as("the request and one more, no further").isEqualTo(2);
  }

  @Test
  void onlyTheJdksMarkOfNoAnswerByteCountsAsAClosedIdleConnection() {
    assertThat(HttpCalls.closedBeforeAnyAnswerByte(new IOException("Connection reset"))).isFalse();
    assertThat(HttpCalls.closedBeforeAnyAnswerByte(new java.io.EOFException("EOF reached")))
        .as("an answer cut off after its first bytes")
        .isFalse();
    assertThat(
            HttpCalls.closedBeforeAnyAnswerByte(
                new IOException("x", new ConnectionExpiredException())))
        .isTrue();
  }

  /** A stand-in with the JDK's internal class's simple name. */
  private static final class ConnectionExpiredException extends IOException {}

  private static java.net.http.HttpResponse<byte[]> post(HttpCalls calls) {
    return calls.post(
        "VerifyTOTPRegistration",
        "/svc/Verify",
        Caller.anonymous(),
        "{}".getBytes(StandardCharsets.UTF_8),
        "content-type",
        "application/json");
  }

  /** Serves each connection: answers {@code answered} requests, then hangs up on the next. */
  private String serve(int answered) {
    server = RawHttpServer.serving(ANSWER, answered);
    return server.root();
  }
}
