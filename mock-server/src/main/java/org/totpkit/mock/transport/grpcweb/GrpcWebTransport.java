package org.totpkit.mock.transport.grpcweb;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.totpkit.mock.contract.ErrorTable;
import org.totpkit.mock.transport.rpc.MessageFrames;
import org.totpkit.mock.transport.rpc.RpcEndpoint;
import org.totpkit.mock.transport.rpc.RpcReply;
import org.totpkit.mock.transport.rpc.RpcStatusCodec;

/**
 * gRPC-Web (grpc/grpc {@code doc/PROTOCOL-WEB.md}) over HTTP/1.1 or HTTP/2: the gRPC message frame,
 * then the status in a trailer frame (flag {@code 0x80}) of {@code key: value\r\n} lines. {@code
 * application/grpc-web-text} is the base64 form of the same bytes, both ways.
 */
public final class GrpcWebTransport {
  public static final String PROTOCOL = "grpc-web";

  // A text body is base64: 4 characters for every 3 bytes of the largest frame, and some slack.
  private static final int MAX_TEXT_CHARS =
      (RpcEndpoint.MAX_MESSAGE_BYTES + MessageFrames.HEADER_BYTES + 2) / 3 * 4 + 1024;

  private final RpcEndpoint endpoint;

  public GrpcWebTransport(RpcEndpoint endpoint) {
    this.endpoint = endpoint;
  }

  /** Whether a request is gRPC-Web: {@code application/grpc-web[-text][+proto]}. */
  public static boolean accepts(String mediaType) {
    return mediaType.equals("application/grpc-web")
        || mediaType.equals("application/grpc-web+proto")
        || isText(mediaType);
  }

  private static boolean isText(String mediaType) {
    return mediaType.equals("application/grpc-web-text")
        || mediaType.equals("application/grpc-web-text+proto");
  }

  public void serve(HttpServletRequest request, HttpServletResponse response, String mediaType)
      throws IOException {
    boolean text = isText(mediaType);
    RpcReply reply = replyTo(request, text);
    ByteArrayOutputStream body = new ByteArrayOutputStream();
    if (reply.response() != null) {
      body.writeBytes(MessageFrames.frame(MessageFrames.MESSAGE, reply.response()));
    }
    body.writeBytes(endpoint.finish().grpcWebTrailers().apply(trailerFrame(reply)));
    byte[] bytes = body.toByteArray();
    response.setStatus(200);
    response.setContentType(
        text ? "application/grpc-web-text+proto" : "application/grpc-web+proto");
    response.getOutputStream().write(text ? Base64.getEncoder().encode(bytes) : bytes);
  }

  private byte[] trailerFrame(RpcReply reply) {
    StringBuilder lines = new StringBuilder();
    RpcStatusCodec.trailers(reply, endpoint.finish().grpcMessage())
        .forEach((name, value) -> lines.append(name).append(": ").append(value).append("\r\n"));
    // UTF-8: a correct server's lines are ASCII (grpc-message is percent-encoded) and stay so; a
    // broken one's raw message keeps its bytes rather than turning into '?'.
    return MessageFrames.frame(
        MessageFrames.TRAILERS, lines.toString().getBytes(StandardCharsets.UTF_8));
  }

  private RpcReply replyTo(HttpServletRequest request, boolean text) throws IOException {
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
    InputStream body = request.getInputStream();
    if (text) {
      byte[] decoded = decodeText(body);
      if (decoded == null) {
        return endpoint.refused(
            PROTOCOL, path, ErrorTable.unmarshallable("the body is not valid base64"));
      }
      body = new ByteArrayInputStream(decoded);
    }
    return endpoint.callFramed(
        PROTOCOL,
        path,
        known,
        body,
        request.getHeader("grpc-encoding"),
        request.getHeader("authorization"),
        request.getServerName());
  }

  /**
   * The bytes of a base64 body, which a client may send as several padded chunks; null when it is
   * not base64. Past the largest frame only the start is decoded, enough for the size check.
   */
  private static byte[] decodeText(InputStream body) throws IOException {
    byte[] chars = body.readNBytes(MAX_TEXT_CHARS);
    MessageFrames.drain(body);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    StringBuilder chunk = new StringBuilder();
    try {
      for (byte b : chars) {
        char c = (char) (b & 0xff);
        if (c == '\r' || c == '\n' || c == ' ' || c == '\t') {
          continue;
        }
        chunk.append(c);
        if (chunk.length() % 4 == 0 && c == '=') {
          out.writeBytes(Base64.getDecoder().decode(chunk.toString()));
          chunk.setLength(0);
        }
      }
      int whole = chunk.length() - chunk.length() % 4;
      out.writeBytes(Base64.getDecoder().decode(chunk.substring(0, whole)));
      if (whole < chunk.length() && chars.length < MAX_TEXT_CHARS) {
        // Unpadded base64 is fine, as long as the rest is a valid tail.
        out.writeBytes(Base64.getDecoder().decode(chunk.substring(whole)));
      }
    } catch (IllegalArgumentException notBase64) {
      return null;
    }
    return out.toByteArray();
  }
}
