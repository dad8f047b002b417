package org.totpkit.kit.driver;

import com.fasterxml.jackson.core.JsonProcessingException;
import java.util.Map;
import org.totpkit.kit.driver.rpc.ConnectTotpApi;
import org.totpkit.kit.driver.rpc.GrpcTotpApi;
import org.totpkit.kit.driver.rpc.GrpcWebTotpApi;
import org.totpkit.kit.report.Redaction;
import org.totpkit.kit.target.Dialect;
import org.totpkit.kit.target.Target;

/**
 * The three operations of the TOTP registration contract (contract/v3alpha.md §1, §5), in whichever
 * dialect and over whichever transport the target is reached by. In v2 a user has one TOTP: start
 * is RegisterTOTP, and the registration id ({@code totpId}) is not sent. Callers never learn which
 * one: every answer is an {@link ApiResponse}. The last methods exist on one kind of transport
 * only; the scenarios that call them are tagged {@code @rest} or {@code @rpc} and skipped on the
 * others.
 */
public interface TotpApi {

  default ApiResponse start(Caller caller, String userId) {
    return start(caller, userId, Map.of());
  }

  /**
   * Start in a scope (contract/v3alpha.md §1, row 8), named as REST's query parameters, e.g. {@code
   * organization.orgId}; over RPC they are the request's {@code instance}/{@code organization}.
   */
  ApiResponse start(Caller caller, String userId, Map<String, String> scope);

  /** REST: start with a request body, which the contract says is ignored. */
  default ApiResponse startWithBody(Caller caller, String userId, String body) {
    throw onlyOver("REST", "a start body");
  }

  /** Verify with {@code code} sent as the contract wants it; the code is never printed. */
  default ApiResponse verify(Caller caller, String userId, String totpId, String code) {
    return verify(caller, userId, totpId, code, Map.of());
  }

  default ApiResponse verify(
      Caller caller, String userId, String totpId, String code, Map<String, String> scope) {
    Redaction.register(code);
    return verifyWithPublicCode(caller, userId, totpId, code, scope);
  }

  /** Verify with a code that is public test data (an RFC 6238 vector): it may be printed. */
  default ApiResponse verifyWithPublicCode(
      Caller caller, String userId, String totpId, String code) {
    return verifyWithPublicCode(caller, userId, totpId, code, Map.of());
  }

  ApiResponse verifyWithPublicCode(
      Caller caller, String userId, String totpId, String code, Map<String, String> scope);

  default ApiResponse remove(Caller caller, String userId, String totpId) {
    return remove(caller, userId, totpId, Map.of());
  }

  ApiResponse remove(Caller caller, String userId, String totpId, Map<String, String> scope);

  /** REST: verify with exactly this body (null for none), for the malformed-body scenarios. */
  default ApiResponse verifyWithBody(Caller caller, String userId, String totpId, String body) {
    throw onlyOver("REST", "a verify body of its own");
  }

  /** REST: a path that matches no route (error table row 1). */
  default ApiResponse pathThatDoesNotExist(Caller caller) {
    throw onlyOver("REST", "an unrouted path");
  }

  /** REST: the start path with the wrong method (error table row 2). */
  default ApiResponse startWithTheWrongMethod(Caller caller, String userId) {
    throw onlyOver("REST", "a wrong HTTP method");
  }

  /** REST: any method and path, for the routing rows of the error table. */
  default ApiResponse unrouted(Caller caller, String method, String path) {
    throw onlyOver("REST", "a request the contract has no operation for");
  }

  /** RPC: a correct verify request, sent to a service the contract does not have. */
  default ApiResponse verifyAtAnUnknownService(
      Caller caller, String userId, String totpId, String code) {
    throw onlyOver("an RPC transport", "an unknown service");
  }

  /** RPC: a correct verify request, sent to a method the service does not have. */
  default ApiResponse verifyAtAnUnknownMethod(
      Caller caller, String userId, String totpId, String code) {
    throw onlyOver("an RPC transport", "an unknown method");
  }

  /**
   * RPC: a correct verify request sent to {@code method}, a method the service does not have, named
   * as it goes into the path (percent-escapes and all).
   */
  default ApiResponse verifyAtAMethodNamed(
      Caller caller, String userId, String totpId, String code, String method) {
    throw onlyOver("an RPC transport", "an unknown method");
  }

  /** RPC: a verify call whose request message does not decode. */
  default ApiResponse verifyWithAnUndecodableMessage(Caller caller) {
    throw onlyOver("an RPC transport", "an undecodable message");
  }

  /**
   * RPC: verify with this code, in a request that also carries a field the contract does not have
   * (an unknown field number in protobuf; on Connect, whose kit codec is JSON, an unknown key).
   */
  default ApiResponse verifyWithAnUnknownField(
      Caller caller, String userId, String totpId, String code) {
    throw onlyOver("an RPC transport", "a request field the contract does not have");
  }

  /**
   * RPC: start a registration with a binary (protobuf) request that also carries a field number the
   * contract does not have; on Connect, with {@code application/proto}.
   */
  default ApiResponse startWithAnUnknownFieldNumber(Caller caller, String userId) {
    throw onlyOver("an RPC transport", "a protobuf field number the contract does not have");
  }

  private static UnsupportedOperationException onlyOver(String transport, String what) {
    return new UnsupportedOperationException(
        what + " can only be sent over " + transport + " (the scenario should have been skipped)");
  }

  /**
   * The API of {@code target} in its dialect, made once per endpoint, transport and dialect (a gRPC
   * channel is dear). The dialect says which service is asked and how; the transport how a message
   * travels.
   */
  static TotpApi of(Target target) {
    Dialect dialect = target.dialect();
    return OpenApis.OPEN.computeIfAbsent(
        dialect + " " + target.transport() + " " + target.endpoint(),
        key ->
            switch (target.transport()) {
              case REST ->
                  dialect == Dialect.V2
                      ? new V2RestTotpApi(target.endpoint())
                      : new RestTotpApi(target.endpoint());
              case GRPC -> new GrpcTotpApi(target.endpoint(), dialect);
              case GRPC_WEB -> new GrpcWebTotpApi(target.endpoint(), dialect);
              case CONNECT -> new ConnectTotpApi(target.endpoint(), dialect);
            });
  }

  /** Closes every API made so far (their channels and connections); later calls make new ones. */
  static void closeAll() {
    OpenApis.OPEN
        .values()
        .removeIf(
            api -> {
              if (api instanceof AutoCloseable closeable) {
                try {
                  closeable.close();
                } catch (Exception ignored) {
                  // Closing is best effort: a target that went away has nothing left to close.
                }
              }
              return true;
            });
    Wire.closeClients();
  }

  /** A JSON string literal: how REST carries the code. */
  static String jsonString(String text) {
    try {
      return OpenApis.JSON.writeValueAsString(text);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }
}
