package org.totpkit.kit.driver.rpc;

import com.google.protobuf.Message;
import com.google.protobuf.UnknownFieldSet;
import java.util.Map;
import org.totpkit.kit.driver.ApiResponse;
import org.totpkit.kit.driver.Caller;
import org.totpkit.kit.driver.TotpApi;
import org.totpkit.kit.report.Redaction;
import org.totpkit.kit.target.Dialect;

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

  /** A field number no message of the contract has: a newer client's field, say. */
  static final int UNKNOWN_FIELD_NUMBER = 4711;

  /** Which service is asked: v3alpha's ZITADELUsers or v2's UserService. */
  final Dialect dialect;

  RpcTotpApi(Dialect dialect) {
    this.dialect = dialect;
  }

  /** Makes one call of the contract and checks what came back. */
  abstract ApiResponse call(RpcCall call, Caller caller, Message request);

  /** Sends {@code request} to a path of the contract's service or another one. */
  abstract ApiResponse callElsewhere(String operation, String path, Caller caller, Message request);

  /** Sends a verify call whose message does not decode, in this protocol's encoding. */
  abstract ApiResponse callWithAnUndecodableMessage(String operation, Caller caller);

  @Override
  public ApiResponse start(Caller caller, String userId, Map<String, String> scope) {
    return call(RpcCall.start(dialect), caller, startRequest(userId, scope));
  }

  @Override
  public ApiResponse verifyWithPublicCode(
      Caller caller, String userId, String totpId, String code, Map<String, String> scope) {
    return call(RpcCall.verify(dialect), caller, verifyRequest(userId, totpId, code, scope));
  }

  @Override
  public ApiResponse remove(
      Caller caller, String userId, String totpId, Map<String, String> scope) {
    return call(RpcCall.remove(dialect), caller, removeRequest(userId, totpId, scope));
  }

  /** v2 has no scope and no registration id: its requests name the user alone. */
  private Message startRequest(String userId, Map<String, String> scope) {
    if (dialect == Dialect.V2) {
      requireNoScope(scope);
      return RpcCall.register(userId);
    }
    return RpcCall.start(userId, scope);
  }

  Message verifyRequest(String userId, String totpId, String code, Map<String, String> scope) {
    if (dialect == Dialect.V2) {
      requireNoScope(scope);
      return RpcCall.verifyV2(userId, code);
    }
    return RpcCall.verify(userId, totpId, code, scope);
  }

  private Message removeRequest(String userId, String totpId, Map<String, String> scope) {
    if (dialect == Dialect.V2) {
      requireNoScope(scope);
      return RpcCall.removeV2(userId);
    }
    return RpcCall.remove(userId, totpId, scope);
  }

  private static void requireNoScope(Map<String, String> scope) {
    if (!scope.isEmpty()) {
      throw new UnsupportedOperationException("the v2 dialect has no scope parameters");
    }
  }

  @Override
  public ApiResponse verifyAtAnUnknownService(
      Caller caller, String userId, String totpId, String code) {
    Redaction.register(code);
    String path = "/" + RpcCall.unknownService(dialect) + "/" + RpcCall.verify(dialect).method();
    return callElsewhere(
        "VerifyTOTPRegistration at an unknown service",
        path,
        caller,
        verifyRequest(userId, totpId, code, Map.of()));
  }

  @Override
  public ApiResponse verifyAtAnUnknownMethod(
      Caller caller, String userId, String totpId, String code) {
    Redaction.register(code);
    String path = "/" + RpcCall.service(dialect) + "/" + RpcCall.UNKNOWN_METHOD;
    return callElsewhere(
        "VerifyTOTPRegistration at an unknown method",
        path,
        caller,
        verifyRequest(userId, totpId, code, Map.of()));
  }

  @Override
  public ApiResponse verifyAtAMethodNamed(
      Caller caller, String userId, String totpId, String code, String method) {
    Redaction.register(code);
    return callElsewhere(
        "VerifyTOTPRegistration at the unknown method " + method,
        "/" + RpcCall.service(dialect) + "/" + method,
        caller,
        verifyRequest(userId, totpId, code, Map.of()));
  }

  @Override
  public ApiResponse verifyWithAnUndecodableMessage(Caller caller) {
    return callWithAnUndecodableMessage(
        "VerifyTOTPRegistration with an undecodable message", caller);
  }

  @Override
  public ApiResponse verifyWithAnUnknownField(
      Caller caller, String userId, String totpId, String code) {
    Redaction.register(code);
    return callWithAnUnknownField(
        RpcCall.verify(dialect), caller, verifyRequest(userId, totpId, code, Map.of()));
  }

  @Override
  public ApiResponse startWithAnUnknownFieldNumber(Caller caller, String userId) {
    return callInBinary(
        RpcCall.start(dialect), caller, withAnUnknownField(startRequest(userId, Map.of())));
  }

  /**
   * Makes the call with a field the message does not have, in this protocol's encoding: for the
   * binary ones an unknown field number.
   */
  ApiResponse callWithAnUnknownField(RpcCall call, Caller caller, Message request) {
    return call(call, caller, withAnUnknownField(request));
  }

  /** Makes the call in protobuf's binary encoding (gRPC and gRPC-Web have no other). */
  ApiResponse callInBinary(RpcCall call, Caller caller, Message request) {
    return call(call, caller, request);
  }

  /** {@code message} with field {@value #UNKNOWN_FIELD_NUMBER} set (a varint, 1). */
  static Message withAnUnknownField(Message message) {
    UnknownFieldSet unknown =
        UnknownFieldSet.newBuilder()
            .addField(UNKNOWN_FIELD_NUMBER, UnknownFieldSet.Field.newBuilder().addVarint(1).build())
            .build();
    return message.toBuilder().setUnknownFields(unknown).build();
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
