package org.totpkit.mock.transport;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.grpc.CallOptions;
import io.grpc.MethodDescriptor;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.ClientCalls;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.totpkit.contract.proto.zitadel.resources.user.v3alpha.StartTOTPRegistrationRequest;
import org.totpkit.mock.contract.Operation;
import org.totpkit.mock.junit.TotpMockServerExtension;
import org.totpkit.mock.transport.TransportClient.Result;

/**
 * The rows that only exist on RPC (contract/v3alpha.md section 5): unknown service and method, a
 * message that does not decode, compression, the size limit. Each ends in its status, never in a
 * reset, a hang or an internal error beyond the table.
 */
class RpcOnlyRowsTest {
  @RegisterExtension static TotpMockServerExtension mock = TotpMockServerExtension.onFreePort();

  static final String START = Operation.START.rpcPath();
  static final ObjectMapper JSON = new ObjectMapper();
  static Clients.Grpc grpc;

  @BeforeAll
  static void connect() {
    grpc = new Clients.Grpc(mock.server().port());
  }

  @AfterAll
  static void disconnect() {
    grpc.close();
  }

  static Status rawGrpc(String fullMethod, byte[] message) {
    MethodDescriptor<byte[], byte[]> method =
        MethodDescriptor.<byte[], byte[]>newBuilder()
            .setType(MethodDescriptor.MethodType.UNARY)
            .setFullMethodName(fullMethod)
            .setRequestMarshaller(new Bytes())
            .setResponseMarshaller(new Bytes())
            .build();
    try {
      ClientCalls.blockingUnaryCall(
          grpc.channel(),
          method,
          CallOptions.DEFAULT.withDeadlineAfter(10, TimeUnit.SECONDS),
          message);
      return Status.OK;
    } catch (StatusRuntimeException e) {
      return e.getStatus();
    }
  }

  @Test
  void unknownServiceIs12() {
    Status status = rawGrpc("foo.Bar/Baz", new byte[0]);
    assertThat(status.getCode().value()).isEqualTo(12);
    assertThat(status.getDescription()).isEqualTo("unknown service foo.Bar");
  }

  @Test
  void unknownMethodIs12() {
    Status status = rawGrpc(Operation.SERVICE + "/ListUsers", new byte[0]);
    assertThat(status.getCode().value()).isEqualTo(12);
    assertThat(status.getDescription())
        .isEqualTo("unknown method ListUsers for service " + Operation.SERVICE);
  }

  @Test
  void undecodableMessageIs13() {
    Status status = rawGrpc(START.substring(1), new byte[] {(byte) 0xff, (byte) 0xff, 0x01});
    assertThat(status.getCode().value()).isEqualTo(13);
    assertThat(status.getDescription()).startsWith("grpc: error unmarshalling request: ");
  }

  @Test
  void oversizedMessageIs8WithoutAReset() {
    byte[] large =
        StartTOTPRegistrationRequest.newBuilder().setId("x".repeat(70_000)).build().toByteArray();
    Status status = rawGrpc(START.substring(1), large);
    assertThat(status.getCode().value()).isEqualTo(8);
    assertThat(status.getDescription())
        .isEqualTo("grpc: received message larger than max (" + large.length + " vs. 65536)");
    // The connection still serves.
    assertThat(rawGrpc(START.substring(1), new byte[0]).getCode().value()).isEqualTo(16);
  }

  static Result grpcWeb(byte[] body, String... headers) {
    String[] all = new String[headers.length + 2];
    System.arraycopy(headers, 0, all, 0, headers.length);
    all[headers.length] = "X-Grpc-Web";
    all[headers.length + 1] = "1";
    HttpResponse<byte[]> response =
        Clients.post(mock.baseUrl() + START, "application/grpc-web+proto", body, all);
    assertThat(response.statusCode()).isEqualTo(200);
    return Clients.GrpcWeb.parse(Operation.START, response.body());
  }

  static byte[] gzip(byte[] plain) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (GZIPOutputStream zip = new GZIPOutputStream(out)) {
      zip.write(plain);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toByteArray();
  }

  @Test
  void compressedFlagWithoutEncodingIs13() {
    byte[] message = StartTOTPRegistrationRequest.newBuilder().setId("1").build().toByteArray();
    Result result = grpcWeb(Clients.frame((byte) 1, gzip(message)));
    assertThat(result.code()).isEqualTo(13);
    assertThat(result.message())
        .isEqualTo("grpc: compressed flag set with identity or empty encoding");
    Result identity = grpcWeb(Clients.frame((byte) 1, gzip(message)), "grpc-encoding", "identity");
    assertThat(identity.code()).isEqualTo(13);
  }

  @Test
  void unknownEncodingIs12() {
    byte[] message = StartTOTPRegistrationRequest.newBuilder().setId("1").build().toByteArray();
    Result result = grpcWeb(Clients.frame((byte) 0, message), "grpc-encoding", "br");
    assertThat(result.code()).isEqualTo(12);
    assertThat(result.message())
        .isEqualTo("grpc: Decompressor is not installed for grpc-encoding \"br\"");
  }

  @Test
  void gzipIsDecodedAndItsSizeCountedAfterDecompression() {
    byte[] message = StartTOTPRegistrationRequest.newBuilder().setId("1").build().toByteArray();
    Result decoded = grpcWeb(Clients.frame((byte) 1, gzip(message)), "grpc-encoding", "gzip");
    assertThat(decoded.message())
        .as("reached the contract: row 4")
        .isEqualTo("auth header missing");
    byte[] bomb = gzip(new byte[200_000]);
    Result large = grpcWeb(Clients.frame((byte) 1, bomb), "grpc-encoding", "gzip");
    assertThat(large.code()).isEqualTo(8);
    assertThat(large.message())
        .isEqualTo("grpc: received message larger than max (200000 vs. 65536)");
  }

  @Test
  void truncatedAndMissingFramesAre13() {
    assertThat(grpcWeb(new byte[] {0, 0, 0, 0, 9, 1}).code()).isEqualTo(13);
    assertThat(grpcWeb(new byte[0]).code()).isEqualTo(13);
    assertThat(grpcWeb(new byte[] {0x42, 0, 0, 0, 0}).code()).isEqualTo(13);
  }

  static HttpResponse<byte[]> connect(String path, String type, byte[] body, String... headers) {
    return Clients.post(mock.baseUrl() + path, type, body, headers);
  }

  @Test
  void connectAnswersItsOwnWay() throws IOException {
    HttpResponse<byte[]> unknown =
        connect("/" + Operation.SERVICE + "/ListUsers", "application/json", "{}".getBytes());
    assertThat(unknown.statusCode()).isEqualTo(404);

    HttpResponse<byte[]> broken = connect(START, "application/json", "{\"id\":".getBytes());
    assertThat(broken.statusCode()).isEqualTo(400);
    JsonNode error = JSON.readTree(broken.body());
    assertThat(error.path("code").asText()).isEqualTo("invalid_argument");
    assertThat(error.path("message").asText()).startsWith("unmarshal message: ");

    HttpResponse<byte[]> br =
        connect(START, "application/json", "{}".getBytes(), "Content-Encoding", "br");
    assertThat(br.statusCode()).isEqualTo(501);
    assertThat(JSON.readTree(br.body()).path("code").asText()).isEqualTo("unimplemented");

    byte[] large = ("{\"id\":\"" + "x".repeat(70_000) + "\"}").getBytes(StandardCharsets.UTF_8);
    HttpResponse<byte[]> tooLarge = connect(START, "application/json", large);
    assertThat(tooLarge.statusCode()).isEqualTo(429);
    assertThat(JSON.readTree(tooLarge.body()).path("code").asText())
        .isEqualTo("resource_exhausted");

    HttpResponse<byte[]> unknownField =
        connect(START, "application/json", "{\"id\":\"1\",\"nope\":true}".getBytes());
    assertThat(JSON.readTree(unknownField.body()).path("message").asText())
        .as("unknown fields are ignored: the call reached the contract")
        .isEqualTo("auth header missing");
  }

  static final class Bytes implements MethodDescriptor.Marshaller<byte[]> {
    @Override
    public InputStream stream(byte[] value) {
      return new ByteArrayInputStream(value);
    }

    @Override
    public byte[] parse(InputStream stream) {
      try {
        return stream.readAllBytes();
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
  }
}
