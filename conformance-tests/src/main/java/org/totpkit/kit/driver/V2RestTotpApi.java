package org.totpkit.kit.driver;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Map;

/**
 * The v2 user service over REST, as grpc-gateway serves it: {@code body: "*"}, so every request
 * body is the whole message in protojson; the user id is in the path, and a user has one TOTP (no
 * registration id). Every answer is validated against the v2 OpenAPI document.
 */
final class V2RestTotpApi implements TotpApi {
  private static final String REGISTER = "/v2/users/{userId}/totp";
  private static final String VERIFY = "/v2/users/{userId}/totp/verify";
  private static final String REMOVE = "/v2/users/{userId}/totp";
  private static final String NO_SUCH_ROUTE = "/v2/kit-no-such-route";

  /** A key no request message of v2 has: grpc-gateway ignores it. */
  static final String UNKNOWN_JSON_KEY = "kitFieldTheContractDoesNotHave";

  private final Wire wire;

  V2RestTotpApi(String baseUrl) {
    this.wire = new Wire(baseUrl, ContractValidation.V2_DOCUMENT, ErrorDetailRule::violation);
  }

  /** An empty message: what a client sends for a request without fields. */
  @Override
  public ApiResponse start(Caller caller, String userId, Map<String, String> scope) {
    requireNoScope(scope);
    return wire.send("RegisterTOTP", caller, "POST", REGISTER, user(userId), Map.of(), "{}");
  }

  @Override
  public ApiResponse startWithBody(Caller caller, String userId, String body) {
    return wire.send("RegisterTOTP", caller, "POST", REGISTER, user(userId), Map.of(), body);
  }

  /** {@code {"code": "..."}}: the message, with the user id left to the path. */
  @Override
  public ApiResponse verifyWithPublicCode(
      Caller caller, String userId, String totpId, String code, Map<String, String> scope) {
    requireNoScope(scope);
    ObjectNode body = OpenApis.JSON.createObjectNode().put("code", code);
    return verifyWithBody(caller, userId, totpId, body.toString());
  }

  @Override
  public ApiResponse verifyWithBody(Caller caller, String userId, String totpId, String body) {
    return wire.send(
        "VerifyTOTPRegistration", caller, "POST", VERIFY, user(userId), Map.of(), body);
  }

  @Override
  public ApiResponse verifyWithAnUnknownField(
      Caller caller, String userId, String totpId, String code) {
    org.totpkit.kit.report.Redaction.register(code);
    ObjectNode body = OpenApis.JSON.createObjectNode().put("code", code).put(UNKNOWN_JSON_KEY, 1);
    return verifyWithBody(caller, userId, totpId, body.toString());
  }

  @Override
  public ApiResponse remove(
      Caller caller, String userId, String totpId, Map<String, String> scope) {
    requireNoScope(scope);
    return wire.send("RemoveTOTP", caller, "DELETE", REMOVE, user(userId), Map.of(), null);
  }

  @Override
  public ApiResponse pathThatDoesNotExist(Caller caller) {
    return unrouted(caller, "GET", NO_SUCH_ROUTE);
  }

  @Override
  public ApiResponse startWithTheWrongMethod(Caller caller, String userId) {
    return unrouted(caller, "GET", REGISTER.replace("{userId}", userId));
  }

  @Override
  public ApiResponse unrouted(Caller caller, String method, String path) {
    return wire.send(method + " " + path, caller, method, path, Map.of(), Map.of(), null);
  }

  private static Map<String, String> user(String userId) {
    return Map.of("userId", userId);
  }

  private static void requireNoScope(Map<String, String> scope) {
    if (!scope.isEmpty()) {
      throw new UnsupportedOperationException("the v2 dialect has no scope parameters");
    }
  }
}
