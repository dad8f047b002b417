package org.totpkit.mock.transport.rpc;

import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Message;
import com.google.protobuf.Timestamp;
import java.io.IOException;
import java.io.InputStream;
import java.time.Instant;
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
import org.totpkit.mock.contract.ContractError;
import org.totpkit.mock.contract.ErrorTable;
import org.totpkit.mock.contract.Operation;
import org.totpkit.mock.contract.TotpContract;
import org.totpkit.mock.http.RequestLog;
import org.totpkit.mock.totp.Scope;

/**
 * The service behind gRPC, gRPC-Web and Connect: which RPC a path names, the request messages as
 * contract calls, and the contract's answers as response messages. The transports only frame.
 */
public final class RpcEndpoint {
  /** The largest request message, after decompression (CONTRACT.md section 5). */
  public static final int MAX_MESSAGE_BYTES = 64 * 1024;

  private final TotpContract contract;
  private final RpcFinish finish;
  private final RpcDecoding decoding;
  private final RequestLog log;

  public RpcEndpoint(TotpContract contract, RpcFinish finish, RequestLog log) {
    this(contract, finish, RpcDecoding.CONTRACT, log);
  }

  public RpcEndpoint(
      TotpContract contract, RpcFinish finish, RpcDecoding decoding, RequestLog log) {
    this.contract = contract;
    this.finish = finish;
    this.decoding = decoding;
    this.log = log;
  }

  /** How this endpoint decodes request messages. */
  public RpcDecoding decoding() {
    return decoding;
  }

  /** The RPC a path names, or the row that refuses it. */
  public sealed interface Resolved {}

  public record Known(Operation operation) implements Resolved {}

  public record Unknown(ContractError error) implements Resolved {}

  /** {@code /<service>/<method>}: an unknown service or method is code 12, in grpc-go's words. */
  public static Resolved resolve(String path) {
    String name = path.startsWith("/") ? path.substring(1) : path;
    int slash = name.lastIndexOf('/');
    String service = slash < 0 ? name : name.substring(0, slash);
    if (!service.equals(Operation.SERVICE)) {
      return new Unknown(ErrorTable.unknownService(service));
    }
    Operation operation = Operation.byRpcName(name.substring(slash + 1));
    return operation == null
        ? new Unknown(ErrorTable.unknownMethod(name.substring(slash + 1)))
        : new Known(operation);
  }

  /** An empty builder of the operation's request message (for the JSON codec). */
  public static Message.Builder requestBuilder(Operation operation) {
    return switch (operation) {
      case START -> StartTOTPRegistrationRequest.newBuilder();
      case VERIFY -> VerifyTOTPRegistrationRequest.newBuilder();
      case REMOVE -> RemoveTOTPAuthenticatorRequest.newBuilder();
    };
  }

  /** The binary request message; unknown fields are kept apart and ignored. */
  public static Message parse(Operation operation, byte[] bytes)
      throws InvalidProtocolBufferException {
    return RpcDecoding.CONTRACT.binary(operation, bytes);
  }

  /**
   * Runs one decoded request through the contract.
   *
   * @param protocol for the log line only
   * @param authorization the {@code authorization} metadata, null when absent
   * @param authority the host of {@code :authority} (or {@code Host}), for {@code instance.domain}
   */
  public RpcReply call(
      String protocol,
      Operation operation,
      Message request,
      String authorization,
      String authority) {
    RpcReply reply;
    try {
      Answer answer = contract.answer(callOf(operation, request, authorization, authority));
      reply =
          answer instanceof Answer.Done done
              ? RpcReply.ok(responseOf(done))
              : RpcReply.failed(((Answer.Refused) answer).error());
    } catch (RuntimeException bug) {
      log.failure(bug);
      reply = RpcReply.failed(ErrorTable.internal());
    }
    return finished(protocol, operation.rpcPath(), reply);
  }

  /**
   * A framed unary request (gRPC and gRPC-Web share the framing): reads its one message, decodes
   * it, and calls the contract; a refused frame or undecodable message is an RPC-only row.
   */
  public RpcReply callFramed(
      String protocol,
      String path,
      Known known,
      InputStream body,
      String encoding,
      String authorization,
      String host)
      throws IOException {
    MessageFrames.Read read = MessageFrames.readUnary(body, encoding);
    if (read instanceof MessageFrames.Refused refused) {
      return refused(protocol, path, refused.error());
    }
    Message message;
    try {
      message = decoding.binary(known.operation(), ((MessageFrames.Message) read).bytes());
    } catch (InvalidProtocolBufferException e) {
      return refused(
          protocol, path, ErrorTable.unmarshallable("the message is not valid protobuf"));
    }
    return call(protocol, known.operation(), message, authorization, host);
  }

  /** A reply that never reached the contract (an RPC-only row), finished and logged the same. */
  public RpcReply refused(String protocol, String path, ContractError error) {
    return finished(protocol, path, RpcReply.failed(error));
  }

  private RpcReply finished(String protocol, String path, RpcReply reply) {
    RpcReply finished = finish.reply().apply(reply);
    // The gRPC status number, never a message or metadata.
    int grpcStatus = finished.code().value;
    log.rpc(protocol, path, grpcStatus);
    return finished;
  }

  public RpcFinish finish() {
    return finish;
  }

  public RequestLog log() {
    return log;
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

  private static Timestamp timestamp(Instant instant) {
    return Timestamp.newBuilder()
        .setSeconds(instant.getEpochSecond())
        .setNanos(instant.getNano())
        .build();
  }
}
