package org.totpkit.mock.transport.rpc;

import com.google.protobuf.Message;
import java.util.List;
import org.totpkit.contract.proto.zitadel.object.v2.Details;
import org.totpkit.contract.proto.zitadel.user.v2.RegisterTOTPRequest;
import org.totpkit.contract.proto.zitadel.user.v2.RegisterTOTPResponse;
import org.totpkit.contract.proto.zitadel.user.v2.RemoveTOTPRequest;
import org.totpkit.contract.proto.zitadel.user.v2.RemoveTOTPResponse;
import org.totpkit.contract.proto.zitadel.user.v2.VerifyTOTPRegistrationRequest;
import org.totpkit.contract.proto.zitadel.user.v2.VerifyTOTPRegistrationResponse;
import org.totpkit.mock.contract.v2.V2Answer;
import org.totpkit.mock.contract.v2.V2Call;
import org.totpkit.mock.contract.v2.V2Checks;
import org.totpkit.mock.contract.v2.V2Contract;
import org.totpkit.mock.contract.v2.V2Operation;

/**
 * The v2 dialect ({@code zitadel.user.v2.UserService}) on the RPC transports: its generated request
 * messages as {@link V2Call}s, the {@link V2Contract}'s answers as its generated response messages.
 */
public final class V2Service implements RpcService {
  private static final List<RpcMethod> METHODS =
      List.of(
          method(V2Operation.REGISTER, RegisterTOTPRequest.getDefaultInstance()),
          method(V2Operation.VERIFY, VerifyTOTPRegistrationRequest.getDefaultInstance()),
          method(V2Operation.REMOVE, RemoveTOTPRequest.getDefaultInstance()));

  private final V2Checks contract;

  public V2Service(V2Checks contract) {
    this.contract = contract;
  }

  private static RpcMethod method(V2Operation operation, Message request) {
    return new RpcMethod(V2Operation.SERVICE, operation.rpcName, request);
  }

  /** The method of {@code operation}. */
  public static RpcMethod methodOf(V2Operation operation) {
    return METHODS.get(operation.ordinal());
  }

  @Override
  public String name() {
    return V2Operation.SERVICE;
  }

  @Override
  public List<RpcMethod> methods() {
    return METHODS;
  }

  @Override
  public RpcReply answer(
      RpcMethod method, Message request, String authorization, String authority) {
    V2Call call;
    if (request instanceof RegisterTOTPRequest register) {
      call = new V2Call(V2Operation.REGISTER, authorization, register.getUserId(), null);
    } else if (request instanceof VerifyTOTPRegistrationRequest verify) {
      call = new V2Call(V2Operation.VERIFY, authorization, verify.getUserId(), verify.getCode());
    } else if (request instanceof RemoveTOTPRequest remove) {
      call = new V2Call(V2Operation.REMOVE, authorization, remove.getUserId(), null);
    } else {
      throw new IllegalArgumentException("not a v2 request: " + method.path());
    }
    V2Answer answer = contract.answer(call);
    return answer instanceof V2Answer.Done done
        ? RpcReply.ok(responseOf(done))
        : RpcReply.failed(((V2Answer.Refused) answer).error());
  }

  private static Message responseOf(V2Answer.Done done) {
    // creation_date is left unset: protojson omits it, as upstream's answers do.
    Details details =
        Details.newBuilder()
            .setSequence(done.details().sequence())
            .setChangeDate(V3alphaService.timestamp(done.details().changeDate()))
            .setResourceOwner(done.details().resourceOwner())
            .build();
    return switch (done.operation()) {
      case REGISTER ->
          RegisterTOTPResponse.newBuilder()
              .setDetails(details)
              .setUri(done.totp().uri())
              .setSecret(done.totp().secretBase32())
              .build();
      case VERIFY -> VerifyTOTPRegistrationResponse.newBuilder().setDetails(details).build();
      case REMOVE -> RemoveTOTPResponse.newBuilder().setDetails(details).build();
    };
  }
}
