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
import org.totpkit.mock.ServerOptions;
import org.totpkit.mock.junit.TotpMockServerExtension;
import org.totpkit.mock.testing.RawH2;

/**
 * Unary gRPC answered on its HTTP/2 stream (below the servlet layer, on a server in memory): the
 * body is collected however the client cuts it into DATA frames, with or without a declared length;
 * a message over the limit is refused with its status and the stream still ends normally; a page's
 * call (with {@code Origin}) still gets the browser rules' CORS and the same status.
 */
class GrpcOnTheStreamHttpTest {
  private static final String START =
      "/zitadel.resources.user.v3alpha.ZITADELUsers/StartTOTPRegistration";

  @RegisterExtension
  static TotpMockServerExtension mock =
      TotpMockServerExtension.with(ServerOptions.defaults().withPort(0).withDemoData(false));

  @Test
  void aMessageCutIntoOneByteDataFramesWithoutALengthIsAnsweredAsOneSentWhole() throws Exception {
    CreatedUser user = mock.hooks().createUser();
    byte[] frame = framed(startOf(user.getUserId()));
    List<byte[]> bytes = new ArrayList<>();
    for (byte b : frame) {
      bytes.add(new byte[] {b});
    }
    RawH2.Answer answer = call(headers(user.getToken(), null), bytes);
    assertThat(answer.status()).isEqualTo(200);
    assertThat(answer.header("content-length")).isNull();
    assertThat(answer.trailer("grpc-status")).as("trailers %s", answer.trailers()).isEqualTo("0");
    assertThat(answer.serverReset()).isEqualTo(-1);
    GrpcAnswerFramingHttpTest.assertStartMessage(answer.body());
  }

  @Test
  void aMessageOverTheLimitWithoutALengthIsRefusedAndTheStreamEndsNormally() {
    CreatedUser user = mock.hooks().createUser();
    int length = 70_000;
    byte[] body = ByteBuffer.allocate(5 + length).put((byte) 0).putInt(length).array();
    List<byte[]> frames = new ArrayList<>();
    for (int at = 0; at < body.length; at += 16_384) {
      frames.add(Arrays.copyOfRange(body, at, Math.min(body.length, at + 16_384)));
    }
    RawH2.Answer answer = call(headers(user.getToken(), null), frames);
    assertThat(answer.status()).isEqualTo(200);
    assertThat(answer.trailer("grpc-status")).as("RESOURCE_EXHAUSTED").isEqualTo("8");
    assertThat(answer.trailer("grpc-message")).contains("70000");
    assertThat(answer.complete()).isTrue();
    assertThat(answer.serverReset()).isEqualTo(-1);
  }

  @Test
  void aPageCallWithAnOriginGetsCorsAndTheSameStatusAsAnyCall() {
    CreatedUser user = mock.hooks().createUser();
    // Without a token: row 4, UNAUTHENTICATED, with its packed details.
    List<byte[]> data = List.of(framed(startOf(user.getUserId())));
    RawH2.Answer plain = call(headers(null, null), data);
    RawH2.Answer page = call(headers(null, "http://localhost:3000"), data);
    assertThat(plain.trailer("grpc-status")).isEqualTo("16");
    assertThat(page.trailers()).isEqualTo(plain.trailers());
    assertThat(page.header("access-control-allow-origin")).isEqualTo("http://localhost:3000");
    assertThat(plain.header("access-control-allow-origin")).isNull();
  }

  private static byte[] startOf(String userId) {
    return StartTOTPRegistrationRequest.newBuilder().setId(userId).build().toByteArray();
  }

  private static byte[] framed(byte[] message) {
    return ByteBuffer.allocate(5 + message.length)
        .put((byte) 0)
        .putInt(message.length)
        .put(message)
        .array();
  }

  private static List<String[]> headers(String token, String origin) {
    List<String[]> headers = new ArrayList<>();
    headers.add(new String[] {"content-type", "application/grpc"});
    headers.add(new String[] {"te", "trailers"});
    if (token != null) {
      headers.add(new String[] {"authorization", "Bearer " + token});
    }
    if (origin != null) {
      headers.add(new String[] {"origin", origin});
    }
    return headers;
  }

  private static RawH2.Answer call(List<String[]> headers, List<byte[]> data) {
    try (RawH2 h2 = new RawH2(mock.baseUrl())) {
      RawH2.Answer answer =
          h2.exchange(
              new RawH2.Request("POST", START, headers, data, RawH2.Ending.END_STREAM),
              Duration.ofSeconds(10));
      assertThat(answer.problem()).isNull();
      assertThat(answer.complete()).isTrue();
      return answer;
    }
  }
}
