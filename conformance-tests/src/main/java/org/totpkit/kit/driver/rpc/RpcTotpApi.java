package org.totpkit.kit.driver.rpc;

import com.google.protobuf.Message;
import java.util.Map;
import org.totpkit.kit.driver.ApiResponse;
import org.totpkit.kit.driver.Caller;
import org.totpkit.kit.driver.TotpApi;
import org.totpkit.kit.report.Redaction;

/**
 * The contract over one of the RPC protocols: the same three calls and the RPC-only probes; each
 * protocol says only how a message travels.
 */
abstract class RpcTotpApi implements TotpApi, AutoCloseable {

  /**
   * Bytes that are no VerifyTOTPRegistrationRequest: field 3 (id) announces 100 bytes and the
   * message ends.
   */
  static final byte[] TRUNCATED_MESSAGE = {0x1A, 0x64};

  /** Makes one call of the contract and checks what came back. */
  abstract ApiResponse call(RpcCall call, Caller caller, Message request);

  /** Sends {@code request} to a path of the contract's service or another one. */
  abstract ApiResponse callElsewhere(String operation, String path, Caller caller, Message request);

  /** Sends a verify call whose message does not decode, in this protocol's encoding. */
  abstract ApiResponse callWithAnUndecodableMessage(String operation, Caller caller);

  @Override
  public ApiResponse start(Caller caller, String userId, Map<String, String> scope) {
    return call(RpcCall.START, caller, RpcCall.start(userId, scope));
  }

  @Override
  public ApiResponse verifyWithPublicCode(
      Caller caller, String userId, String totpId, String code, Map<String, String> scope) {
    return call(RpcCall.VERIFY, caller, RpcCall.verify(userId, totpId, code, scope));
  }

  @Override
  public ApiResponse remove(
      Caller caller, String userId, String totpId, Map<String, String> scope) {
    return call(RpcCall.REMOVE, caller, RpcCall.remove(userId, totpId, scope));
  }

  @Override
  public ApiResponse verifyAtAnUnknownService(
      Caller caller, String userId, String totpId, String code) {
    Redaction.register(code);
    String path = "/" + RpcCall.UNKNOWN_SERVICE + "/" + RpcCall.VERIFY.method();
    return callElsewhere(
        "VerifyTOTPRegistration at an unknown service",
        path,
        caller,
        RpcCall.verify(userId, totpId, code));
  }

  @Override
  public ApiResponse verifyAtAnUnknownMethod(
      Caller caller, String userId, String totpId, String code) {
    Redaction.register(code);
    String path = "/" + RpcCall.SERVICE + "/" + RpcCall.UNKNOWN_METHOD;
    return callElsewhere(
        "VerifyTOTPRegistration at an unknown method",
        path,
        caller,
        RpcCall.verify(userId, totpId, code));
  }

  @Override
  public ApiResponse verifyWithAnUndecodableMessage(Caller caller) {
    return callWithAnUndecodableMessage(
        "VerifyTOTPRegistration with an undecodable message", caller);
  }

  /** Registers the caller's token for redaction before anything can print it. */
  static void registerToken(Caller caller) {
    caller
        .authorization()
        .ifPresent(
            value -> Redaction.register(value.startsWith("Bearer ") ? value.substring(7) : value));
  }

  @Override
  public void close() {}
}
