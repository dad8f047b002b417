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
 * over {@code https://}.
 */
final class HttpCalls {
  private static final Duration TIMEOUT = Duration.ofSeconds(30);

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
    try {
      return client.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
    } catch (IOException e) {
      // A reset or a hang-up is not an answer: the contract allows neither.
      throw new ContractViolation(
          operation + " got no answer: " + e.getClass().getSimpleName() + " " + e.getMessage());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while calling " + operation, e);
    }
  }

  /** The response headers, pseudo-headers left out. */
  static Map<String, List<String>> headersOf(HttpResponse<?> response) {
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
