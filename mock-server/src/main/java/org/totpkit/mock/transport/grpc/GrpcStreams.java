package org.totpkit.mock.transport.grpc;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpVersion;
import org.eclipse.jetty.http.MetaData;
import org.eclipse.jetty.http2.ErrorCode;
import org.eclipse.jetty.http2.IStream;
import org.eclipse.jetty.http2.api.Stream;
import org.eclipse.jetty.http2.frames.DataFrame;
import org.eclipse.jetty.http2.frames.HeadersFrame;
import org.eclipse.jetty.http2.frames.PushPromiseFrame;
import org.eclipse.jetty.http2.frames.ResetFrame;
import org.eclipse.jetty.util.Callback;
import org.totpkit.mock.contract.ErrorTable;
import org.totpkit.mock.http.ApiResponse;
import org.totpkit.mock.http.ArrivedBody;
import org.totpkit.mock.http.Json;
import org.totpkit.mock.http.Rendering;
import org.totpkit.mock.transport.RpcFilter;
import org.totpkit.mock.transport.rpc.MessageFrames;
import org.totpkit.mock.transport.rpc.RpcEndpoint;
import org.totpkit.mock.transport.rpc.RpcReply;
import org.totpkit.mock.transport.rpc.RpcStatusCodec;

/**
 * A unary gRPC call answered on Jetty's HTTP/2 stream itself, below the servlet layer: the answer's
 * HEADERS, its message and its trailers leave as one frame list (one write, no content-length), on
 * the thread that parsed the call (no hand-off to another thread). Only the plain case is taken: a
 * POST of {@code application/grpc} to one of the services' methods, with an authority, without an
 * {@code Origin} (a page's request, which the browser rules answer) and without a declared length
 * larger than a message may be. Every other request, and any server whose contract may wait (a
 * database), goes the servlet way as before ({@link GrpcTransport}); both answer the same bytes.
 *
 * <p>What the servlet path's filters give a gRPC call is kept here: the body is collected as it
 * arrives, holding no thread while it is on its way (as {@code WholeBodyFirst} does); a body that
 * stops arriving is answered after the idle time with the same 408 in the contract's shape, and the
 * stream then cancelled; at most a message's worth of a body is kept, the rest only counted, so the
 * refusals are those of {@link MessageFrames#readUnary}; a failure of the server's own is an
 * INTERNAL status, never a reset.
 */
public final class GrpcStreams {
  // The largest body whose every verdict the kept bytes decide: a frame header, the largest
  // message, and one byte more (which makes a second message).
  private static final int KEPT = MessageFrames.HEADER_BYTES + RpcEndpoint.MAX_MESSAGE_BYTES + 1;

  // As WholeBodyFirst: past this much of one body the call is answered and the rest cancelled.
  private static final long READ_AT_MOST = 64L * 1024 * 1024;

  private static final HttpFields ANSWER_HEADERS =
      HttpFields.build(1).put(HttpHeader.CONTENT_TYPE, "application/grpc").asImmutable();

  private final RpcEndpoint endpoint;

  /**
   * @param endpoint the services, as the servlet path's
   */
  public GrpcStreams(RpcEndpoint endpoint) {
    this.endpoint = endpoint;
  }

  /**
   * The listener that answers a new stream here, or null to leave it to Jetty's servlet path.
   *
   * @param frame the stream's request HEADERS
   * @param idleTimeout the connector's idle time, named in the 408 of a body that stops arriving
   */
  public Stream.Listener claim(Stream stream, HeadersFrame frame, Duration idleTimeout) {
    if (frame.isEndStream()
        || !(frame.getMetaData() instanceof MetaData.Request request)
        || !(stream instanceof IStream)
        || !"POST".equals(request.getMethod())) {
      return null;
    }
    HttpFields fields = request.getFields();
    if (!GrpcTransport.accepts(RpcFilter.mediaType(fields.get(HttpHeader.CONTENT_TYPE)))
        || fields.contains(HttpHeader.ORIGIN)) {
      return null;
    }
    long declared = request.getContentLength();
    String host = request.getURI().getHost();
    // An IPv6 literal is left to the servlet path, which names it as the servlet API does.
    if (declared > KEPT
        || host == null
        || host.isEmpty()
        || host.indexOf(':') >= 0
        || host.startsWith("[")) {
      return null;
    }
    String path = request.getURI().getPath();
    if (path == null
        || request.getURI().getQuery() != null
        || !(endpoint.resolve(path) instanceof RpcEndpoint.Known known)) {
      return null;
    }
    return new Call(
        idleTimeout,
        known,
        path,
        fields.get("grpc-encoding"),
        fields.get(HttpHeader.AUTHORIZATION),
        host);
  }

  /** One claimed stream: its body as it arrives, then its answer. */
  private final class Call implements Stream.Listener {
    private final Duration idleTimeout;
    private final RpcEndpoint.Known known;
    private final String path;
    private final String encoding;
    private final String authorization;
    private final String host;
    private final ByteArrayOutputStream kept = new ByteArrayOutputStream(64);
    private long received;
    // Set once the answer is on its way; guarded by this.
    private boolean answered;

    Call(
        Duration idleTimeout,
        RpcEndpoint.Known known,
        String path,
        String encoding,
        String authorization,
        String host) {
      this.idleTimeout = idleTimeout;
      this.known = known;
      this.path = path;
      this.encoding = encoding;
      this.authorization = authorization;
      this.host = host;
    }

    @Override
    public void onHeaders(Stream stream, HeadersFrame frame) {
      // Request trailers: a unary call has none it reads; they end the body like END_STREAM.
      if (frame.isEndStream()) {
        answer(stream, false);
      }
    }

    @Override
    public Stream.Listener onPush(Stream stream, PushPromiseFrame frame) {
      return null;
    }

    @Override
    public void onData(Stream stream, DataFrame frame, Callback callback) {
      ByteBuffer data = frame.getData();
      int n = data.remaining();
      synchronized (this) {
        int keep = (int) Math.max(0, Math.min(n, KEPT - received));
        if (keep > 0) {
          byte[] bytes = new byte[keep];
          data.get(bytes);
          kept.write(bytes, 0, keep);
        }
        received += n;
      }
      // The bytes are copied or counted: the flow-control window is given back at once.
      callback.succeeded();
      if (frame.isEndStream()) {
        answer(stream, false);
      } else if (received > READ_AT_MOST) {
        answer(stream, true);
      }
    }

    @Override
    public boolean onIdleTimeout(Stream stream, Throwable timeout) {
      synchronized (this) {
        if (answered) {
          return true;
        }
        answered = true;
      }
      // As the servlet path answers a body that stops arriving: 408 in the contract's shape,
      // then the stream whose request side never ended is cancelled.
      ApiResponse refusal =
          Rendering.error(ErrorTable.requestIncomplete(idleTimeout)).withStatus(408);
      HttpFields.Mutable headers = HttpFields.build();
      headers.put(HttpHeader.CONTENT_TYPE, "application/json");
      refusal.headers().forEach(headers::put);
      byte[] json = Json.write(refusal.body()).getBytes(StandardCharsets.UTF_8);
      headers.put(HttpHeader.CONTENT_LENGTH, Integer.toString(json.length));
      MetaData.Response response =
          new MetaData.Response(HttpVersion.HTTP_2, refusal.status(), headers, json.length);
      ((IStream) stream)
          .send(
              new IStream.FrameList(
                  new HeadersFrame(stream.getId(), response, null, false),
                  new DataFrame(stream.getId(), ByteBuffer.wrap(json), true),
                  null),
              cancelAfter(stream));
      return false;
    }

    @Override
    public void onReset(Stream stream, ResetFrame frame) {
      synchronized (this) {
        // The client gave up: nobody to answer.
        answered = true;
      }
    }

    @Override
    public void onFailure(
        Stream stream, int error, String reason, Throwable failure, Callback callback) {
      synchronized (this) {
        answered = true;
      }
      callback.succeeded();
    }

    private void answer(Stream stream, boolean unread) {
      byte[] body;
      long countedOnly;
      synchronized (this) {
        if (answered) {
          return;
        }
        answered = true;
        body = kept.toByteArray();
        countedOnly = received - body.length;
      }
      RpcReply reply;
      try {
        reply =
            endpoint.callFramed(
                GrpcTransport.PROTOCOL,
                path,
                known,
                new ArrivedBody(body, countedOnly),
                encoding,
                authorization,
                host);
      } catch (IOException | RuntimeException bug) {
        endpoint.log().failure(bug instanceof RuntimeException r ? r : new RuntimeException(bug));
        reply = endpoint.refused(GrpcTransport.PROTOCOL, path, ErrorTable.internal());
      }
      int id = stream.getId();
      MetaData.Response response = new MetaData.Response(HttpVersion.HTTP_2, 200, ANSWER_HEADERS);
      DataFrame message =
          reply.response() == null
              ? null
              : new DataFrame(
                  id,
                  ByteBuffer.wrap(MessageFrames.frame(MessageFrames.MESSAGE, reply.response())),
                  false);
      Map<String, String> trailers =
          RpcStatusCodec.trailers(reply, endpoint.finish().grpcMessage());
      HttpFields.Mutable trailerFields = HttpFields.build(trailers.size());
      trailers.forEach(trailerFields::put);
      ((IStream) stream)
          .send(
              new IStream.FrameList(
                  new HeadersFrame(id, response, null, false),
                  message,
                  new HeadersFrame(
                      id, new MetaData(HttpVersion.HTTP_2, trailerFields), null, true)),
              unread ? cancelAfter(stream) : Callback.NOOP);
    }
  }

  // The request side never ended (or its rest is not read): once the answer is out, the stream is
  // cancelled, as Jetty cancels a servlet stream completed with its request unread.
  private static Callback cancelAfter(Stream stream) {
    Runnable cancel =
        () ->
            stream.reset(
                new ResetFrame(stream.getId(), ErrorCode.CANCEL_STREAM_ERROR.code), Callback.NOOP);
    return Callback.from(cancel, failure -> cancel.run());
  }
}
