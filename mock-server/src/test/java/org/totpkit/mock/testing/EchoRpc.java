package org.totpkit.mock.testing;

import com.google.protobuf.Message;
import com.google.protobuf.StringValue;
import java.util.List;
import org.totpkit.mock.http.RequestLog;
import org.totpkit.mock.transport.rpc.RpcDecoding;
import org.totpkit.mock.transport.rpc.RpcEndpoint;
import org.totpkit.mock.transport.rpc.RpcFinish;
import org.totpkit.mock.transport.rpc.RpcMethod;
import org.totpkit.mock.transport.rpc.RpcReply;
import org.totpkit.mock.transport.rpc.RpcService;

/**
 * An RPC endpoint of one service, {@code test.Echo}, with one method, {@code Say}, that echoes a
 * string through the contract's own decoding: for tests of which calls a transport claims.
 */
public final class EchoRpc {
  public static final String PATH = "/test.Echo/Say";

  private EchoRpc() {}

  public static RpcEndpoint endpoint() {
    RpcMethod say = new RpcMethod("test.Echo", "Say", StringValue.getDefaultInstance());
    RpcService echo =
        new RpcService() {
          @Override
          public String name() {
            return "test.Echo";
          }

          @Override
          public List<RpcMethod> methods() {
            return List.of(say);
          }

          @Override
          public RpcReply answer(
              RpcMethod method, Message request, String authorization, String authority) {
            return RpcReply.ok(StringValue.of("echo: " + ((StringValue) request).getValue()));
          }
        };
    return new RpcEndpoint(
        List.of(echo), RpcFinish.NONE, RpcDecoding.CONTRACT, RequestLog.silent());
  }
}
