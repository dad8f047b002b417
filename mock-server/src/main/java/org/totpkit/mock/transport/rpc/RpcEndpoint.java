package org.totpkit.mock.transport.rpc;

import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Message;
import java.io.IOException;
import java.io.InputStream;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.totpkit.mock.contract.ContractError;
import org.totpkit.mock.contract.ErrorTable;
import org.totpkit.mock.http.RequestLog;

/**
 * The services behind gRPC, gRPC-Web and Connect, one per dialect: which RPC a path names, and each
 * dialect's {@link RpcService} to answer it. The transports only frame.
 */
public final class RpcEndpoint {
  /** The largest request message, after decompression (contract/v3alpha.md section 5). */
  public static final int MAX_MESSAGE_BYTES = 64 * 1024;

  private final Map<String, RpcService> services = new LinkedHashMap<>();
  // Every method by its full path, resolved once: a call's path is one lookup, not a parse.
  private final Map<String, Known> known = new HashMap<>();
  private final RpcFinish finish;
  private final RpcDecoding decoding;
  private final RequestLog log;

  public RpcEndpoint(
      List<RpcService> services, RpcFinish finish, RpcDecoding decoding, RequestLog log) {
    for (RpcService service : services) {
      this.services.put(service.name(), service);
      for (RpcMethod method : service.methods()) {
        known.put(method.path(), new Known(service, method));
      }
    }
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

  public record Known(RpcService service, RpcMethod method) implements Resolved {}

  public record Unknown(ContractError error) implements Resolved {}

  /**
   * The RPC a path names exactly, or null: what a transport that only claims its own calls asks of
   * every request (most are REST's), without building the refusal {@link #resolve} would.
   */
  public Known known(String path) {
    return known.get(path);
  }

  /** {@code /<service>/<method>}: an unknown service or method is code 12, in grpc-go's words. */
  public Resolved resolve(String path) {
    Known exact = known.get(path);
    if (exact != null) {
      return exact;
    }
    String name = path.startsWith("/") ? path.substring(1) : path;
    int slash = name.lastIndexOf('/');
    String serviceName = slash < 0 ? name : name.substring(0, slash);
    RpcService service = services.get(serviceName);
    if (service == null) {
      return new Unknown(ErrorTable.unknownService(serviceName));
    }
    String methodName = name.substring(slash + 1);
    for (RpcMethod method : service.methods()) {
      if (method.name().equals(methodName)) {
        return new Known(service, method);
      }
    }
    return new Unknown(ErrorTable.unknownMethod(methodName, serviceName));
  }

  /**
   * Runs one decoded request through the contract.
   *
   * @param protocol for the log line only
   * @param authorization the {@code authorization} metadata, null when absent
   * @param authority the host of {@code :authority} (or {@code Host}), for {@code instance.domain}
   */
  public RpcReply call(
      String protocol, Known known, Message request, String authorization, String authority) {
    RpcReply reply;
    try {
      reply = known.service().answer(known.method(), request, authorization, authority);
    } catch (RuntimeException bug) {
      log.failure(bug);
      reply = RpcReply.failed(ErrorTable.internal());
    }
    return finished(protocol, known.method().path(), reply);
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
      message = decoding.binary(known.method(), ((MessageFrames.Message) read).bytes());
    } catch (InvalidProtocolBufferException e) {
      return refused(
          protocol, path, ErrorTable.unmarshallable("the message is not valid protobuf"));
    }
    return call(protocol, known, message, authorization, host);
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
}
