package org.totpkit.kit.driver;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.Map;
import java.util.Optional;
import org.totpkit.kit.report.Redaction;

/** The three operations of the TOTP registration contract (CONTRACT.md §1), spoken over HTTP. */
public final class TotpApi {
  private static final String START = "/resources/v3alpha/users/{id}/totp";
  private static final String VERIFY = "/resources/v3alpha/users/{id}/totp/{totpId}/_verify";
  private static final String REMOVE = "/resources/v3alpha/users/{id}/totp/{totpId}";
  private static final ObjectMapper JSON = new ObjectMapper();

  private final Wire wire;

  public TotpApi(String baseUrl) {
    this.wire =
        new Wire(
            baseUrl,
            ContractValidation.PRODUCT_DOCUMENT,
            response ->
                response.status() >= 400
                    ? ErrorDetailRule.violation(response.json())
                    : Optional.empty());
  }

  public ApiResponse start(Caller caller, String userId) {
    return start(caller, userId, Map.of());
  }

  /** Start with scope query parameters (CONTRACT.md §1, row 8), e.g. {@code organization.orgId}. */
  public ApiResponse start(Caller caller, String userId, Map<String, String> scope) {
    return wire.send(
        "StartTOTPRegistration", caller, "POST", START, Map.of("id", userId), scope, null);
  }

  /** Start with a request body, which the contract says is ignored. */
  public ApiResponse startWithBody(Caller caller, String userId, String body) {
    return wire.send(
        "StartTOTPRegistration", caller, "POST", START, Map.of("id", userId), Map.of(), body);
  }

  /** Verify with {@code code} sent as the contract wants it: a bare JSON string. */
  public ApiResponse verify(Caller caller, String userId, String totpId, String code) {
    return verify(caller, userId, totpId, code, Map.of());
  }

  public ApiResponse verify(
      Caller caller, String userId, String totpId, String code, Map<String, String> scope) {
    Redaction.register(code);
    return wire.send(
        "VerifyTOTPRegistration",
        caller,
        "POST",
        VERIFY,
        registration(userId, totpId),
        scope,
        jsonString(code));
  }

  /** Verify with exactly this body (null for none): for the malformed-request scenarios. */
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

  public ApiResponse remove(Caller caller, String userId, String totpId) {
    return remove(caller, userId, totpId, Map.of());
  }

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

  /** The path parameters that name one registration. */
  private static Map<String, String> registration(String userId, String totpId) {
    return Map.of("id", userId, "totpId", totpId);
  }

  /** A request the contract has no operation for: the routing rows of the error table. */
  public ApiResponse unrouted(Caller caller, String method, String path) {
    return wire.send(method + " " + path, caller, method, path, Map.of(), Map.of(), null);
  }

  /** The paths the routing rows need, without knowing a URL in the steps. */
  public static String startPathOf(String userId) {
    return START.replace("{id}", userId);
  }

  public static String verifyPathOf(String userId, String totpId) {
    return VERIFY.replace("{id}", userId).replace("{totpId}", totpId);
  }

  public static String jsonString(String text) {
    try {
      return JSON.writeValueAsString(text);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }
}
