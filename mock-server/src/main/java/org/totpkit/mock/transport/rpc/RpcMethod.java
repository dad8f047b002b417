package org.totpkit.mock.transport.rpc;

import com.google.protobuf.Message;

/**
 * One unary RPC a dialect serves: its service, its name and its request message, taken from the
 * generated code. The transports decode and frame by it; the dialect answers it.
 *
 * @param path {@code /<service>/<method>}, the path gRPC, gRPC-Web and Connect post to; made once,
 *     as every call logs it and a refusal names it
 */
public record RpcMethod(String service, String name, Message requestPrototype, String path) {
  /** The method at {@code /<service>/<name>}. */
  public RpcMethod(String service, String name, Message requestPrototype) {
    this(service, name, requestPrototype, "/" + service + "/" + name);
  }

  /** An empty builder of the request message. */
  public Message.Builder newRequest() {
    return requestPrototype.newBuilderForType();
  }
}
