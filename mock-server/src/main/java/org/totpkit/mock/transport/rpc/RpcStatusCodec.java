package org.totpkit.mock.transport.rpc;

import com.google.protobuf.Any;
import com.google.rpc.Status;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import org.totpkit.contract.proto.zitadel.v1.ErrorDetail;
import org.totpkit.mock.contract.ContractError;
import org.totpkit.mock.contract.StatusCode;

/**
 * A contract error as gRPC carries it (contract/v3alpha.md section 5): the {@code
 * google.rpc.Status} with its {@code zitadel.v1.ErrorDetail}, and the status metadata gRPC and
 * gRPC-Web send as trailers.
 */
public final class RpcStatusCodec {
  private RpcStatusCodec() {}

  public static ErrorDetail detailOf(ContractError.Detail detail) {
    return ErrorDetail.newBuilder().setId(detail.id()).setMessage(detail.message()).build();
  }

  /** The Status as grpc-go builds it: code, message and the detail packed as an {@code Any}. */
  public static Status statusOf(ContractError error) {
    Status.Builder status =
        Status.newBuilder().setCode(error.code().value).setMessage(error.message());
    error.detail().ifPresent(d -> status.addDetails(Any.pack(detailOf(d))));
    return status.build();
  }

  /**
   * {@code grpc-status}, {@code grpc-message}, {@code grpc-status-details-bin} when there is a
   * detail, and {@code retry-after} for row 13, in that order; OK has only {@code grpc-status}.
   */
  public static Map<String, String> trailers(RpcReply reply) {
    Map<String, String> trailers = new LinkedHashMap<>();
    if (reply.error() == null) {
      trailers.put("grpc-status", Integer.toString(StatusCode.OK.value));
      return trailers;
    }
    ContractError error = reply.error();
    trailers.put("grpc-status", Integer.toString(error.code().value));
    trailers.put("grpc-message", percentEncode(error.message()));
    if (error.detail().isPresent()) {
      trailers.put(
          "grpc-status-details-bin",
          Base64.getEncoder().withoutPadding().encodeToString(statusOf(error).toByteArray()));
    }
    error
        .retryAfterSeconds()
        .ifPresent(seconds -> trailers.put("retry-after", Long.toString(seconds)));
    return trailers;
  }

  /** gRPC's percent-encoding: UTF-8 bytes outside printable ASCII, and '%' itself. */
  public static String percentEncode(String message) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (byte b : message.getBytes(StandardCharsets.UTF_8)) {
      int c = b & 0xff;
      if (c < 0x20 || c > 0x7e || c == '%') {
        out.writeBytes(String.format("%%%02X", c).getBytes(StandardCharsets.US_ASCII));
      } else {
        out.write(c);
      }
    }
    return out.toString(StandardCharsets.US_ASCII);
  }
}
