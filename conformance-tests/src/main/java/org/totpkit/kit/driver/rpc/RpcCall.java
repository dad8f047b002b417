package org.totpkit.kit.driver.rpc;

import com.google.protobuf.Message;
import org.totpkit.contract.proto.zitadel.resources.user.v3alpha.RemoveTOTPAuthenticatorRequest;
import org.totpkit.contract.proto.zitadel.resources.user.v3alpha.RemoveTOTPAuthenticatorResponse;
import org.totpkit.contract.proto.zitadel.resources.user.v3alpha.StartTOTPRegistrationRequest;
import org.totpkit.contract.proto.zitadel.resources.user.v3alpha.StartTOTPRegistrationResponse;
import org.totpkit.contract.proto.zitadel.resources.user.v3alpha.VerifyTOTPRegistrationRequest;
import org.totpkit.contract.proto.zitadel.resources.user.v3alpha.VerifyTOTPRegistrationResponse;
import org.totpkit.contract.proto.zitadel.resources.user.v3alpha.ZITADELUsersGrpc;

/**
 * The contract's three RPCs (CONTRACT.md §5): method names, the messages the generated code has for
 * them, and the REST operation whose OpenAPI schema their JSON form must also match.
 */
enum RpcCall {
  START(
      "StartTOTPRegistration",
      StartTOTPRegistrationResponse.getDefaultInstance(),
      "POST",
      "/resources/v3alpha/users/1/totp"),
  VERIFY(
      "VerifyTOTPRegistration",
      VerifyTOTPRegistrationResponse.getDefaultInstance(),
      "POST",
      "/resources/v3alpha/users/1/totp/1/_verify"),
  REMOVE(
      "RemoveTOTPAuthenticator",
      RemoveTOTPAuthenticatorResponse.getDefaultInstance(),
      "DELETE",
      "/resources/v3alpha/users/1/totp/1");

  static final String SERVICE = ZITADELUsersGrpc.SERVICE_NAME;

  /** A service the contract does not have, in the contract's package. */
  static final String UNKNOWN_SERVICE = "zitadel.resources.user.v3alpha.KitNoSuchService";

  /** A method the service does not have. */
  static final String UNKNOWN_METHOD = "KitNoSuchMethod";

  private final String method;
  private final Message responsePrototype;
  private final String restMethod;
  private final String restPath;

  RpcCall(String method, Message responsePrototype, String restMethod, String restPath) {
    this.method = method;
    this.responsePrototype = responsePrototype;
    this.restMethod = restMethod;
    this.restPath = restPath;
  }

  /** The operation's name in reports, as on REST. */
  String operation() {
    return method;
  }

  String method() {
    return method;
  }

  /** {@code /zitadel.resources.user.v3alpha.ZITADELUsers/<Method>}. */
  String path() {
    return "/" + SERVICE + "/" + method;
  }

  Message responsePrototype() {
    return responsePrototype;
  }

  String restMethod() {
    return restMethod;
  }

  /** A concrete REST path of the operation, for OpenAPI's path matching. */
  String restPath() {
    return restPath;
  }

  static StartTOTPRegistrationRequest start(String userId) {
    return StartTOTPRegistrationRequest.newBuilder().setId(userId).build();
  }

  static VerifyTOTPRegistrationRequest verify(String userId, String totpId, String code) {
    return VerifyTOTPRegistrationRequest.newBuilder()
        .setId(userId)
        .setTotpId(totpId)
        .setCode(code)
        .build();
  }

  static RemoveTOTPAuthenticatorRequest remove(String userId, String totpId) {
    return RemoveTOTPAuthenticatorRequest.newBuilder().setId(userId).setTotpId(totpId).build();
  }
}
