package org.totpkit.kit.driver.rpc;

import com.google.protobuf.Message;
import io.grpc.MethodDescriptor;
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
import org.totpkit.contract.proto.zitadel.user.v2.RegisterTOTPRequest;
import org.totpkit.contract.proto.zitadel.user.v2.RegisterTOTPResponse;
import org.totpkit.contract.proto.zitadel.user.v2.RemoveTOTPRequest;
import org.totpkit.contract.proto.zitadel.user.v2.RemoveTOTPResponse;
import org.totpkit.contract.proto.zitadel.user.v2.UserServiceGrpc;
import org.totpkit.kit.driver.ContractValidation;
import org.totpkit.kit.target.Dialect;

/**
 * The contract's three RPCs in each dialect (contract/v3alpha.md §5, and the v2 user service):
 * method names, the descriptors and messages the generated code has for them, and the REST
 * operation whose OpenAPI schema their JSON form must also match.
 */
enum RpcCall {
  START(
      ZITADELUsersGrpc.getStartTOTPRegistrationMethod(),
      StartTOTPRegistrationResponse.getDefaultInstance(),
      "POST",
      "/resources/v3alpha/users/1/totp"),
  VERIFY(
      ZITADELUsersGrpc.getVerifyTOTPRegistrationMethod(),
      VerifyTOTPRegistrationResponse.getDefaultInstance(),
      "POST",
      "/resources/v3alpha/users/1/totp/1/_verify"),
  REMOVE(
      ZITADELUsersGrpc.getRemoveTOTPAuthenticatorMethod(),
      RemoveTOTPAuthenticatorResponse.getDefaultInstance(),
      "DELETE",
      "/resources/v3alpha/users/1/totp/1"),
  V2_REGISTER(
      UserServiceGrpc.getRegisterTOTPMethod(),
      RegisterTOTPResponse.getDefaultInstance(),
      "POST",
      "/v2/users/1/totp"),
  V2_VERIFY(
      UserServiceGrpc.getVerifyTOTPRegistrationMethod(),
      org.totpkit.contract.proto.zitadel.user.v2.VerifyTOTPRegistrationResponse
          .getDefaultInstance(),
      "POST",
      "/v2/users/1/totp/verify"),
  V2_REMOVE(
      UserServiceGrpc.getRemoveTOTPMethod(),
      RemoveTOTPResponse.getDefaultInstance(),
      "DELETE",
      "/v2/users/1/totp");

  static final String SERVICE = ZITADELUsersGrpc.SERVICE_NAME;

  /** A service the contract does not have, in the contract's package. */
  static final String UNKNOWN_SERVICE = "zitadel.resources.user.v3alpha.KitNoSuchService";

  /** A method the service does not have. */
  static final String UNKNOWN_METHOD = "KitNoSuchMethod";

  private final MethodDescriptor<?, ?> descriptor;
  private final Message responsePrototype;
  private final String restMethod;
  private final String restPath;

  RpcCall(
      MethodDescriptor<?, ?> descriptor,
      Message responsePrototype,
      String restMethod,
      String restPath) {
    this.descriptor = descriptor;
    this.responsePrototype = responsePrototype;
    this.restMethod = restMethod;
    this.restPath = restPath;
  }

  /** The dialect's three calls: start (v2: register), verify, remove. */
  static RpcCall start(Dialect dialect) {
    return dialect == Dialect.V2 ? V2_REGISTER : START;
  }

  static RpcCall verify(Dialect dialect) {
    return dialect == Dialect.V2 ? V2_VERIFY : VERIFY;
  }

  static RpcCall remove(Dialect dialect) {
    return dialect == Dialect.V2 ? V2_REMOVE : REMOVE;
  }

  /** The service of the dialect, e.g. {@code zitadel.user.v2.UserService}. */
  static String service(Dialect dialect) {
    return dialect == Dialect.V2 ? UserServiceGrpc.SERVICE_NAME : SERVICE;
  }

  /** A service the dialect does not have, in the dialect's package. */
  static String unknownService(Dialect dialect) {
    return dialect == Dialect.V2 ? "zitadel.user.v2.KitNoSuchService" : UNKNOWN_SERVICE;
  }

  /** The generated method descriptor: what a generated stub calls. */
  @SuppressWarnings("unchecked")
  MethodDescriptor<Message, Message> descriptor() {
    return (MethodDescriptor<Message, Message>) descriptor;
  }

  /** The OpenAPI document the JSON form of this call's answers must match. */
  String document() {
    return name().startsWith("V2_")
        ? ContractValidation.V2_DOCUMENT
        : ContractValidation.PRODUCT_DOCUMENT;
  }

  /** The operation's name in reports, as on REST. */
  String operation() {
    return method();
  }

  String method() {
    return descriptor.getBareMethodName();
  }

  /** {@code /<service>/<Method>}, e.g. {@code /zitadel.user.v2.UserService/RegisterTOTP}. */
  String path() {
    return "/" + descriptor.getFullMethodName();
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

  /** v2's requests name the user only: a user has one TOTP. */
  static RegisterTOTPRequest register(String userId) {
    return RegisterTOTPRequest.newBuilder().setUserId(userId).build();
  }

  static org.totpkit.contract.proto.zitadel.user.v2.VerifyTOTPRegistrationRequest verifyV2(
      String userId, String code) {
    return org.totpkit.contract.proto.zitadel.user.v2.VerifyTOTPRegistrationRequest.newBuilder()
        .setUserId(userId)
        .setCode(code)
        .build();
  }

  static RemoveTOTPRequest removeV2(String userId) {
    return RemoveTOTPRequest.newBuilder().setUserId(userId).build();
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
  // (contract/v3alpha.md §5); both spellings of a REST name map to the same field.
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
