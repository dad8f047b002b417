package org.totpkit.mock.contract;

/** The gRPC status codes the contract uses, with their Connect names. */
public enum StatusCode {
  OK(0, "ok"),
  INVALID_ARGUMENT(3, "invalid_argument"),
  NOT_FOUND(5, "not_found"),
  ALREADY_EXISTS(6, "already_exists"),
  PERMISSION_DENIED(7, "permission_denied"),
  RESOURCE_EXHAUSTED(8, "resource_exhausted"),
  FAILED_PRECONDITION(9, "failed_precondition"),
  UNIMPLEMENTED(12, "unimplemented"),
  INTERNAL(13, "internal"),
  UNAUTHENTICATED(16, "unauthenticated");

  /** The number in {@code grpc-status} and in the REST body's {@code code}. */
  public final int value;

  /** The name in a Connect error body. */
  public final String connectName;

  StatusCode(int value, String connectName) {
    this.value = value;
    this.connectName = connectName;
  }

  /**
   * The one place a code becomes an HTTP status: grpc-gateway's {@code HTTPStatusFromCode} for
   * REST, which Connect's table agrees with for every code here (contract/v3alpha.md sections 3 and
   * 5).
   */
  public int httpStatus() {
    return switch (this) {
      case OK -> 200;
      case INVALID_ARGUMENT, FAILED_PRECONDITION -> 400;
      case UNAUTHENTICATED -> 401;
      case PERMISSION_DENIED -> 403;
      case NOT_FOUND -> 404;
      case ALREADY_EXISTS -> 409;
      case RESOURCE_EXHAUSTED -> 429;
      case INTERNAL -> 500;
      case UNIMPLEMENTED -> 501;
    };
  }

  /** The code for a received number, or null when the contract has no such code. */
  public static StatusCode of(int value) {
    for (StatusCode code : values()) {
      if (code.value == value) {
        return code;
      }
    }
    return null;
  }
}
