package org.totpkit.kit.driver.rpc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.totpkit.kit.driver.ContractViolation;

/** The gRPC-Web framing the kit reads (PROTOCOL-WEB.md), and what it refuses as malformed. */
class GrpcWebFramingTest {
  private static final byte[] MESSAGE = {0x0A, 0x01, 0x31};
  private static final byte[] TRAILERS =
      "grpc-status: 5\r\ngrpc-message: not%20found\r\n".getBytes(StandardCharsets.US_ASCII);

  private static byte[] join(byte[]... parts) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (byte[] part : parts) {
      out.writeBytes(part);
    }
    return out.toByteArray();
  }

  @Test
  void aMessageFrameThenATrailerFrame() {
    GrpcWebTotpApi.Frames frames =
        GrpcWebTotpApi.Frames.read(
            "call",
            join(GrpcWebTotpApi.frame(0x00, MESSAGE), GrpcWebTotpApi.frame(0x80, TRAILERS)));
    assertThat(frames.messages()).singleElement().isEqualTo(MESSAGE);
    assertThat(GrpcWebTotpApi.trailers("call", frames.trailers().orElseThrow()))
        .containsEntry("grpc-status", "5")
        .containsEntry("grpc-message", "not%20found");
  }

  @Test
  void malformedBodiesAreContractViolations() {
    byte[] message = GrpcWebTotpApi.frame(0x00, MESSAGE);
    byte[] trailers = GrpcWebTotpApi.frame(0x80, TRAILERS);
    assertThatThrownBy(() -> GrpcWebTotpApi.Frames.read("call", join(trailers, message)))
        .isInstanceOf(ContractViolation.class)
        .hasMessageContaining("after its trailer frame");
    assertThatThrownBy(
            () -> GrpcWebTotpApi.Frames.read("call", java.util.Arrays.copyOf(message, 6)))
        .isInstanceOf(ContractViolation.class)
        .hasMessageContaining("bytes with");
    assertThatThrownBy(
            () -> GrpcWebTotpApi.Frames.read("call", GrpcWebTotpApi.frame(0x01, MESSAGE)))
        .isInstanceOf(ContractViolation.class)
        .hasMessageContaining("compressed");
    assertThatThrownBy(() -> GrpcWebTotpApi.Frames.read("call", new byte[] {0, 0}))
        .isInstanceOf(ContractViolation.class)
        .hasMessageContaining("5-byte prefix");
  }

  @Test
  void grpcMessageIsPercentDecodedAsUtf8() {
    assertThat(GrpcWebTotpApi.percentDecode("a%20b%E2%82%AC")).isEqualTo("a b\u20AC");
    assertThat(GrpcWebTotpApi.percentDecode("100%zz")).isEqualTo("100%zz");
  }

  @Test
  void statusDetailsAreBase64WithoutPadding() {
    assertThat(GrpcWebTotpApi.unpaddedBase64("call", "CAU")).containsExactly(0x08, 0x05);
    assertThatThrownBy(() -> GrpcWebTotpApi.unpaddedBase64("call", "CAU="))
        .isInstanceOf(ContractViolation.class)
        .hasMessageContaining("padding");
    assertThatThrownBy(() -> GrpcWebTotpApi.statusCode("call", "NOT_FOUND"))
        .isInstanceOf(ContractViolation.class);
  }

  @Test
  void connectNamesAndHttpStatusesFollowTheProtocol() {
    assertThat(StatusCodes.connectName(1)).isEqualTo("canceled");
    assertThat(StatusCodes.fromConnectName("invalid_argument")).hasValue(3);
    assertThat(StatusCodes.fromConnectName("INVALID_ARGUMENT")).isEmpty();
    assertThat(StatusCodes.httpStatus(9)).isEqualTo(400);
    assertThat(StatusCodes.httpStatus(16)).isEqualTo(401);
    assertThat(StatusCodes.fromHttpStatus(404)).isEqualTo(12);
  }
}
