package org.totpkit.kit.driver.rpc;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.totpkit.kit.driver.Caller;
import org.totpkit.kit.driver.ContractViolation;

/**
 * POSTs for the protocols that travel as plain HTTP requests (gRPC-Web, Connect), with the JDK's
 * client: HTTP/1.1 over {@code http://} (as a browser reaches a development server), HTTP/2 by ALPN
 * over {@code https://}. The REST driver sends through {@link #send} too, for its resend rule.
 */
public final class HttpCalls {
  /** How long a connection or an answer may take before it counts as none. */
  public static final Duration TIMEOUT = Duration.ofSeconds(30);

  private final String root;
  private final HttpClient client;

  HttpCalls(String endpoint) {
    this.root = endpoint;
    boolean tls = URI.create(endpoint).getScheme().equals("https");
    this.client =
        HttpClient.newBuilder()
            .version(tls ? HttpClient.Version.HTTP_2 : HttpClient.Version.HTTP_1_1)
            .connectTimeout(TIMEOUT)
            .followRedirects(HttpClient.Redirect.NEVER)
            .build();
  }

  /**
   * One POST to {@code path} under the endpoint.
   *
   * @param headers name, value, name, value…
   */
  HttpResponse<byte[]> post(
      String operation, String path, Caller caller, byte[] body, String... headers) {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create(root + path))
            .timeout(TIMEOUT)
            .POST(HttpRequest.BodyPublishers.ofByteArray(body));
    for (int i = 0; i < headers.length; i += 2) {
      request.header(headers[i], headers[i + 1]);
    }
    caller.authorization().ifPresent(value -> request.header("Authorization", value));
    return send(client, request.build(), operation);
  }

  /**
   * Sends one request and reads its whole answer, once more on a fresh connection when a kept-alive
   * one closed before any byte of an answer.
   *
   * @throws ContractViolation when no answer came (a reset or a hang-up)
   */
  public static HttpResponse<byte[]> send(
      HttpClient client, HttpRequest request, String operation) {
    try {
      try {
        return client.send(request, HttpResponse.BodyHandlers.ofByteArray());
      } catch (IOException e) {
        if (!closedBeforeAnyAnswerByte(e)) {
          throw e;
        }
        // The connection closed before a single byte of an answer: on a kept-alive connection that
        // is the server (or its proxy) ending an idle connection just as this request went out,
        // which HTTP allows. Once more, on a fresh connection (the pool dropped the closed one); a
        // server that hangs up on the request itself hangs up again, and that is reported below.
        return client.send(request, HttpResponse.BodyHandlers.ofByteArray());
      }
    } catch (IOException e) {
      // A reset or a hang-up is not an answer: the contract allows neither.
      throw new ContractViolation(
          operation + " got no answer: " + e.getClass().getSimpleName() + " " + e.getMessage());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while calling " + operation, e);
    }
  }

  /**
   * Whether the JDK's client gave up because the connection closed before any byte of an answer
   * arrived. The JDK marks that case internally (and retries it by itself only for GET and HEAD),
   * but hands out a plain {@code IOException} with the message below; HttpCallsReconnectTest pins
   * that on the JDK the build runs, so a JDK that words it otherwise fails the build, not a user's
   * run.
   */
  static boolean closedBeforeAnyAnswerByte(Throwable failure) {
    for (Throwable t = failure; t != null; t = t.getCause()) {
      String message = t.getMessage();
      if (t.getClass().getSimpleName().equals("ConnectionExpiredException")
          || (message != null && message.contains("header parser received no bytes"))) {
        return true;
      }
      if (t.getCause() == t) {
        break;
      }
    }
    return false;
  }

  /** The response headers, pseudo-headers left out. */
  public static Map<String, List<String>> headersOf(HttpResponse<?> response) {
    Map<String, List<String>> headers = new LinkedHashMap<>();
    response
        .headers()
        .map()
        .forEach(
            (name, values) -> {
              if (!name.startsWith(":")) {
                headers.put(name, List.copyOf(values));
              }
            });
    return headers;
  }

  static String contentType(HttpResponse<?> response) {
    return response.headers().firstValue("Content-Type").orElse("");
  }
}
