package org.totpkit.mock.transport.rpc;

import java.util.function.UnaryOperator;

/**
 * The last step before an RPC answer is written, the RPC sibling of REST's response rewrite: the
 * identity on a correct server, a seam for deliberately broken ones (proving the kit).
 *
 * @param reply applied to every RPC reply, on every RPC transport
 * @param grpcWebTrailers applied to the bytes of the gRPC-Web trailer frame (flag, length and
 *     {@code key: value\r\n} lines)
 * @param grpcMessage how a status message becomes the value of {@code grpc-message} on gRPC and
 *     gRPC-Web: gRPC's percent-encoding ({@link RpcStatusCodec#percentEncode}) on a correct server
 */
public record RpcFinish(
    UnaryOperator<RpcReply> reply,
    UnaryOperator<byte[]> grpcWebTrailers,
    UnaryOperator<String> grpcMessage) {
  public static final RpcFinish NONE =
      new RpcFinish(UnaryOperator.identity(), UnaryOperator.identity());

  public RpcFinish(UnaryOperator<RpcReply> reply, UnaryOperator<byte[]> grpcWebTrailers) {
    this(reply, grpcWebTrailers, RpcStatusCodec.PERCENT_ENCODING);
  }
}
