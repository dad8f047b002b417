package org.totpkit.mock.http;

import jakarta.servlet.AsyncContext;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.IntSupplier;
import org.eclipse.jetty.http.HttpVersion;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.handler.HandlerWrapper;
import org.totpkit.mock.contract.ErrorTable;

/**
 * Every request reaches WireMock, the RPC transports and the hooks only once its whole body has
 * arrived. Those read bodies with blocking reads, each on a thread of a small pool: a client that
 * sends {@code Content-Length: 100} and three bytes, or an HTTP/2 stream whose message never comes,
 * would hold a thread until it gave up, and a few dozen such clients would stop the server. Here
 * the body is read with the Servlet API's non-blocking reads ({@link ReadListener}): while it has
 * not all arrived, the request holds no thread, only its connection and the bytes received so far.
 * Once it has, the request is dispatched as if it had just come in, with the body served from
 * memory.
 *
 * <p>A body that stops arriving ends after the idle time (the connector's, {@code --idle-timeout})
 * with 408 in the contract's error shape; a body whose framing breaks (a bad chunk, a connection
 * closed mid-body) with 400, as before. Both close the connection.
 *
 * <p>Memory is bounded: at most {@code keptBytes} of a body are kept, more than any route reads
 * before it only counts or drains the rest. Past that, the bytes are read and counted but not kept,
 * and served as zeros to the code that counts them (a Connect call reports the size of an oversized
 * message; gRPC drains it so that the stream ends normally). A declared {@code Content-Length}
 * above {@link #DRAIN_LIMIT} is not read past the kept part at all: the answer goes out with the
 * declared length counted, and the connection closes.
 */
final class WholeBodyFirst extends HandlerWrapper {
  /**
   * The most of one body read at all; a larger body's rest is left unread and its connection
   * closed.
   */
  static final long DRAIN_LIMIT = 64L * 1024 * 1024;

  /** At least this much of a body is kept: more than any RPC transport reads before counting. */
  static final int KEPT_AT_LEAST = 256 * 1024;

  private static final String ARRIVED = WholeBodyFirst.class.getName() + ".arrived";

  private final IntSupplier keptBytes;
  private final Duration idleTimeout;

  /**
   * @param keptBytes how much of a body is kept in memory (read per request: the server's fields
   *     are set after Jetty builds its handlers)
   * @param idleTimeout the connector's idle time, named in the 408's message
   */
  WholeBodyFirst(IntSupplier keptBytes, Duration idleTimeout) {
    this.keptBytes = keptBytes;
    this.idleTimeout = idleTimeout;
  }

  @Override
  public void handle(
      String target, Request base, HttpServletRequest request, HttpServletResponse response)
      throws IOException, ServletException {
    if (base.getDispatcherType() == DispatcherType.ASYNC
        && base.getAttribute(ARRIVED) instanceof Arrived arrived) {
      base.removeAttribute(ARRIVED);
      // The filters and servlets behind are mapped to requests: this is the request, now whole.
      base.setDispatcherType(DispatcherType.REQUEST);
      super.handle(target, base, new WithArrivedBody(request, arrived), response);
      return;
    }
    if (base.getDispatcherType() != DispatcherType.REQUEST || !mayHaveBody(base)) {
      super.handle(target, base, request, response);
      return;
    }
    Arrived already;
    try {
      already = arrivedWhole(request, base);
    } catch (IOException brokenFraming) {
      RequestGate.refuseBrokenFraming(response);
      return;
    }
    if (already != null) {
      super.handle(target, base, new WithArrivedBody(request, already), response);
      return;
    }
    AsyncContext async = request.startAsync();
    // No deadline of its own: the idle time ends a body that stops arriving.
    async.setTimeout(0);
    ServletInputStream in = request.getInputStream();
    long declared = request.getContentLengthLong();
    int kept = keptBytes.getAsInt();
    long stopAt = declared > DRAIN_LIMIT ? kept : DRAIN_LIMIT;
    in.setReadListener(new Collector(base, async, in, kept, stopAt, declared));
  }

  /**
   * A small body that Jetty already holds whole (it came in the same packets as the head, as nearly
   * every API call's does), read now without blocking: no asynchronous round and re-dispatch for a
   * body that is not on its way. Null when any of it is still to come.
   */
  private Arrived arrivedWhole(HttpServletRequest request, Request base) throws IOException {
    long declared = base.getContentLengthLong();
    if (declared <= 0 || declared > keptBytes.getAsInt()) {
      return null;
    }
    ServletInputStream in = request.getInputStream();
    if (in.available() < declared) {
      return null;
    }
    byte[] body = new byte[(int) declared];
    int read = 0;
    while (read < body.length) {
      int n = in.read(body, read, body.length - read);
      if (n < 0) {
        // Jetty reported the bytes as there; a body cut short is the framing's fault.
        throw new IOException("request body ended before its declared length");
      }
      read += n;
    }
    return new Arrived(body, 0);
  }

  private static boolean mayHaveBody(Request base) {
    long length = base.getContentLengthLong();
    if (length >= 0) {
      return length > 0;
    }
    // HTTP/2: the stream may carry DATA frames whatever its headers say.
    return base.getHttpVersion() == HttpVersion.HTTP_2
        || base.getHeader("Transfer-Encoding") != null;
  }

  /** A body as it arrived: the kept bytes, then {@code countedOnly} bytes served as zeros. */
  private record Arrived(byte[] kept, long countedOnly) {}

  /** Reads a body without blocking, then dispatches the request or answers why it cannot. */
  private final class Collector implements ReadListener {
    private final Request base;
    private final AsyncContext async;
    private final ServletInputStream in;
    private final int kept;
    private final long stopAt;
    private final long declared;
    private final ByteArrayOutputStream body = new ByteArrayOutputStream();
    private final byte[] buffer = new byte[8192];
    private final AtomicBoolean done = new AtomicBoolean();
    private long received;

    Collector(
        Request base,
        AsyncContext async,
        ServletInputStream in,
        int kept,
        long stopAt,
        long declared) {
      this.base = base;
      this.async = async;
      this.in = in;
      this.kept = kept;
      this.stopAt = stopAt;
      this.declared = declared;
    }

    @Override
    public void onDataAvailable() throws IOException {
      while (!done.get() && in.isReady() && !in.isFinished()) {
        int n = in.read(buffer);
        if (n <= 0) {
          continue;
        }
        int keep = (int) Math.max(0, Math.min(n, kept - received));
        body.write(buffer, 0, keep);
        received += n;
        if (received >= stopAt && (declared < 0 || received < declared)) {
          // Read no further: the rest is counted as declared, and the connection closes.
          dispatch(Math.max(0, declared - received), true);
          return;
        }
      }
    }

    @Override
    public void onAllDataRead() {
      dispatch(0, false);
    }

    @Override
    public void onError(Throwable failure) {
      if (!done.compareAndSet(false, true)) {
        return;
      }
      HttpServletResponse response = (HttpServletResponse) async.getResponse();
      try {
        if (!response.isCommitted()) {
          if (isTimeout(failure)) {
            refuse(
                Rendering.error(ErrorTable.requestIncomplete(idleTimeout)).withStatus(408),
                response);
          } else {
            refuse(
                Rendering.error(ErrorTable.undecodable("request body framing is malformed")),
                response);
          }
        }
      } catch (IOException | RuntimeException gone) {
        // The client is gone: nobody to answer.
      } finally {
        async.complete();
      }
    }

    private void dispatch(long rest, boolean unread) {
      if (!done.compareAndSet(false, true)) {
        return;
      }
      long countedOnly = Math.max(0, received - kept) + rest;
      base.setAttribute(ARRIVED, new Arrived(body.toByteArray(), countedOnly));
      if (unread && base.getHttpVersion() != HttpVersion.HTTP_2) {
        ((HttpServletResponse) async.getResponse()).setHeader("Connection", "close");
      }
      async.dispatch();
    }

    private void refuse(ApiResponse answer, HttpServletResponse response) throws IOException {
      if (base.getHttpVersion() != HttpVersion.HTTP_2) {
        // The rest of the body is not read, so the connection cannot carry another request.
        response.setHeader("Connection", "close");
      }
      response.setStatus(answer.status());
      response.setContentType("application/json");
      answer.headers().forEach(response::setHeader);
      byte[] json = Json.write(answer.body()).getBytes(StandardCharsets.UTF_8);
      response.setContentLength(json.length);
      response.getOutputStream().write(json);
    }
  }

  private static boolean isTimeout(Throwable failure) {
    for (Throwable t = failure; t != null; t = t.getCause()) {
      if (t instanceof TimeoutException) {
        return true;
      }
    }
    return false;
  }

  /** The request with its body served from what arrived: one stream, as a container serves it. */
  private static final class WithArrivedBody extends HttpServletRequestWrapper {
    private final ArrivedBody body;

    WithArrivedBody(HttpServletRequest request, Arrived arrived) {
      super(request);
      this.body = new ArrivedBody(arrived.kept(), arrived.countedOnly());
    }

    @Override
    public ServletInputStream getInputStream() {
      return body;
    }

    @Override
    public BufferedReader getReader() {
      // Every body the server reads is UTF-8 JSON, whatever the headers claim (see RequestGate).
      return new BufferedReader(new InputStreamReader(body, StandardCharsets.UTF_8));
    }
  }
}
