package org.totpkit.mock.transport;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.totpkit.mock.ServerOptions;
import org.totpkit.mock.junit.TotpMockServerExtension;
import org.totpkit.mock.testing.RawH2;

/**
 * A successful gRPC call ends with its status in trailers after the message, frame by frame, as
 * curl and every gRPC client read it. Jetty 11 gives a response it completes whole a
 * content-length, and curl then stops at that length and never reports the trailers (the README's
 * walkthrough lost its grpc-status 0 so), so the transport flushes a message before the request
 * completes.
 */
class GrpcSuccessTrailersHttpTest {
  private static final String START =
      "/zitadel.resources.user.v3alpha.ZITADELUsers/StartTOTPRegistration";
  private static final String DEMO_USER = "100000000000000002";

  @RegisterExtension
  static TotpMockServerExtension mock =
      TotpMockServerExtension.with(ServerOptions.defaults().withPort(0));

  @Test
  void anErrorAnswerCarriesNoContentLengthAndItsStatusInTrailers() {
    // The same call without a token: row 4, UNAUTHENTICATED. haproxy, seeing a content-length of 0,
    // ended the stream there and the client never saw the status.
    byte[] id = DEMO_USER.getBytes(StandardCharsets.US_ASCII);
    ByteBuffer frame = ByteBuffer.allocate(5 + 2 + id.length);
    frame.put((byte) 0).putInt(2 + id.length).put((byte) 0x1a).put((byte) id.length).put(id);
    try (RawH2 h2 = new RawH2(mock.baseUrl())) {
      RawH2.Answer answer =
          h2.exchange(
              new RawH2.Request(
                  "POST",
                  START,
                  List.of(
                      new String[] {"content-type", "application/grpc"},
                      new String[] {"te", "trailers"},
                      new String[] {"content-length", Integer.toString(frame.capacity())}),
                  List.of(frame.array()),
                  RawH2.Ending.END_STREAM),
              Duration.ofSeconds(10));
      assertThat(answer.problem()).isNull();
      assertThat(answer.status()).isEqualTo(200);
      assertThat(answer.header("content-length")).isNull();
      assertThat(answer.body()).isEmpty();
      assertThat(answer.trailer("grpc-status")).isEqualTo("16");
      assertThat(answer.complete()).isTrue();
    }
  }

  @Test
  void aSuccessfulUnaryCallSendsItsMessageThenGrpcStatusZeroInTrailers() {
    // StartTOTPRegistrationRequest { id = 3 }: tag 0x1a, length 18, the user id; one frame.
    byte[] id = DEMO_USER.getBytes(StandardCharsets.US_ASCII);
    ByteBuffer frame = ByteBuffer.allocate(5 + 2 + id.length);
    frame.put((byte) 0).putInt(2 + id.length).put((byte) 0x1a).put((byte) id.length).put(id);
    try (RawH2 h2 = new RawH2(mock.baseUrl())) {
      RawH2.Answer answer =
          h2.exchange(
              new RawH2.Request(
                  "POST",
                  START,
                  List.of(
                      new String[] {"content-type", "application/grpc"},
                      new String[] {"te", "trailers"},
                      new String[] {"authorization", "Bearer demo-token"},
                      // As curl sends it: with a declared length the body is read at once and the
                      // whole answer is written before the request completes.
                      new String[] {"content-length", Integer.toString(frame.capacity())}),
                  List.of(frame.array()),
                  RawH2.Ending.END_STREAM),
              Duration.ofSeconds(10));
      assertThat(answer.problem()).isNull();
      assertThat(answer.status()).isEqualTo(200);
      assertThat(answer.header("grpc-status")).as("not a trailers-only answer").isNull();
      // A client that trusts a content-length (curl does) ends the response after that many bytes
      // and never reads the trailers: gRPC's answers carry none.
      assertThat(answer.header("content-length")).isNull();
      assertThat(answer.body()).hasSizeGreaterThan(5);
      assertThat(answer.body()[0]).as("an uncompressed message frame").isZero();
      int length = ByteBuffer.wrap(answer.body(), 1, 4).getInt();
      assertThat(answer.body()).hasSize(5 + length);
      assertThat(answer.trailer("grpc-status")).as("the status, in trailers").isEqualTo("0");
      assertThat(answer.complete()).isTrue();
      assertThat(answer.serverReset()).isEqualTo(-1);
    }
  }
}
