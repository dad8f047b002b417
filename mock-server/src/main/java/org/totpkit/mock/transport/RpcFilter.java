package org.totpkit.mock.transport;

import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.time.Duration;
import java.util.Locale;
import org.eclipse.jetty.http2.api.Stream;
import org.eclipse.jetty.http2.frames.HeadersFrame;
import org.eclipse.jetty.server.Request;
import org.totpkit.mock.http.RequestClaims;
import org.totpkit.mock.http.RequestGate;
import org.totpkit.mock.http.StreamClaims;
import org.totpkit.mock.transport.connect.ConnectTransport;
import org.totpkit.mock.transport.grpc.GrpcStreams;
import org.totpkit.mock.transport.grpc.GrpcTransport;
import org.totpkit.mock.transport.grpcweb.GrpcWebTransport;
import org.totpkit.mock.transport.rpc.RpcEndpoint;

/**
 * The router on the server's one port, as upstream's: HTTP/2 {@code application/grpc*} to gRPC,
 * {@code application/grpc-web*} to gRPC-Web, a JSON or protobuf POST to one of the service's
 * methods to Connect; everything else goes on to REST and the hooks. It runs before the request
 * gate, which rewrites what REST reads.
 */
public final class RpcFilter implements Filter, StreamClaims, RequestClaims {
  private final GrpcTransport grpc;
  // Unary gRPC answered on the HTTP/2 stream, below the servlet layer; null: the servlet way only.
  private final GrpcStreams streams;
  private final GrpcWebTransport grpcWeb;
  private final ConnectTransport connect;

  public RpcFilter(RpcEndpoint endpoint) {
    this(endpoint, false);
  }

  /**
   * @param onStreams whether unary gRPC calls may be answered on the HTTP/2 stream, on the thread
   *     that parsed them ({@link GrpcStreams}): only when no call can wait (the contract in memory)
   */
  public RpcFilter(RpcEndpoint endpoint, boolean onStreams) {
    this.grpc = new GrpcTransport(endpoint);
    this.grpcWeb = new GrpcWebTransport(endpoint);
    this.connect = new ConnectTransport(endpoint);
    this.streams = onStreams ? new GrpcStreams(endpoint) : null;
  }

  @Override
  public Stream.Listener claim(Stream stream, HeadersFrame frame, Duration idleTimeout) {
    return streams == null ? null : streams.claim(stream, frame, idleTimeout);
  }

  /**
   * A plain Connect call, answered before WireMock's handlers ({@link ConnectTransport#answered}).
   */
  @Override
  public boolean answered(Request base, HttpServletRequest request, HttpServletResponse response)
      throws IOException {
    return connect.answered(base, request, response);
  }

  @Override
  public void doFilter(ServletRequest request, ServletResponse response, FilterChain chain)
      throws IOException, ServletException {
    HttpServletRequest http = (HttpServletRequest) request;
    HttpServletResponse out = (HttpServletResponse) response;
    String mediaType = mediaType(http.getContentType());
    try {
      // Upstream's router too: gRPC only over HTTP/2; an HTTP/1.1 "application/grpc" is REST.
      if (GrpcTransport.accepts(mediaType) && http.getProtocol().equals("HTTP/2.0")) {
        grpc.serve(http, out);
      } else if (GrpcWebTransport.accepts(mediaType)) {
        grpcWeb.serve(http, out, mediaType);
      } else {
        RpcEndpoint.Known call = connect.claim(http.getMethod(), http.getRequestURI(), mediaType);
        if (call == null) {
          chain.doFilter(request, response);
          return;
        }
        connect.serve(http, out, call, mediaType);
      }
    } catch (IOException brokenFraming) {
      // An RPC over HTTP/1.1 with a bad chunk size or a body cut short fails while its body is
      // read, before anything is written: answered as REST answers it, never a 500.
      if (out.isCommitted()) {
        throw brokenFraming;
      }
      RequestGate.refuseBrokenFraming(out);
    }
  }

  /** The media type without parameters (charset), lower case; "" for none. */
  public static String mediaType(String contentType) {
    if (contentType == null) {
      return "";
    }
    int semicolon = contentType.indexOf(';');
    return (semicolon < 0 ? contentType : contentType.substring(0, semicolon))
        .trim()
        .toLowerCase(Locale.ROOT);
  }
}
