package org.totpkit.mock.browser;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.totpkit.mock.testing.RawSocket;
import org.totpkit.mock.testing.Reply;

/**
 * HTTP/1.1 requests with the {@code Host} and {@code Origin} a browser would send, which the JDK's
 * client does not let a caller set: over a plain socket, one request per connection.
 */
final class HostHttp {
  private final RawSocket socket;

  HostHttp(String baseUrl) {
    this.socket = new RawSocket(baseUrl);
  }

  /**
   * @param host the Host header's value, or null to send none (then HTTP/1.0, as haproxy's check)
   * @param headers name, value, name, value...
   */
  Reply send(String method, String path, String host, String body, String... headers) {
    StringBuilder head = new StringBuilder();
    head.append(method).append(' ').append(path).append(host == null ? " HTTP/1.0" : " HTTP/1.1");
    head.append("\r\n");
    if (host != null) {
      head.append("Host: ").append(host).append("\r\n");
    }
    for (int i = 0; i < headers.length; i += 2) {
      head.append(headers[i]).append(": ").append(headers[i + 1]).append("\r\n");
    }
    byte[] content = body == null ? new byte[0] : body.getBytes(StandardCharsets.UTF_8);
    if (body != null) {
      head.append("Content-Length: ").append(content.length).append("\r\n");
    }
    head.append("Connection: close\r\n\r\n");
    byte[] start = head.toString().getBytes(StandardCharsets.ISO_8859_1);
    byte[] request = new byte[start.length + content.length];
    System.arraycopy(start, 0, request, 0, start.length);
    System.arraycopy(content, 0, request, start.length, content.length);
    RawSocket.Answer answer = socket.exchange(request, Duration.ofSeconds(20));
    if (!answer.answered()) {
      throw new AssertionError(method + " " + path + ": no answer (" + answer.problem() + ")");
    }
    return answer.reply();
  }
}
