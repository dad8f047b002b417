package org.totpkit.mock.contract;

import java.time.Duration;

/**
 * The contract's errors (contract/v3alpha.md sections 3 and 5) as gRPC code, message and detail,
 * for every transport alike. A new error rule is added here; how a transport writes it is its
 * rendering.
 */
public final class ErrorTable {
  private ErrorTable() {}

  /** Row 1 (and, on Connect, an unknown service or method). */
  public static ContractError noRoute() {
    return ContractError.plain(StatusCode.NOT_FOUND, "Not Found");
  }

  /** Row 2; REST answers it 405 with {@code Allow}, the one status not derived from the code. */
  public static ContractError wrongMethod() {
    return ContractError.plain(StatusCode.UNIMPLEMENTED, "Method Not Allowed");
  }

  /** Row 3, and its sibling: a query grpc-gateway cannot parse is refused the same way. */
  public static ContractError undecodable(String reason) {
    return ContractError.plain(StatusCode.INVALID_ARGUMENT, reason);
  }

  /** Row 4. */
  public static ContractError authHeaderMissing() {
    return ContractError.plain(StatusCode.UNAUTHENTICATED, "auth header missing");
  }

  /** Row 5. */
  public static ContractError notBearer() {
    return ContractError.withId(StatusCode.UNAUTHENTICATED, "AUTH-toLo1", "invalid auth header");
  }

  /** Row 6. */
  public static ContractError unknownToken() {
    return ContractError.withId(StatusCode.UNAUTHENTICATED, "AUTH-7fs1e", "Errors.Token.Invalid");
  }

  /** Row 7: {@code field} as protoc-gen-validate names it, for example {@code Code}. */
  public static ContractError fieldLength(Operation operation, String field, int min, int max) {
    return fieldLength(operation.requestMessage, field, min, max);
  }

  /** A field rule of {@code requestMessage} (protoc-gen-validate's words), in either dialect. */
  public static ContractError fieldLength(String requestMessage, String field, int min, int max) {
    return ContractError.plain(
        StatusCode.INVALID_ARGUMENT,
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
  public static ContractError outOfScope() {
    return ContractError.plain(StatusCode.NOT_FOUND, "not found");
  }

  /** Row 9. */
  public static ContractError userNotFound() {
    return ContractError.withId(StatusCode.NOT_FOUND, "COMMAND-4g3xq", "User could not be found");
  }

  /** Row 10. */
  public static ContractError permissionDenied() {
    return ContractError.withId(
        StatusCode.PERMISSION_DENIED, "AUTH-AWfge", "No matching permissions found");
  }

  /** Row 11 for start and verify. */
  public static ContractError registrationNotFound() {
    return ContractError.withId(
        StatusCode.NOT_FOUND, "COMMAND-3Mif9s", "Multifactor OTP (OneTimePassword) doesn't exist");
  }

  /** Row 11 for remove. */
  public static ContractError authenticatorNotFound() {
    return ContractError.withId(
        StatusCode.NOT_FOUND, "COMMAND-Hd9sd", "Multifactor OTP (OneTimePassword) doesn't exist");
  }

  /** Row 12. */
  public static ContractError alreadyVerified() {
    return ContractError.withId(
        StatusCode.FAILED_PRECONDITION,
        "COMMAND-qx4ls",
        "Multifactor OTP (OneTimePassword) is already set up");
  }

  /** Row 13 (project decision): the whole seconds left, rounded up, at least 1. */
  public static ContractError locked(Duration left) {
    // Round up from the full precision: toMillis() would drop a sub-millisecond remainder.
    long seconds = Math.max(1, left.getSeconds() + (left.getNano() > 0 ? 1 : 0));
    return ContractError.withId(
            StatusCode.RESOURCE_EXHAUSTED,
            "COMMAND-lOck8s",
            "Too many failed attempts, try again later")
        .retryAfter(seconds);
  }

  /** Row 14. */
  public static ContractError invalidCode() {
    return ContractError.withId(StatusCode.INVALID_ARGUMENT, "EVENT-8isk2", "Invalid code");
  }

  // The v2 dialect's own outcomes (the v2 user service; the rest of its rows are the ones above).

  /** v2 register: the user does not exist (upstream loads the user before the permission). */
  public static ContractError v2UserNotFoundOnRegister() {
    return ContractError.withId(
        StatusCode.FAILED_PRECONDITION, "COMMAND-SqyJz", "User could not be found");
  }

  /** v2: a caller that is not the user and has no membership at all. */
  public static ContractError membershipNotFound() {
    return ContractError.withId(StatusCode.NOT_FOUND, "AUTHZ-cdgFk", "membership not found");
  }

  /** v2 register over a ready TOTP. */
  public static ContractError totpAlreadySetUp() {
    return ContractError.withId(
        StatusCode.ALREADY_EXISTS,
        "COMMAND-do9se",
        "Multifactor OTP (OneTimePassword) is already set up");
  }

  /** v2 verify of a ready TOTP: upstream's message is the raw key (it has no translation). */
  public static ContractError totpAlreadyReady() {
    return ContractError.withId(
        StatusCode.FAILED_PRECONDITION, "COMMAND-qx4ls", "Errors.Users.MFA.OTP.AlreadyReady");
  }

  /** A defect of the server itself; no client input may lead here. */
  public static ContractError internal() {
    return ContractError.plain(StatusCode.INTERNAL, "internal error");
  }

  /** A REST body larger than anything the API or the hooks take (project decision). */
  public static ContractError bodyTooLarge(int limit) {
    return ContractError.plain(
        StatusCode.INVALID_ARGUMENT, "request body is larger than " + limit + " bytes");
  }

  /**
   * A request whose body stopped arriving: nothing received for the idle time (project decision).
   * Answered with HTTP 408 and code 3, as every 4xx without a row of its own is.
   */
  public static ContractError requestIncomplete(java.time.Duration idle) {
    long millis = idle.toMillis();
    String time = millis % 1000 == 0 ? millis / 1000 + " s" : millis + " ms";
    return ContractError.plain(
        StatusCode.INVALID_ARGUMENT, "request body incomplete: nothing received for " + time);
  }

  /** A resource bound reached (project decision): RESOURCE_EXHAUSTED; nothing was added. */
  public static ContractError resourceExhausted(String reason) {
    return ContractError.plain(StatusCode.RESOURCE_EXHAUSTED, reason);
  }

  /** A bad hook request (contract/hooks.md). */
  public static ContractError badHookRequest(String reason) {
    return ContractError.plain(StatusCode.INVALID_ARGUMENT, reason);
  }

  /** A hook call without the admin token the server was started with. */
  public static ContractError unauthenticatedHook() {
    return ContractError.plain(StatusCode.UNAUTHENTICATED, "admin token missing or wrong");
  }

  /**
   * An admin request whose {@code Host} is not a name of this server: a DNS-rebinding page, or a
   * name to add with {@code --allowed-host}. The Host is not quoted (no request text in errors).
   */
  public static ContractError foreignHost() {
    return ContractError.plain(
        StatusCode.PERMISSION_DENIED,
        "admin API refused: the Host is not a name of this server (localhost, an IP address, the"
            + " bind address or an --allowed-host name)");
  }

  /** An admin request from a web page of another origin ({@code Origin: null} included). */
  public static ContractError crossOrigin() {
    return ContractError.plain(
        StatusCode.PERMISSION_DENIED,
        "admin API refused: cross-origin request (the admin API answers only its own origin)");
  }

  /** A CORS preflight to the API from an origin that {@code --cors-origin} does not name. */
  public static ContractError corsOriginNotAllowed() {
    return ContractError.plain(
        StatusCode.PERMISSION_DENIED, "CORS refused: the origin is not one of --cors-origin");
  }

  // The rows that only exist on RPC (contract/v3alpha.md section 5), in grpc-go's words.

  public static ContractError unknownService(String service) {
    return ContractError.plain(StatusCode.UNIMPLEMENTED, "unknown service " + service);
  }

  public static ContractError unknownMethod(String method) {
    return unknownMethod(method, Operation.SERVICE);
  }

  public static ContractError unknownMethod(String method, String service) {
    return ContractError.plain(
        StatusCode.UNIMPLEMENTED, "unknown method " + method + " for service " + service);
  }

  /** A gRPC or gRPC-Web message that does not decode; {@code reason} never quotes the input. */
  public static ContractError unmarshallable(String reason) {
    return ContractError.plain(StatusCode.INTERNAL, "grpc: error unmarshalling request: " + reason);
  }

  /** A Connect message that does not decode; {@code reason} never quotes the input. */
  public static ContractError connectUnmarshallable(String reason) {
    return ContractError.plain(StatusCode.INVALID_ARGUMENT, "unmarshal message: " + reason);
  }

  public static ContractError compressedWithoutEncoding() {
    return ContractError.plain(
        StatusCode.INTERNAL, "grpc: compressed flag set with identity or empty encoding");
  }

  public static ContractError unsupportedEncoding(String encoding) {
    return ContractError.plain(
        StatusCode.UNIMPLEMENTED,
        "grpc: Decompressor is not installed for grpc-encoding \"" + encoding + "\"");
  }

  /** Connect's {@code Content-Encoding} other than identity or gzip (connect-go's words). */
  public static ContractError connectUnsupportedEncoding(String encoding) {
    return ContractError.plain(
        StatusCode.UNIMPLEMENTED,
        "unknown compression \"" + encoding + "\": supported encodings are gzip");
  }

  public static ContractError messageTooLarge(long size, int limit) {
    return ContractError.plain(
        StatusCode.RESOURCE_EXHAUSTED,
        "grpc: received message larger than max (" + size + " vs. " + limit + ")");
  }
}
