package org.totpkit.mock.transport;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.time.Duration;
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
 * A client that sends {@code accept-encoding: gzip} (curl --compressed, a proxy) still gets a gRPC
 * answer in gRPC's own framing: WireMock's HTTP compression must not gzip an {@code
 * application/grpc} body (the answer of a Start is well above the 32 bytes it would compress).
 */
class GrpcAnswersNotHttpCompressedTest {
  private static final String START =
      "/zitadel.resources.user.v3alpha.ZITADELUsers/StartTOTPRegistration";

  @RegisterExtension
  static TotpMockServerExtension mock =
      TotpMockServerExtension.with(ServerOptions.defaults().withPort(0).withDemoData(false));

  @Test
  void aGrpcAnswerToAClientAcceptingGzipKeepsItsOwnFraming() throws Exception {
    CreatedUser user = mock.hooks().createUser();
    byte[] message =
        StartTOTPRegistrationRequest.newBuilder().setId(user.getUserId()).build().toByteArray();
    byte[] frame =
        ByteBuffer.allocate(5 + message.length)
            .put((byte) 0)
            .putInt(message.length)
            .put(message)
            .array();

    RawH2.Answer answer;
    try (RawH2 h2 = new RawH2(mock.baseUrl())) {
      answer =
          h2.exchange(
              new RawH2.Request(
                  "POST",
                  START,
                  List.of(
                      new String[] {"content-type", "application/grpc"},
                      new String[] {"te", "trailers"},
                      new String[] {"accept-encoding", "gzip"},
                      new String[] {"authorization", "Bearer " + user.getToken()}),
                  List.of(frame),
                  RawH2.Ending.END_STREAM),
              Duration.ofSeconds(10));
    }

    assertThat(answer.problem()).isNull();
    assertThat(answer.status()).isEqualTo(200);
    assertThat(answer.header("content-type")).isEqualTo("application/grpc");
    assertThat(answer.headers()).doesNotContainKey("content-encoding");
    assertThat(answer.trailer("grpc-status")).isEqualTo("0");
    byte[] body = answer.body();
    assertThat(body.length).isGreaterThan(32);
    ByteBuffer read = ByteBuffer.wrap(body);
    assertThat(read.get()).as("the frame's compressed flag").isZero();
    int length = read.getInt();
    assertThat(length).isEqualTo(body.length - 5);
    StartTOTPRegistrationResponse started =
        StartTOTPRegistrationResponse.parseFrom(Arrays.copyOfRange(body, 5, body.length));
    assertThat(started.getTotpId()).isNotEmpty();
  }
}
