package org.totpkit.kit.driver.rpc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.totpkit.kit.driver.Caller;
import org.totpkit.kit.driver.ContractViolation;

/**
 * The gRPC-Web and Connect calls over HTTP/1.1 against a raw socket server: a kept-alive connection
 * that the server closes as the next request arrives (the race of an idle timeout, which HTTP
 * allows) is not a failure of the server, while a server that hangs up on the request itself still
 * is.
 */
class HttpCallsReconnectTest {
  private static final byte[] ANSWER =
      ("HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: 2\r\n\r\n{}")
          .getBytes(StandardCharsets.US_ASCII);

  private final AtomicInteger connections = new AtomicInteger();
  private final AtomicInteger requests = new AtomicInteger();
  private ServerSocket server;

  @AfterEach
  void stop() throws IOException {
    if (server != null) {
      server.close();
    }
  }

  @Test
  void aKeptAliveConnectionClosedAsTheNextRequestArrivesIsSentAgainOnAFreshOne() {
    // Each connection answers its first request and hangs up on its second, as a server does whose
    // idle timeout ends the connection just as the client reuses it.
    String url = serve(1);
    HttpCalls calls = new HttpCalls(url);

    assertThat(post(calls).statusCode()).isEqualTo(200);
    assertThat(post(calls).statusCode()).as("the second call, after one hang-up").isEqualTo(200);

    assertThat(requests.get()).as("requests the server read").isEqualTo(3);
    assertThat(connections.get()).as("connections the client opened").isEqualTo(2);
  }

  @Test
  void aServerThatHangsUpOnTheRequestItselfIsStillReported() {
    String url = serve(0);
    HttpCalls calls = new HttpCalls(url);

    assertThatThrownBy(() -> post(calls))
        .isInstanceOf(ContractViolation.class)
        .hasMessageStartingWith("VerifyTOTPRegistration got no answer");
    assertThat(requests.get()).as("the request and one more, no further").isEqualTo(2);
  }

  @Test
  void onlyTheJdksMarkOfNoAnswerByteCountsAsAClosedIdleConnection() {
    assertThat(HttpCalls.closedBeforeAnyAnswerByte(new IOException("Connection reset"))).isFalse();
    assertThat(HttpCalls.closedBeforeAnyAnswerByte(new java.io.EOFException("EOF reached")))
        .as("an answer cut off after its first bytes")
        .isFalse();
    assertThat(
            HttpCalls.closedBeforeAnyAnswerByte(
                new IOException("x", new ConnectionExpiredException())))
        .isTrue();
  }

  /** A stand-in with the JDK's internal class's simple name. */
  private static final class ConnectionExpiredException extends IOException {}

  private static java.net.http.HttpResponse<byte[]> post(HttpCalls calls) {
    return calls.post(
        "VerifyTOTPRegistration",
        "/svc/Verify",
        Caller.anonymous(),
        "{}".getBytes(StandardCharsets.UTF_8),
        "content-type",
        "application/json");
  }

  /** Serves each connection: answers {@code answered} requests, then hangs up on the next. */
  private String serve(int answered) {
    try {
      server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
    Thread acceptor =
        new Thread(
            () -> {
              while (!server.isClosed()) {
                try (Socket connection = server.accept()) {
                  connections.incrementAndGet();
                  InputStream in = connection.getInputStream();
                  OutputStream out = connection.getOutputStream();
                  for (int i = 0; ; i++) {
                    if (!readRequest(in)) {
                      break;
                    }
                    requests.incrementAndGet();
                    if (i >= answered) {
                      break; // closes without a byte of an answer
                    }
                    out.write(ANSWER);
                    out.flush();
                  }
                } catch (IOException e) {
                  // the server socket closed at the end of the test, or the client went away
                }
              }
            },
            "raw-http");
    acceptor.setDaemon(true);
    acceptor.start();
    return "http://127.0.0.1:" + server.getLocalPort();
  }

  /** Reads one request (head and a body of declared length); false at the end of the stream. */
  private static boolean readRequest(InputStream in) throws IOException {
    ByteArrayOutputStream head = new ByteArrayOutputStream();
    int matched = 0;
    while (matched < 4) {
      int b = in.read();
      if (b < 0) {
        return false;
      }
      head.write(b);
      matched = (b == (matched % 2 == 0 ? '\r' : '\n')) ? matched + 1 : (b == '\r' ? 1 : 0);
    }
    int length = 0;
    for (String line : head.toString(StandardCharsets.US_ASCII).split("\r\n")) {
      if (line.toLowerCase(Locale.ROOT).startsWith("content-length:")) {
        length = Integer.parseInt(line.substring("content-length:".length()).trim());
      }
    }
    return in.readNBytes(length).length == length;
  }
}
