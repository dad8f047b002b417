package org.totpkit.mock.transport.rpc;

import com.google.protobuf.Message;

/**
 * One unary RPC a dialect serves: its service, its name and its request message, taken from the
 * generated code. The transports decode and frame by it; the dialect answers it.
 */
public record RpcMethod(String service, String name, Message requestPrototype) {
  /** {@code /<service>/<method>}, the path gRPC, gRPC-Web and Connect post to. */
  public String path() {
    return "/" + service + "/" + name;
  }

  /** An empty builder of the request message. */
  public Message.Builder newRequest() {
    return requestPrototype.newBuilderForType();
  }
}
