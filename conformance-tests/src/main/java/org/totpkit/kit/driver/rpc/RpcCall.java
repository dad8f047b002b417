package org.totpkit.kit.driver.rpc;

import com.google.protobuf.Message;
import java.util.Map;
import java.util.Optional;
import org.totpkit.contract.proto.zitadel.object.v3alpha.Instance;
import org.totpkit.contract.proto.zitadel.object.v3alpha.Organization;
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
    return start(userId, Map.of());
  }

  static StartTOTPRegistrationRequest start(String userId, Map<String, String> scope) {
    StartTOTPRegistrationRequest.Builder request =
        StartTOTPRegistrationRequest.newBuilder().setId(userId);
    instanceOf(scope).ifPresent(request::setInstance);
    organizationOf(scope).ifPresent(request::setOrganization);
    return request.build();
  }

  static VerifyTOTPRegistrationRequest verify(String userId, String totpId, String code) {
    return verify(userId, totpId, code, Map.of());
  }

  static VerifyTOTPRegistrationRequest verify(
      String userId, String totpId, String code, Map<String, String> scope) {
    VerifyTOTPRegistrationRequest.Builder request =
        VerifyTOTPRegistrationRequest.newBuilder().setId(userId).setTotpId(totpId).setCode(code);
    instanceOf(scope).ifPresent(request::setInstance);
    organizationOf(scope).ifPresent(request::setOrganization);
    return request.build();
  }

  static RemoveTOTPAuthenticatorRequest remove(String userId, String totpId) {
    return remove(userId, totpId, Map.of());
  }

  static RemoveTOTPAuthenticatorRequest remove(
      String userId, String totpId, Map<String, String> scope) {
    RemoveTOTPAuthenticatorRequest.Builder request =
        RemoveTOTPAuthenticatorRequest.newBuilder().setId(userId).setTotpId(totpId);
    instanceOf(scope).ifPresent(request::setInstance);
    organizationOf(scope).ifPresent(request::setOrganization);
    return request.build();
  }

  // REST's scope query parameters are the request's instance and organization messages over RPC
  // (CONTRACT.md §5); both spellings of a REST name map to the same field.
  private static Optional<Instance> instanceOf(Map<String, String> scope) {
    Instance.Builder instance = Instance.newBuilder();
    boolean any = false;
    for (Map.Entry<String, String> entry : scope.entrySet()) {
      switch (entry.getKey()) {
        case "instance.id" -> instance.setId(entry.getValue());
        case "instance.domain" -> instance.setDomain(entry.getValue());
        case "organization.orgId",
            "organization.org_id",
            "organization.orgDomain",
            "organization.org_domain" -> {
          continue;
        }
        default -> throw new IllegalArgumentException("no RPC field for scope " + entry.getKey());
      }
      any = true;
    }
    return any ? Optional.of(instance.build()) : Optional.empty();
  }

  private static Optional<Organization> organizationOf(Map<String, String> scope) {
    Organization.Builder organization = Organization.newBuilder();
    boolean any = false;
    for (Map.Entry<String, String> entry : scope.entrySet()) {
      switch (entry.getKey()) {
        case "organization.orgId", "organization.org_id" -> organization.setOrgId(entry.getValue());
        case "organization.orgDomain", "organization.org_domain" ->
            organization.setOrgDomain(entry.getValue());
        default -> {
          continue;
        }
      }
      any = true;
    }
    return any ? Optional.of(organization.build()) : Optional.empty();
  }
}
