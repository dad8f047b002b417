package org.totpkit.mock.testing;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Sends bytes exactly as given, framing included, over a fresh connection, and reads what comes
 * back until the server closes it. For requests no HTTP client would send: broken chunk sizes, two
 * lengths, raw control characters.
 */
public final class RawSocket {
  /**
   * What came back: a parsed answer (status 0 when none could be read), how long it took, and the
   * bytes as received.
   */
  public record Answer(
      Reply reply, boolean closed, Duration took, String problem, byte[] received) {
    public boolean answered() {
      return reply.status() > 0;
    }

    /** The first response's body as bytes (de-chunked), for binary bodies such as gRPC-Web. */
    public byte[] bodyBytes() {
      String text = new String(received, StandardCharsets.ISO_8859_1);
      int end = text.indexOf("\r\n\r\n");
      if (end < 0) {
        return new byte[0];
      }
      String rest = text.substring(end + 4);
      String body =
          reply.header("Transfer-Encoding").orElse("").contains("chunked")
              ? dechunk(rest)
              : reply
                  .header("Content-Length")
                  .map(n -> rest.substring(0, Math.min(rest.length(), Integer.parseInt(n))))
                  .orElse(rest);
      return body.getBytes(StandardCharsets.ISO_8859_1);
    }
  }

  private final String host;
  private final int port;

  public RawSocket(String baseUrl) {
    URI base = URI.create(baseUrl);
    this.host = base.getHost();
    this.port = base.getPort();
  }

  public String hostHeader() {
    return host + ":" + port;
  }

  /**
   * Writes {@code request} (from its own thread, so that a server refusing a huge body early is
   * still heard), half-closes, and reads until end of stream or {@code patience} runs out.
   */
  public Answer exchange(byte[] request, Duration patience) {
    long started = System.nanoTime();
    ByteArrayOutputStream received = new ByteArrayOutputStream();
    String problem = null;
    boolean closed = false;
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress(host, port), (int) patience.toMillis());
      socket.setSoTimeout((int) patience.toMillis());
      Thread writer = new Thread(() -> writeAll(socket, request), "raw-socket-writer");
      writer.setDaemon(true);
      writer.start();
      InputStream in = socket.getInputStream();
      byte[] buffer = new byte[16 * 1024];
      try {
        for (int n; (n = in.read(buffer)) >= 0; ) {
          received.write(buffer, 0, n);
        }
        closed = true;
      } catch (SocketTimeoutException e) {
        problem = "no end of stream within " + patience.toMillis() + " ms";
      } catch (IOException e) {
        // A reset after the answer is how a server drops a body it will not read.
        closed = true;
        if (received.size() == 0) {
          problem = "connection failed before any answer: " + e.getMessage();
        }
      }
      writer.join(patience.toMillis());
    } catch (IOException e) {
      problem = "cannot connect: " + e.getMessage();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      problem = "interrupted";
    }
    Duration took = Duration.ofNanos(System.nanoTime() - started);
    byte[] bytes = received.toByteArray();
    return new Answer(parse(bytes), closed, took, problem, bytes);
  }

  /**
   * Opens a connection and writes {@code start} without ending the request or closing its side: a
   * client that stalls mid-request. The connection stays open until {@link Held#close}.
   */
  public Held hold(byte[] start) throws IOException {
    Socket socket = new Socket();
    try {
      socket.connect(new InetSocketAddress(host, port), 10_000);
      OutputStream out = socket.getOutputStream();
      out.write(start);
      out.flush();
    } catch (IOException e) {
      socket.close();
      throw e;
    }
    return new Held(socket, System.nanoTime());
  }

  /** A connection a client keeps open mid-request (see {@link #hold}). */
  public static final class Held implements AutoCloseable {
    private final Socket socket;
    private final long openedAt;

    private Held(Socket socket, long openedAt) {
      this.socket = socket;
      this.openedAt = openedAt;
    }

    /** Whether nothing has come back yet: no answer, no close (a read finds nothing to read). */
    public boolean quiet() throws IOException {
      socket.setSoTimeout(1);
      try {
        return socket.getInputStream().read() == -2;
      } catch (SocketTimeoutException nothingYet) {
        return true;
      } catch (IOException reset) {
        return false;
      }
    }

    /** Sends more of the request. */
    public void send(byte[] more) throws IOException {
      socket.getOutputStream().write(more);
      socket.getOutputStream().flush();
    }

    /**
     * Reads until the server closes the connection or {@code patience} runs out; {@code took} is
     * counted from when the connection was opened.
     */
    public Answer answer(Duration patience) {
      ByteArrayOutputStream received = new ByteArrayOutputStream();
      String problem = null;
      boolean closed = false;
      try {
        socket.setSoTimeout((int) Math.max(1, patience.toMillis()));
        InputStream in = socket.getInputStream();
        byte[] buffer = new byte[16 * 1024];
        for (int n; (n = in.read(buffer)) >= 0; ) {
          received.write(buffer, 0, n);
        }
        closed = true;
      } catch (SocketTimeoutException e) {
        problem = "no end of stream within " + patience.toMillis() + " ms";
      } catch (IOException e) {
        closed = true;
      }
      byte[] bytes = received.toByteArray();
      Duration took = Duration.ofNanos(System.nanoTime() - openedAt);
      return new Answer(parse(bytes), closed, took, problem, bytes);
    }

    @Override
    public void close() throws IOException {
      socket.close();
    }
  }

  private static void writeAll(Socket socket, byte[] request) {
    try {
      OutputStream out = socket.getOutputStream();
      out.write(request);
      out.flush();
      socket.shutdownOutput();
    } catch (IOException refusedEarly) {
      // The server answered and closed before taking everything: the reader has its answer.
    }
  }

  /** The first response in {@code bytes}; status 0 when there is none. */
  static Reply parse(byte[] bytes) {
    String text = new String(bytes, StandardCharsets.ISO_8859_1);
    int end = text.indexOf("\r\n\r\n");
    if (end < 0 || !text.startsWith("HTTP/1.1 ")) {
      return new Reply(0, Map.of(), text);
    }
    String[] lines = text.substring(0, end).split("\r\n");
    int status;
    try {
      status = Integer.parseInt(lines[0].split(" ")[1]);
    } catch (RuntimeException e) {
      return new Reply(0, Map.of(), text);
    }
    Map<String, List<String>> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
    for (int i = 1; i < lines.length; i++) {
      int colon = lines[i].indexOf(':');
      if (colon > 0) {
        headers
            .computeIfAbsent(lines[i].substring(0, colon).trim(), k -> new ArrayList<>())
            .add(lines[i].substring(colon + 1).trim());
      }
    }
    String rest = text.substring(end + 4);
    String body;
    List<String> length = headers.get("Content-Length");
    if (headers.getOrDefault("Transfer-Encoding", List.of()).contains("chunked")) {
      body = dechunk(rest);
    } else if (length != null) {
      body = rest.substring(0, Math.min(rest.length(), Integer.parseInt(length.get(0))));
    } else {
      body = rest;
    }
    byte[] raw = body.getBytes(StandardCharsets.ISO_8859_1);
    return new Reply(status, headers, new String(raw, StandardCharsets.UTF_8));
  }

  private static String dechunk(String chunked) {
    StringBuilder out = new StringBuilder();
    int at = 0;
    while (true) {
      int lineEnd = chunked.indexOf("\r\n", at);
      if (lineEnd < 0) {
        return out.toString();
      }
      int size = Integer.parseInt(chunked.substring(at, lineEnd).split(";")[0].trim(), 16);
      if (size == 0 || lineEnd + 2 + size > chunked.length()) {
        return out.toString();
      }
      out.append(chunked, lineEnd + 2, lineEnd + 2 + size);
      at = lineEnd + 2 + size + 2;
    }
  }
}
