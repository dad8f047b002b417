package org.totpkit.kit.driver;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A raw HTTP/1.1 server on a loopback socket for the drivers' tests: every connection answers its
 * first {@code answered} requests with one fixed answer and hangs up on the next without a byte of
 * an answer (as a server whose idle timeout ends a kept-alive connection just as the client reuses
 * it). It records every request as it arrived and counts the connections.
 */
public final class RawHttpServer implements AutoCloseable {
  /** One request as the server read it: its request line, its headers by lower-case name. */
  public record Arrived(String requestLine, Map<String, List<String>> headers, String body) {}

  private final ServerSocket server;
  private final List<Arrived> arrived = new CopyOnWriteArrayList<>();
  private final AtomicInteger connections = new AtomicInteger();

  private RawHttpServer(byte[] answer, int answered) {
    try {
      server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    Thread acceptor = new Thread(() -> acceptAll(answer, answered), "raw-http");
    acceptor.setDaemon(true);
    acceptor.start();
  }

  /** Serves each connection: answers {@code answered} requests, then hangs up on the next. */
  public static RawHttpServer serving(byte[] answer, int answered) {
    return new RawHttpServer(answer, answered);
  }

  /** An answer with a status, a content type and a body of declared length. */
  public static byte[] answer(int status, String contentType, String body) {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    return ("HTTP/1.1 "
            + status
            + " X\r\nContent-Type: "
            + contentType
            + "\r\nContent-Length: "
            + bytes.length
            + "\r\n\r\n"
            + body)
        .getBytes(StandardCharsets.UTF_8);
  }

  public String root() {
    return "http://127.0.0.1:" + server.getLocalPort();
  }

  /** The requests read so far, in order. */
  public List<Arrived> arrived() {
    return arrived;
  }

  /** The connections accepted so far. */
  public int connections() {
    return connections.get();
  }

  @Override
  public void close() throws IOException {
    server.close();
  }

  private void acceptAll(byte[] answer, int answered) {
    while (!server.isClosed()) {
      try (Socket connection = server.accept()) {
        connections.incrementAndGet();
        InputStream in = connection.getInputStream();
        OutputStream out = connection.getOutputStream();
        for (int i = 0; ; i++) {
          Arrived request = read(in);
          if (request == null) {
            break;
          }
          arrived.add(request);
          if (i >= answered) {
            break; // closes without a byte of an answer
          }
          out.write(answer);
          out.flush();
        }
      } catch (IOException e) {
        // the server socket closed at the end of the test, or the client went away
      }
    }
  }

  /** One request (head and a body of declared length), or null at the end of the stream. */
  private static Arrived read(InputStream in) throws IOException {
    ByteArrayOutputStream head = new ByteArrayOutputStream();
    int matched = 0;
    while (matched < 4) {
      int b = in.read();
      if (b < 0) {
        return null;
      }
      head.write(b);
      matched = (b == (matched % 2 == 0 ? '\r' : '\n')) ? matched + 1 : (b == '\r' ? 1 : 0);
    }
    String[] lines = head.toString(StandardCharsets.ISO_8859_1).split("\r\n");
    Map<String, List<String>> headers = new LinkedHashMap<>();
    for (int i = 1; i < lines.length; i++) {
      int colon = lines[i].indexOf(':');
      headers
          .computeIfAbsent(
              lines[i].substring(0, colon).toLowerCase(Locale.ROOT), name -> new ArrayList<>())
          .add(lines[i].substring(colon + 1).strip());
    }
    int length =
        Integer.parseInt(headers.getOrDefault("content-length", List.of("0")).get(0).strip());
    byte[] body = in.readNBytes(length);
    if (body.length < length) {
      return null;
    }
    return new Arrived(lines[0], headers, new String(body, StandardCharsets.UTF_8));
  }
}
