package org.totpkit.mock.transport.rpc;

import com.google.protobuf.Message;
import com.google.protobuf.Timestamp;
import java.time.Instant;
import java.util.List;
import org.totpkit.contract.proto.zitadel.object.v3alpha.Instance;
import org.totpkit.contract.proto.zitadel.object.v3alpha.Organization;
import org.totpkit.contract.proto.zitadel.object.v3alpha.Owner;
import org.totpkit.contract.proto.zitadel.object.v3alpha.OwnerType;
import org.totpkit.contract.proto.zitadel.resources.object.v3alpha.Details;
import org.totpkit.contract.proto.zitadel.resources.user.v3alpha.RemoveTOTPAuthenticatorRequest;
import org.totpkit.contract.proto.zitadel.resources.user.v3alpha.RemoveTOTPAuthenticatorResponse;
import org.totpkit.contract.proto.zitadel.resources.user.v3alpha.StartTOTPRegistrationRequest;
import org.totpkit.contract.proto.zitadel.resources.user.v3alpha.StartTOTPRegistrationResponse;
import org.totpkit.contract.proto.zitadel.resources.user.v3alpha.VerifyTOTPRegistrationRequest;
import org.totpkit.contract.proto.zitadel.resources.user.v3alpha.VerifyTOTPRegistrationResponse;
import org.totpkit.mock.contract.Answer;
import org.totpkit.mock.contract.ContractCall;
import org.totpkit.mock.contract.Operation;
import org.totpkit.mock.contract.TotpContract;
import org.totpkit.mock.totp.Scope;

/**
 * The v3alpha dialect ({@code zitadel.resources.user.v3alpha.ZITADELUsers}) on the RPC transports:
 * its generated request messages as {@link ContractCall}s, the {@link TotpContract}'s answers as
 * its generated response messages.
 */
public final class V3alphaService implements RpcService {
  private static final List<RpcMethod> METHODS =
      List.of(
          method(Operation.START, StartTOTPRegistrationRequest.getDefaultInstance()),
          method(Operation.VERIFY, VerifyTOTPRegistrationRequest.getDefaultInstance()),
          method(Operation.REMOVE, RemoveTOTPAuthenticatorRequest.getDefaultInstance()));

  private final TotpContract contract;

  public V3alphaService(TotpContract contract) {
    this.contract = contract;
  }

  private static RpcMethod method(Operation operation, Message request) {
    return new RpcMethod(Operation.SERVICE, operation.rpcName, request);
  }

  /** The method of {@code operation}. */
  public static RpcMethod methodOf(Operation operation) {
    return METHODS.get(operation.ordinal());
  }

  @Override
  public String name() {
    return Operation.SERVICE;
  }

  @Override
  public List<RpcMethod> methods() {
    return METHODS;
  }

  @Override
  public RpcReply answer(
      RpcMethod method, Message request, String authorization, String authority) {
    Operation operation = Operation.byRpcName(method.name());
    Answer answer = contract.answer(callOf(operation, request, authorization, authority));
    return answer instanceof Answer.Done done
        ? RpcReply.ok(responseOf(done))
        : RpcReply.failed(((Answer.Refused) answer).error());
  }

  private static ContractCall callOf(
      Operation operation, Message request, String authorization, String authority) {
    return switch (operation) {
      case START -> {
        StartTOTPRegistrationRequest start = (StartTOTPRegistrationRequest) request;
        yield new ContractCall(
            operation,
            authorization,
            start.getId(),
            null,
            null,
            scope(start.getInstance(), start.getOrganization(), authority));
      }
      case VERIFY -> {
        VerifyTOTPRegistrationRequest verify = (VerifyTOTPRegistrationRequest) request;
        yield new ContractCall(
            operation,
            authorization,
            verify.getId(),
            verify.getTotpId(),
            verify.getCode(),
            scope(verify.getInstance(), verify.getOrganization(), authority));
      }
      case REMOVE -> {
        RemoveTOTPAuthenticatorRequest remove = (RemoveTOTPAuthenticatorRequest) request;
        yield new ContractCall(
            operation,
            authorization,
            remove.getId(),
            remove.getTotpId(),
            null,
            scope(remove.getInstance(), remove.getOrganization(), authority));
      }
    };
  }

  // A oneof set to the empty string counts as not given, as an empty query parameter on REST.
  private static Scope scope(Instance instance, Organization organization, String authority) {
    return new Scope(
        given(instance.hasId() ? instance.getId() : null),
        given(instance.hasDomain() ? instance.getDomain() : null),
        given(organization.hasOrgId() ? organization.getOrgId() : null),
        given(organization.hasOrgDomain() ? organization.getOrgDomain() : null),
        authority);
  }

  private static String given(String value) {
    return value == null || value.isEmpty() ? null : value;
  }

  private static Message responseOf(Answer.Done done) {
    Details details = detailsOf(done.details());
    return switch (done.operation()) {
      case START ->
          StartTOTPRegistrationResponse.newBuilder()
              .setDetails(details)
              .setTotpId(done.registration().totpId())
              .setUri(done.registration().uri())
              .setSecret(done.registration().secretBase32())
              .build();
      case VERIFY -> VerifyTOTPRegistrationResponse.newBuilder().setDetails(details).build();
      case REMOVE -> RemoveTOTPAuthenticatorResponse.newBuilder().setDetails(details).build();
    };
  }

  private static Details detailsOf(Answer.Details details) {
    return Details.newBuilder()
        .setId(details.id())
        .setCreated(timestamp(details.created()))
        .setChanged(timestamp(details.changed()))
        .setOwner(Owner.newBuilder().setType(OwnerType.OWNER_TYPE_ORG).setId(details.ownerOrgId()))
        .build();
  }

  static Timestamp timestamp(Instant instant) {
    return Timestamp.newBuilder()
        .setSeconds(instant.getEpochSecond())
        .setNanos(instant.getNano())
        .build();
  }
}
