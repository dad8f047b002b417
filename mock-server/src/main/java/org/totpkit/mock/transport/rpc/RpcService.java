package org.totpkit.mock.transport.rpc;

import com.google.protobuf.Message;
import java.util.List;

/**
 * A dialect's service as the RPC transports serve it: its methods (from the generated messages) and
 * how a decoded request message becomes the dialect's contract call and its answer a response
 * message. gRPC, gRPC-Web and Connect only frame; a new dialect is a new implementation of this.
 */
public interface RpcService {
  /** The full service name, for example {@code zitadel.user.v2.UserService}. */
  String name();

  List<RpcMethod> methods();

  /**
   * Runs one decoded request through the dialect's contract.
   *
   * @param authorization the {@code authorization} metadata, null when absent
   * @param authority the host of {@code :authority} (or {@code Host})
   */
  RpcReply answer(RpcMethod method, Message request, String authorization, String authority);
}
