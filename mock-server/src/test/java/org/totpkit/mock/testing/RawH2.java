package org.totpkit.mock.testing;

import java.io.ByteArrayOutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpURI;
import org.eclipse.jetty.http.HttpVersion;
import org.eclipse.jetty.http.MetaData;
import org.eclipse.jetty.http2.ErrorCode;
import org.eclipse.jetty.http2.api.Session;
import org.eclipse.jetty.http2.api.Stream;
import org.eclipse.jetty.http2.client.HTTP2Client;
import org.eclipse.jetty.http2.frames.DataFrame;
import org.eclipse.jetty.http2.frames.GoAwayFrame;
import org.eclipse.jetty.http2.frames.HeadersFrame;
import org.eclipse.jetty.http2.frames.ResetFrame;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.FuturePromise;

/**
 * HTTP/2 cleartext (prior knowledge) with full control of the frames: one HEADERS frame with the
 * given pseudo-headers and fields, the given DATA frames, and either END_STREAM on the last frame
 * or none and then a RST_STREAM from the client. Records what the server sent: response headers,
 * DATA bytes, trailers, and any RST_STREAM or GOAWAY. One connection per exchange, so that a
 * connection-level failure is blamed on the request that caused it.
 */
public final class RawH2 implements AutoCloseable {
  /** How the client ends its side of the stream. */
  public enum Ending {
    /** END_STREAM on the last DATA frame (on HEADERS when there is none). */
    END_STREAM,
    /** Never END_STREAM: after the frames, a pause, then RST_STREAM(CANCEL) from the client. */
    CLIENT_RESET
  }

  /** A request as frames; {@code headers} are name and value pairs, in order, repeats allowed. */
  public record Request(
      String method, String path, List<String[]> headers, List<byte[]> data, Ending ending) {}

  /**
   * What came back.
   *
   * @param status the {@code :status}, 0 when no response headers came
   * @param complete the server ended the stream (END_STREAM on headers, data or trailers)
   * @param serverReset the error code of a RST_STREAM from the server, or -1
   * @param goAway a GOAWAY from the server with an error, or null
   */
  public record Answer(
      int status,
      Map<String, List<String>> headers,
      byte[] body,
      Map<String, List<String>> trailers,
      boolean complete,
      int serverReset,
      String goAway,
      Duration took,
      String problem) {
    public String header(String name) {
      List<String> values = headers.get(name);
      return values == null ? null : values.get(0);
    }

    public String trailer(String name) {
      List<String> values = trailers.get(name);
      return values == null ? null : values.get(0);
    }
  }

  private final HTTP2Client client = new HTTP2Client();
  private final String host;
  private final int port;

  public RawH2(String baseUrl) {
    URI base = URI.create(baseUrl);
    this.host = base.getHost();
    this.port = base.getPort();
    try {
      client.start();
    } catch (Exception e) {
      throw new IllegalStateException("cannot start the HTTP/2 client", e);
    }
  }

  public String authority() {
    return host + ":" + port;
  }

  public Answer exchange(Request request, Duration patience) {
    long started = System.nanoTime();
    Recorder recorder = new Recorder();
    String problem = null;
    Session session = null;
    try {
      FuturePromise<Session> connected = new FuturePromise<>();
      client.connect(new InetSocketAddress(host, port), recorder.session, connected);
      session = connected.get(patience.toMillis(), TimeUnit.MILLISECONDS);
      HttpFields.Mutable fields = HttpFields.build();
      for (String[] header : request.headers()) {
        fields.add(header[0], header[1]);
      }
      MetaData.Request meta =
          new MetaData.Request(
              request.method(),
              HttpURI.build().scheme("http").host(host).port(port).pathQuery(request.path()),
              HttpVersion.HTTP_2,
              fields);
      boolean endOnHeaders = request.data().isEmpty() && request.ending() == Ending.END_STREAM;
      FuturePromise<Stream> opened = new FuturePromise<>();
      session.newStream(new HeadersFrame(meta, null, endOnHeaders), opened, recorder);
      Stream stream = opened.get(patience.toMillis(), TimeUnit.MILLISECONDS);
      for (int i = 0; i < request.data().size() && !recorder.done(); i++) {
        boolean last = i == request.data().size() - 1 && request.ending() == Ending.END_STREAM;
        Callback.Completable sent = new Callback.Completable();
        stream.data(
            new DataFrame(stream.getId(), ByteBuffer.wrap(request.data().get(i)), last), sent);
        try {
          sent.get(patience.toMillis(), TimeUnit.MILLISECONDS);
        } catch (java.util.concurrent.ExecutionException refusedEarly) {
          // The server answered and closed its side before taking all: the answer is recorded.
          break;
        }
      }
      if (request.ending() == Ending.CLIENT_RESET) {
        // Long enough for a server that answers a half-sent call to show it; then give up.
        recorder.finished.await(30, TimeUnit.MILLISECONDS);
        if (!recorder.done()) {
          stream.reset(
              new ResetFrame(stream.getId(), ErrorCode.CANCEL_STREAM_ERROR.code), Callback.NOOP);
          // A moment for a wrong answer to a cancelled call (a reset back, a GOAWAY) to arrive.
          recorder.finished.await(20, TimeUnit.MILLISECONDS);
        }
      } else if (!recorder.finished.await(patience.toMillis(), TimeUnit.MILLISECONDS)) {
        problem = "no end of stream within " + patience.toMillis() + " ms";
      }
    } catch (java.util.concurrent.TimeoutException e) {
      problem = "no progress within " + patience.toMillis() + " ms";
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      problem = "interrupted";
    } catch (Exception e) {
      problem = "HTTP/2 exchange failed: " + e;
    } finally {
      if (session != null) {
        session.close(ErrorCode.NO_ERROR.code, null, Callback.NOOP);
      }
    }
    Duration took = Duration.ofNanos(System.nanoTime() - started);
    synchronized (recorder) {
      return new Answer(
          recorder.status,
          recorder.headers,
          recorder.body.toByteArray(),
          recorder.trailers,
          recorder.complete,
          recorder.reset,
          recorder.goAway,
          took,
          problem);
    }
  }

  @Override
  public void close() {
    try {
      client.stop();
    } catch (Exception ignored) {
      // Only the test's own client; nothing to recover.
    }
  }

  private static Map<String, List<String>> fieldsOf(MetaData meta) {
    Map<String, List<String>> out = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
    meta.getFields()
        .forEach(f -> out.computeIfAbsent(f.getName(), k -> new ArrayList<>()).add(f.getValue()));
    return out;
  }

  /** Collects one stream's events (Jetty calls it from its own threads). */
  private static final class Recorder extends Stream.Listener.Adapter {
    final CountDownLatch finished = new CountDownLatch(1);
    final ByteArrayOutputStream body = new ByteArrayOutputStream();
    int status;
    Map<String, List<String>> headers = Map.of();
    Map<String, List<String>> trailers = Map.of();
    boolean complete;
    int reset = -1;
    String goAway;

    final Session.Listener session =
        new Session.Listener.Adapter() {
          @Override
          public void onGoAway(Session session, GoAwayFrame frame) {
            if (frame.getError() != ErrorCode.NO_ERROR.code) {
              synchronized (Recorder.this) {
                goAway = frame.toString();
              }
              finished.countDown();
            }
          }

          @Override
          public void onFailure(Session session, Throwable failure) {
            finished.countDown();
          }
        };

    boolean done() {
      return finished.getCount() == 0;
    }

    @Override
    public void onHeaders(Stream stream, HeadersFrame frame) {
      synchronized (this) {
        if (frame.getMetaData() instanceof MetaData.Response response && status == 0) {
          status = response.getStatus();
          headers = fieldsOf(response);
        } else {
          trailers = fieldsOf(frame.getMetaData());
        }
        complete |= frame.isEndStream();
      }
      if (frame.isEndStream()) {
        finished.countDown();
      }
    }

    @Override
    public void onData(Stream stream, DataFrame frame, Callback callback) {
      synchronized (this) {
        ByteBuffer data = frame.getData();
        byte[] bytes = new byte[data.remaining()];
        data.get(bytes);
        body.writeBytes(bytes);
        complete |= frame.isEndStream();
      }
      callback.succeeded();
      if (frame.isEndStream()) {
        finished.countDown();
      }
    }

    @Override
    public void onReset(Stream stream, ResetFrame frame) {
      synchronized (this) {
        reset = frame.getError();
      }
      finished.countDown();
    }

    @Override
    public void onFailure(
        Stream stream, int error, String reason, Throwable failure, Callback callback) {
      finished.countDown();
      callback.succeeded();
    }
  }
}
