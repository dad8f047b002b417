package org.totpkit.mock.faults;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.totpkit.contract.proto.zitadel.resources.user.v3alpha.StartTOTPRegistrationRequest;
import org.totpkit.contract.proto.zitadel.resources.user.v3alpha.VerifyTOTPRegistrationRequest;
import org.totpkit.mock.DemoData;
import org.totpkit.mock.ReferenceServer;
import org.totpkit.mock.ServerOptions;

/**
 * Each RPC fault breaks what it says, on the wire (gRPC-Web, whose frames show everything), and a
 * correct server does not: the faults the kit must catch over the RPC transports.
 */
class RpcFaultsTest {
  static final String DEMO_TOKEN = "Bearer " + DemoData.STANDARD.token();
  static final String DEMO_USER = DemoData.STANDARD.userId();

  @Test
  void invalidArgumentAsInternalChangesTheCodeOnRpcOnly() throws Exception {
    byte[] shortCode =
        VerifyTOTPRegistrationRequest.newBuilder()
            .setId(DEMO_USER)
            .setTotpId("1")
            .setCode("12345")
            .build()
            .toByteArray();
    assertThat(trailers(Set.of(), "VerifyTOTPRegistration", shortCode))
        .contains("grpc-status: 3\r\n");
    assertThat(
            trailers(
                Set.of(Fault.RPC_INVALID_ARGUMENT_AS_INTERNAL),
                "VerifyTOTPRegistration",
                shortCode))
        .contains("grpc-status: 13\r\n");
  }

  @Test
  void errorsWithoutDetailDropGrpcStatusDetailsBin() throws Exception {
    byte[] unknownUser =
        StartTOTPRegistrationRequest.newBuilder().setId("404").build().toByteArray();
    assertThat(trailers(Set.of(), "StartTOTPRegistration", unknownUser))
        .contains("grpc-status: 5\r\n", "grpc-status-details-bin: ");
    assertThat(
            trailers(Set.of(Fault.RPC_ERRORS_WITHOUT_DETAIL), "StartTOTPRegistration", unknownUser))
        .contains("grpc-status: 5\r\n")
        .doesNotContain("grpc-status-details-bin");
  }

  @Test
  void trailerFrameAsMessageLosesTheTrailerFlag() throws Exception {
    byte[] start = StartTOTPRegistrationRequest.newBuilder().setId(DEMO_USER).build().toByteArray();
    assertThat(lastFrameFlag(Set.of(), start)).isEqualTo((byte) 0x80);
    assertThat(lastFrameFlag(Set.of(Fault.GRPC_WEB_TRAILER_FRAME_AS_MESSAGE), start))
        .isEqualTo((byte) 0);
  }

  static String trailers(Set<Fault> faults, String method, byte[] message) throws Exception {
    ByteBuffer body = ByteBuffer.wrap(call(faults, method, message));
    while (body.remaining() > 0) {
      byte flag = body.get();
      byte[] payload = new byte[body.getInt()];
      body.get(payload);
      if (flag == (byte) 0x80) {
        return new String(payload, StandardCharsets.US_ASCII);
      }
    }
    throw new AssertionError("no trailer frame");
  }

  static byte lastFrameFlag(Set<Fault> faults, byte[] message) throws Exception {
    ByteBuffer body = ByteBuffer.wrap(call(faults, "StartTOTPRegistration", message));
    byte flag = -1;
    while (body.remaining() > 0) {
      flag = body.get();
      int length = body.getInt();
      body.position(body.position() + length);
    }
    return flag;
  }

  static byte[] call(Set<Fault> faults, String method, byte[] message) throws Exception {
    try (ReferenceServer server =
        ReferenceServer.start(ServerOptions.defaults().withPort(0), new BrokenParts(faults))) {
      ByteBuffer frame = ByteBuffer.allocate(5 + message.length);
      frame.put((byte) 0).putInt(message.length).put(message);
      HttpRequest request =
          HttpRequest.newBuilder(
                  URI.create(
                      server.baseUrl() + "/zitadel.resources.user.v3alpha.ZITADELUsers/" + method))
              .header("Content-Type", "application/grpc-web+proto")
              .header("Authorization", DEMO_TOKEN)
              .POST(HttpRequest.BodyPublishers.ofByteArray(frame.array()))
              .build();
      HttpResponse<byte[]> response =
          HttpClient.newBuilder()
              .version(HttpClient.Version.HTTP_1_1)
              .build()
              .send(request, HttpResponse.BodyHandlers.ofByteArray());
      assertThat(response.statusCode()).isEqualTo(200);
      return response.body();
    }
  }
}
