package org.totpkit.mock.transport;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.totpkit.contract.hooks.model.CreatedUser;
import org.totpkit.contract.proto.zitadel.resources.user.v3alpha.StartTOTPRegistrationRequest;
import org.totpkit.contract.proto.zitadel.resources.user.v3alpha.StartTOTPRegistrationResponse;
import org.totpkit.mock.ServerOptions;
import org.totpkit.mock.junit.TotpMockServerExtension;
import org.totpkit.mock.testing.RawH2;

/**
 * A gRPC answer as every client and proxy reads it, frame by frame over raw HTTP/2 (each request
 * with a declared length, as curl sends it):
 *
 * <ul>
 *   <li>no {@code content-length}, and the status in trailers: Jetty 11 gives a response it
 *       completes whole a content-length, and curl (a success's {@code grpc-status: 0}) and haproxy
 *       (every error's status) stopped there and dropped the trailers, so the transport flushes
 *       before the call completes;
 *   <li>never HTTP-compressed: a client sending {@code accept-encoding: gzip} (curl --compressed, a
 *       proxy) still gets gRPC's own framing, which WireMock's gzip handler would otherwise wrap
 *       (the answer of a Start is well above the 32 bytes it compresses).
 * </ul>
 */
class GrpcAnswerFramingHttpTest {
  private static final String START =
      "/zitadel.resources.user.v3alpha.ZITADELUsers/StartTOTPRegistration";

  @RegisterExtension
  static TotpMockServerExtension mock =
      TotpMockServerExtension.with(ServerOptions.defaults().withPort(0).withDemoData(false));

  @Test
  void anErrorAnswerCarriesNoContentLengthAndItsStatusInTrailers() {
    // Without a token: row 4, UNAUTHENTICATED.
    RawH2.Answer answer = start(mock.hooks().createUser().getUserId(), null, false);
    assertThat(answer.status()).isEqualTo(200);
    assertThat(answer.header("content-length")).isNull();
    assertThat(answer.body()).isEmpty();
    assertThat(answer.trailer("grpc-status")).isEqualTo("16");
    assertThat(answer.complete()).isTrue();
  }

  @Test
  void aSuccessfulUnaryCallSendsItsMessageThenGrpcStatusZeroInTrailers() throws Exception {
    CreatedUser user = mock.hooks().createUser();
    RawH2.Answer answer = start(user.getUserId(), user.getToken(), false);
    assertThat(answer.status()).isEqualTo(200);
    assertThat(answer.header("grpc-status")).as("not a trailers-only answer").isNull();
    assertThat(answer.header("content-length")).isNull();
    assertStartMessage(answer.body());
    assertThat(answer.trailer("grpc-status")).as("the status, in trailers").isEqualTo("0");
    assertThat(answer.complete()).isTrue();
    assertThat(answer.serverReset()).isEqualTo(-1);
  }

  @Test
  void aGrpcAnswerToAClientAcceptingGzipKeepsItsOwnFraming() throws Exception {
    CreatedUser user = mock.hooks().createUser();
    RawH2.Answer answer = start(user.getUserId(), user.getToken(), true);
    assertThat(answer.status()).isEqualTo(200);
    assertThat(answer.header("content-type")).isEqualTo("application/grpc");
    assertThat(answer.headers()).doesNotContainKey("content-encoding");
    assertThat(answer.trailer("grpc-status")).isEqualTo("0");
    assertThat(answer.body().length).isGreaterThan(32);
    assertStartMessage(answer.body());
  }

  private static RawH2.Answer start(String userId, String token, boolean acceptGzip) {
    byte[] message = StartTOTPRegistrationRequest.newBuilder().setId(userId).build().toByteArray();
    byte[] frame =
        ByteBuffer.allocate(5 + message.length)
            .put((byte) 0)
            .putInt(message.length)
            .put(message)
            .array();
    List<String[]> headers = new ArrayList<>();
    headers.add(new String[] {"content-type", "application/grpc"});
    headers.add(new String[] {"te", "trailers"});
    headers.add(new String[] {"content-length", Integer.toString(frame.length)});
    if (acceptGzip) {
      headers.add(new String[] {"accept-encoding", "gzip"});
    }
    if (token != null) {
      headers.add(new String[] {"authorization", "Bearer " + token});
    }
    try (RawH2 h2 = new RawH2(mock.baseUrl())) {
      RawH2.Answer answer =
          h2.exchange(
              new RawH2.Request("POST", START, headers, List.of(frame), RawH2.Ending.END_STREAM),
              Duration.ofSeconds(10));
      assertThat(answer.problem()).isNull();
      return answer;
    }
  }

  // One uncompressed, length-prefixed StartTOTPRegistrationResponse.
  /** A successful Start's body: one uncompressed frame holding a response with a TOTP id. */
  static void assertStartMessage(byte[] body) throws Exception {
    ByteBuffer read = ByteBuffer.wrap(body);
    assertThat(read.get()).as("the frame's compressed flag").isZero();
    assertThat(read.getInt()).isEqualTo(body.length - 5);
    StartTOTPRegistrationResponse started =
        StartTOTPRegistrationResponse.parseFrom(Arrays.copyOfRange(body, 5, body.length));
    assertThat(started.getTotpId()).isNotEmpty();
  }
}
