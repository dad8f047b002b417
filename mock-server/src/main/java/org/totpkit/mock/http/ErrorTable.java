package org.totpkit.mock.http;

import java.time.Duration;
import java.util.List;
import org.totpkit.contract.api.model.ProtobufAny;
import org.totpkit.contract.api.model.RpcStatus;

/**
 * The rows of the contract's error table (CONTRACT.md section 3): HTTP status, gRPC code, message
 * and, for every error that has one (rows 5, 6 and 9 to 14), the upstream error id with its
 * ErrorDetail. A new error rule is added here.
 */
public final class ErrorTable {
  static final String ERROR_DETAIL_TYPE = "type.googleapis.com/zitadel.v1.ErrorDetail";

  private ErrorTable() {}

  /** Row 1. */
  public static ApiResponse noRoute() {
    return plain(404, 5, "Not Found");
  }

  /** Row 2. */
  public static ApiResponse wrongMethod(String allowed) {
    return plain(405, 12, "Method Not Allowed").withHeader("Allow", allowed);
  }

  /** Row 3. */
  public static ApiResponse undecodableBody(String reason) {
    return plain(400, 3, reason);
  }

  /** Row 3's sibling: a query grpc-gateway cannot parse is refused the same way. */
  public static ApiResponse undecodableQuery(String reason) {
    return plain(400, 3, reason);
  }

  /** Row 4. */
  public static ApiResponse authHeaderMissing() {
    return unauthenticated("auth header missing");
  }

  /** Row 5: an error with an ID, so it carries its ErrorDetail. */
  public static ApiResponse notBearer() {
    return unauthenticated(withId(401, 16, "AUTH-toLo1", "invalid auth header"));
  }

  /** Row 6: an error with an ID, so it carries its ErrorDetail. */
  public static ApiResponse unknownToken() {
    return unauthenticated(withId(401, 16, "AUTH-7fs1e", "Errors.Token.Invalid"));
  }

  /** Row 7: {@code field} as protoc-gen-validate names it, for example {@code Code}. */
  public static ApiResponse fieldLength(String requestMessage, String field, int min, int max) {
    return plain(
        400,
        3,
        "invalid "
            + requestMessage
            + "."
            + field
            + ": value length must be between "
            + min
            + " and "
            + max
            + " runes, inclusive");
  }

  /** Row 8. */
  public static ApiResponse outOfScope() {
    return plain(404, 5, "not found");
  }

  /** Row 9. */
  public static ApiResponse userNotFound() {
    return withId(404, 5, "COMMAND-4g3xq", "User could not be found");
  }

  /** Row 10. */
  public static ApiResponse permissionDenied() {
    return withId(403, 7, "AUTH-AWfge", "No matching permissions found");
  }

  /** Row 11 for start and verify. */
  public static ApiResponse registrationNotFound() {
    return withId(404, 5, "COMMAND-3Mif9s", "Multifactor OTP (OneTimePassword) doesn't exist");
  }

  /** Row 11 for remove. */
  public static ApiResponse authenticatorNotFound() {
    return withId(404, 5, "COMMAND-Hd9sd", "Multifactor OTP (OneTimePassword) doesn't exist");
  }

  /** Row 12. */
  public static ApiResponse alreadyVerified() {
    return withId(400, 9, "COMMAND-qx4ls", "Multifactor OTP (OneTimePassword) is already set up");
  }

  /** Row 13 (project decision): Retry-After carries the whole seconds left, rounded up. */
  public static ApiResponse locked(Duration left) {
    // Round up from the full precision: toMillis() would drop a sub-millisecond remainder.
    long seconds = Math.max(1, left.getSeconds() + (left.getNano() > 0 ? 1 : 0));
    return withId(429, 8, "COMMAND-lOck8s", "Too many failed attempts, try again later")
        .withHeader("Retry-After", Long.toString(seconds));
  }

  /** Row 14. */
  public static ApiResponse invalidCode() {
    return withId(400, 3, "EVENT-8isk2", "Invalid code");
  }

  /** A defect of the server itself (gRPC INTERNAL); no client input may lead here. */
  public static ApiResponse internal() {
    return plain(500, 13, "internal error");
  }

  /**
   * A body larger than anything the API or the hooks take (project decision): 400 with code 3, as
   * every status here follows from its gRPC code the way grpc-gateway maps them.
   */
  public static ApiResponse bodyTooLarge(int limit) {
    return plain(400, 3, "request body is larger than " + limit + " bytes");
  }

  /** A bad hook request (HOOKS.md): 400 with code 3. */
  public static ApiResponse badHookRequest(String reason) {
    return plain(400, 3, reason);
  }

  /** A hook call without the admin token the server was started with. */
  public static ApiResponse unauthenticatedHook() {
    return unauthenticated("admin token missing or wrong");
  }

  static ApiResponse unauthenticated(String message) {
    return unauthenticated(plain(401, 16, message));
  }

  // grpc-gateway repeats the status message in WWW-Authenticate on every 401.
  private static ApiResponse unauthenticated(ApiResponse refusal) {
    return refusal.withHeader("WWW-Authenticate", ((RpcStatus) refusal.body()).getMessage());
  }

  private static ApiResponse plain(int status, int code, String message) {
    return new ApiResponse(status, java.util.Map.of(), new RpcStatus().code(code).message(message));
  }

  /**
   * An error that has an ID (CONTRACT.md §3): exactly one zitadel.v1.ErrorDetail, and the message
   * "text (ID)". Errors without an ID are {@link #plain} and have no details.
   */
  private static ApiResponse withId(int status, int code, String id, String text) {
    ProtobufAny detail = new ProtobufAny().atType(ERROR_DETAIL_TYPE).id(id).message(text);
    RpcStatus body =
        new RpcStatus().code(code).message(text + " (" + id + ")").details(List.of(detail));
    return new ApiResponse(status, java.util.Map.of(), body);
  }
}
