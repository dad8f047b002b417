package org.totpkit.kit.driver;

import java.util.Map;

/**
 * The contract over REST (contract/v3alpha.md §1): JSON over HTTP, every answer validated by
 * OpenAPI.
 */
final class RestTotpApi implements TotpApi {
  private static final String START = "/resources/v3alpha/users/{id}/totp";
  private static final String VERIFY = "/resources/v3alpha/users/{id}/totp/{totpId}/_verify";
  private static final String REMOVE = "/resources/v3alpha/users/{id}/totp/{totpId}";
  private static final String NO_SUCH_ROUTE = "/resources/v3alpha/kit-no-such-route";

  private final Wire wire;

  RestTotpApi(String baseUrl) {
    this.wire = new Wire(baseUrl, ContractValidation.PRODUCT_DOCUMENT, ErrorDetailRule::violation);
  }

  @Override
  public ApiResponse start(Caller caller, String userId, Map<String, String> scope) {
    return wire.send(
        "StartTOTPRegistration", caller, "POST", START, Map.of("id", userId), scope, null);
  }

  @Override
  public ApiResponse startWithBody(Caller caller, String userId, String body) {
    return wire.send(
        "StartTOTPRegistration", caller, "POST", START, Map.of("id", userId), Map.of(), body);
  }

  /** The code as the contract wants it on REST: a bare JSON string. */
  @Override
  public ApiResponse verifyWithPublicCode(
      Caller caller, String userId, String totpId, String code, Map<String, String> scope) {
    return wire.send(
        "VerifyTOTPRegistration",
        caller,
        "POST",
        VERIFY,
        registration(userId, totpId),
        scope,
        TotpApi.jsonString(code));
  }

  @Override
  public ApiResponse verifyWithBody(Caller caller, String userId, String totpId, String body) {
    return wire.send(
        "VerifyTOTPRegistration",
        caller,
        "POST",
        VERIFY,
        registration(userId, totpId),
        Map.of(),
        body);
  }

  @Override
  public ApiResponse remove(
      Caller caller, String userId, String totpId, Map<String, String> scope) {
    return wire.send(
        "RemoveTOTPAuthenticator",
        caller,
        "DELETE",
        REMOVE,
        registration(userId, totpId),
        scope,
        null);
  }

  @Override
  public ApiResponse pathThatDoesNotExist(Caller caller) {
    return unrouted(caller, "GET", NO_SUCH_ROUTE);
  }

  @Override
  public ApiResponse startWithTheWrongMethod(Caller caller, String userId) {
    return unrouted(caller, "GET", START.replace("{id}", userId));
  }

  /** The path parameters that name one registration. */
  private static Map<String, String> registration(String userId, String totpId) {
    return Map.of("id", userId, "totpId", totpId);
  }

  /** A request the contract has no operation for: the routing rows of the error table. */
  @Override
  public ApiResponse unrouted(Caller caller, String method, String path) {
    return wire.send(method + " " + path, caller, method, path, Map.of(), Map.of(), null);
  }
}
