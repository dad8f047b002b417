package org.totpkit.kit.driver.rpc;

import java.util.List;
import java.util.Locale;
import java.util.OptionalInt;

/**
 * The gRPC status codes (grpc/grpc doc/statuscodes.md), their Connect names, and the HTTP status
 * grpc-gateway and Connect give each (they agree: grpc-gateway {@code HTTPStatusFromCode}, Connect
 * protocol "Error codes").
 */
final class StatusCodes {
  private static final List<String> NAMES =
      List.of(
          "OK",
          "CANCELLED",
          "UNKNOWN",
          "INVALID_ARGUMENT",
          "DEADLINE_EXCEEDED",
          "NOT_FOUND",
          "ALREADY_EXISTS",
          "PERMISSION_DENIED",
          "RESOURCE_EXHAUSTED",
          "FAILED_PRECONDITION",
          "ABORTED",
          "OUT_OF_RANGE",
          "UNIMPLEMENTED",
          "INTERNAL",
          "UNAVAILABLE",
          "DATA_LOSS",
          "UNAUTHENTICATED");

  private static final int[] HTTP = {
    200, 499, 500, 400, 504, 404, 409, 403, 429, 400, 409, 400, 501, 500, 503, 500, 401
  };

  static final int INTERNAL = 13;
  static final int UNIMPLEMENTED = 12;

  private StatusCodes() {}

  static boolean isError(int code) {
    return code >= 1 && code < NAMES.size();
  }

  /** The HTTP status REST (grpc-gateway) and Connect answer for this code. */
  static int httpStatus(int code) {
    return HTTP[code];
  }

  /** Connect's name: {@code invalid_argument}; "canceled" with one l. */
  static String connectName(int code) {
    return code == 1 ? "canceled" : NAMES.get(code).toLowerCase(Locale.ROOT);
  }

  static OptionalInt fromConnectName(String name) {
    for (int code = 1; code < NAMES.size(); code++) {
      if (connectName(code).equals(name)) {
        return OptionalInt.of(code);
      }
    }
    return OptionalInt.empty();
  }

  /**
   * The code a Connect client gives an error answer that carries no Connect error body (Connect
   * protocol, "HTTP to Error Code").
   */
  static int fromHttpStatus(int status) {
    return switch (status) {
      case 400 -> 13;
      case 401 -> 16;
      case 403 -> 7;
      case 404 -> 12;
      case 429, 502, 503, 504 -> 14;
      default -> 2;
    };
  }
}
