package org.totpkit.mock.transport.grpc;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Map;
import org.totpkit.mock.contract.ErrorTable;
import org.totpkit.mock.transport.rpc.MessageFrames;
import org.totpkit.mock.transport.rpc.RpcEndpoint;
import org.totpkit.mock.transport.rpc.RpcReply;
import org.totpkit.mock.transport.rpc.RpcStatusCodec;

/**
 * gRPC over HTTP/2 (h2c on the server's port): HTTP 200, the response in one message frame, and the
 * status in real HTTP/2 trailers ({@code grpc-status}, {@code grpc-message}, {@code
 * grpc-status-details-bin}). On a server in memory a plain unary call is answered on its HTTP/2
 * stream instead ({@link GrpcStreams}, the same bytes in one write); this serves every other one.
 */
public final class GrpcTransport {
  public static final String PROTOCOL = "grpc";

  private final RpcEndpoint endpoint;

  public GrpcTransport(RpcEndpoint endpoint) {
    this.endpoint = endpoint;
  }

  /** Whether a request is gRPC: {@code application/grpc} or {@code application/grpc+proto}. */
  public static boolean accepts(String mediaType) {
    return mediaType.equals("application/grpc") || mediaType.equals("application/grpc+proto");
  }

  /**
   * Answers one call. The headers (and the message, if any) are flushed before the request
   * completes, so that the status follows in trailers on a stream with no content-length: Jetty 11,
   * completing a response it holds whole, gives it a content-length (0 for an error), and a client
   * or proxy that trusts it stops there and drops the trailers: curl lost a success's grpc-status,
   * and haproxy every error's (GrpcAnswerFramingHttpTest, ReplicasKitIT).
   */
  public void serve(HttpServletRequest request, HttpServletResponse response) throws IOException {
    RpcReply reply = replyTo(request);
    response.setStatus(200);
    response.setContentType("application/grpc");
    Map<String, String> trailers = RpcStatusCodec.trailers(reply, endpoint.finish().grpcMessage());
    response.setTrailerFields(() -> trailers);
    if (reply.response() != null) {
      response
          .getOutputStream()
          .write(MessageFrames.frame(MessageFrames.MESSAGE, reply.response()));
    }
    response.flushBuffer();
  }

  private RpcReply replyTo(HttpServletRequest request) throws IOException {
    String path = request.getRequestURI();
    if (!request.getMethod().equals("POST")) {
      // Every RPC is a POST; any other method is refused as REST's row 2 is, never served.
      MessageFrames.drain(request.getInputStream());
      return endpoint.refused(PROTOCOL, path, ErrorTable.wrongMethod());
    }
    RpcEndpoint.Resolved resolved = endpoint.resolve(path);
    if (resolved instanceof RpcEndpoint.Unknown unknown) {
      MessageFrames.drain(request.getInputStream());
      return endpoint.refused(PROTOCOL, path, unknown.error());
    }
    RpcEndpoint.Known known = (RpcEndpoint.Known) resolved;
    return endpoint.callFramed(
        PROTOCOL,
        path,
        known,
        request.getInputStream(),
        request.getHeader("grpc-encoding"),
        request.getHeader("authorization"),
        request.getServerName());
  }
}
