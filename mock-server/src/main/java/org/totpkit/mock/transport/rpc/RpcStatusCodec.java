package org.totpkit.mock.transport.rpc;

import com.google.protobuf.Any;
import com.google.rpc.Status;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.UnaryOperator;
import org.totpkit.contract.proto.zitadel.v1.ErrorDetail;
import org.totpkit.mock.contract.ContractError;
import org.totpkit.mock.contract.StatusCode;

/**
 * A contract error as gRPC carries it (contract/v3alpha.md section 5): the {@code
 * google.rpc.Status} with its {@code zitadel.v1.ErrorDetail}, and the status metadata gRPC and
 * gRPC-Web send as trailers.
 */
public final class RpcStatusCodec {
  /**
   * gRPC's percent-encoding of {@code grpc-message} as one shared instance: the trailers rendered
   * with it are the contract's, and are rendered once per error ({@link #trailers(RpcReply,
   * UnaryOperator)}).
   */
  public static final UnaryOperator<String> PERCENT_ENCODING = RpcStatusCodec::percentEncode;

  private static final Map<String, String> OK_TRAILERS =
      Collections.singletonMap("grpc-status", Integer.toString(StatusCode.OK.value));

  // The errors with an ID are the contract's rows, fixed texts: their trailers (the packed
  // google.rpc.Status above all) are rendered once, not on every answer. The bound only guards
  // against a row that would one day quote the request; past it, trailers are rendered per call.
  private static final int RENDERED_AT_MOST = 256;
  private static final Map<ContractError, Map<String, String>> RENDERED = new ConcurrentHashMap<>();

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
    return trailers(reply, PERCENT_ENCODING);
  }

  /**
   * The same, with {@code grpc-message} rendered by {@code grpcMessage} (a broken server's). The
   * map is read-only; with {@link #PERCENT_ENCODING}, an error with an ID is rendered once and its
   * trailers shared by every later answer (row 13's {@code retry-after} is added per answer).
   */
  public static Map<String, String> trailers(RpcReply reply, UnaryOperator<String> grpcMessage) {
    ContractError error = reply.error();
    if (error == null) {
      return OK_TRAILERS;
    }
    if (grpcMessage != PERCENT_ENCODING || error.detail().isEmpty()) {
      return Collections.unmodifiableMap(render(error, grpcMessage));
    }
    OptionalLong retryAfter = error.retryAfterSeconds();
    ContractError row =
        retryAfter.isPresent()
            ? new ContractError(error.code(), error.message(), error.detail(), OptionalLong.empty())
            : error;
    Map<String, String> fixed = RENDERED.get(row);
    if (fixed == null) {
      fixed = Collections.unmodifiableMap(render(row, grpcMessage));
      if (RENDERED.size() < RENDERED_AT_MOST) {
        RENDERED.putIfAbsent(row, fixed);
      }
    }
    if (retryAfter.isEmpty()) {
      return fixed;
    }
    Map<String, String> withRetry = new LinkedHashMap<>(fixed);
    withRetry.put("retry-after", Long.toString(retryAfter.getAsLong()));
    return Collections.unmodifiableMap(withRetry);
  }

  private static Map<String, String> render(
      ContractError error, UnaryOperator<String> grpcMessage) {
    Map<String, String> trailers = new LinkedHashMap<>();
    trailers.put("grpc-status", Integer.toString(error.code().value));
    trailers.put("grpc-message", grpcMessage.apply(error.message()));
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

  /**
   * gRPC's percent-encoding of {@code grpc-message} (grpc/grpc doc/PROTOCOL-HTTP2.md): the message
   * in UTF-8, each byte outside 0x20-0x7E and '%' itself as {@code %XX} (upper-case hex), every
   * other byte as it is. A client decodes it once, so a '%' or a non-ASCII character a message
   * quotes (an unknown method's name as the client sent it) reaches the client unchanged.
   */
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
