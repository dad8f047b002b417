package org.totpkit.mock.transport;

import com.google.protobuf.Message;
import java.util.List;
import java.util.Optional;
import org.totpkit.contract.proto.zitadel.v1.ErrorDetail;
import org.totpkit.mock.contract.Operation;

/**
 * One way to call the three RPCs (REST, gRPC, gRPC-Web or Connect), reduced to what the contract
 * fixes: status code, message, details, the response message and Retry-After.
 */
interface TransportClient extends AutoCloseable {
  String name();

  /**
   * @param authorization the header or metadata value, null to send none
   */
  Result call(Operation operation, Message request, String authorization);

  @Override
  default void close() {}

  record Result(
      int code,
      String message,
      List<ErrorDetail> details,
      Message response,
      Optional<String> retryAfter) {
    static Result ok(Message response) {
      return new Result(0, "", List.of(), response, Optional.empty());
    }

    @Override
    public String toString() {
      // Never the secret or the code.
      return "Result[code=" + code + ", message=" + message + ", details=" + details + "]";
    }
  }
}
