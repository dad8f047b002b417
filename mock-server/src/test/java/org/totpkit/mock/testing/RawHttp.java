package org.totpkit.mock.testing;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Requests with full control of method, path, headers and body, so that a test can send what a
 * well-behaved client never would. Speaks to one running server.
 */
public final class RawHttp {
  public static final String USERS = "/resources/v3alpha/users/";
  private static final ObjectMapper JSON = new ObjectMapper();

  private final HttpClient http =
      HttpClient.newBuilder()
          .version(HttpClient.Version.HTTP_1_1)
          .connectTimeout(Duration.ofSeconds(10))
          .build();
  private final String baseUrl;

  public RawHttp(String baseUrl) {
    this.baseUrl = baseUrl;
  }

  /**
   * @param body null for none
   * @param headers name, value, name, value...
   */
  public Reply send(String method, String pathAndQuery, String body, String... headers) {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create(baseUrl + pathAndQuery))
            .timeout(Duration.ofSeconds(20))
            .method(
                method,
                body == null
                    ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8));
    for (int i = 0; i < headers.length; i += 2) {
      request.header(headers[i], headers[i + 1]);
    }
    try {
      HttpResponse<String> response =
          http.send(request.build(), HttpResponse.BodyHandlers.ofString());
      return new Reply(response.statusCode(), response.headers().map(), response.body());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  public Reply start(String token, String userId) {
    return start(token, userId, "");
  }

  /**
   * @param query "" or "?name=value..."
   */
  public Reply start(String token, String userId, String query) {
    return send("POST", startPath(userId) + query, null, bearer(token));
  }

  /**
   * @param jsonBody the body exactly as sent, null for none
   */
  public Reply verify(String token, String userId, String totpId, String jsonBody) {
    return verify(token, userId, totpId, jsonBody, "");
  }

  public Reply verify(String token, String userId, String totpId, String jsonBody, String query) {
    return send(
        "POST",
        registrationPath(userId, totpId) + "/_verify" + query,
        jsonBody,
        withJson(bearer(token)));
  }

  /** Sends {@code code} the way the contract wants it: as a bare JSON string. */
  public Reply verifyCode(String token, String userId, String totpId, String code) {
    return verify(token, userId, totpId, jsonString(code));
  }

  public Reply remove(String token, String userId, String totpId) {
    return remove(token, userId, totpId, "");
  }

  public Reply remove(String token, String userId, String totpId, String query) {
    return send("DELETE", registrationPath(userId, totpId) + query, null, bearer(token));
  }

  /** The server's own clock (the clock hook), for a code the server is about to judge. */
  public long serverEpochSecond() {
    Reply clock = hook("GET", "/clock", null);
    if (clock.status() != 200) {
      throw new IllegalStateException("the clock hook answered " + clock);
    }
    return clock.json().path("epochMillis").asLong() / 1000;
  }

  /** A hook under {@code /__admin/totp}, as raw as the API calls. */
  public Reply hook(String method, String path, String body, String... headers) {
    return send(method, "/__admin/totp" + path, body, withJson(headers));
  }

  public static String startPath(String userId) {
    return USERS + segment(userId) + "/totp";
  }

  public static String registrationPath(String userId, String totpId) {
    return startPath(userId) + "/" + segment(totpId);
  }

  /** Percent-encodes one path segment (UTF-8; space as %20). */
  public static String segment(String value) {
    return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
  }

  public static String jsonString(String value) {
    try {
      return JSON.writeValueAsString(value);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  private static String[] bearer(String token) {
    return token == null ? new String[0] : new String[] {"Authorization", "Bearer " + token};
  }

  private static String[] withJson(String[] headers) {
    String[] all = java.util.Arrays.copyOf(headers, headers.length + 2);
    all[headers.length] = "Content-Type";
    all[headers.length + 1] = "application/json";
    return all;
  }

  /**
   * Sends bytes that {@link java.net.URI} would refuse to build (malformed percent-encoding, raw
   * control characters) over a plain socket, and reads the whole answer.
   */
  public Reply sendVerbatim(String method, String rawTarget) {
    URI base = URI.create(baseUrl);
    try (Socket socket = new Socket(base.getHost(), base.getPort())) {
      socket.setSoTimeout(20_000);
      OutputStream out = socket.getOutputStream();
      String head =
          method
              + " "
              + rawTarget
              + " HTTP/1.1\r\nHost: "
              + base.getHost()
              + ":"
              + base.getPort()
              + "\r\nContent-Length: 0\r\nConnection: close\r\n\r\n";
      out.write(head.getBytes(StandardCharsets.ISO_8859_1));
      out.flush();
      return parse(socket.getInputStream());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static Reply parse(InputStream in) throws IOException {
    ByteArrayOutputStream all = new ByteArrayOutputStream();
    in.transferTo(all);
    String text = all.toString(StandardCharsets.ISO_8859_1);
    int end = text.indexOf("\r\n\r\n");
    String[] lines = text.substring(0, end < 0 ? text.length() : end).split("\r\n");
    int status = Integer.parseInt(lines[0].split(" ")[1]);
    Map<String, List<String>> headers = new HashMap<>();
    for (int i = 1; i < lines.length; i++) {
      int colon = lines[i].indexOf(':');
      headers
          .computeIfAbsent(lines[i].substring(0, colon).trim(), k -> new ArrayList<>())
          .add(lines[i].substring(colon + 1).trim());
    }
    String body = end < 0 ? "" : text.substring(end + 4);
    List<String> encoding = headers.getOrDefault("Transfer-Encoding", List.of());
    if (encoding.contains("chunked")) {
      body = dechunk(body);
    }
    byte[] raw = body.getBytes(StandardCharsets.ISO_8859_1);
    return new Reply(status, headers, new String(raw, StandardCharsets.UTF_8));
  }

  private static String dechunk(String chunked) {
    StringBuilder out = new StringBuilder();
    int at = 0;
    while (true) {
      int lineEnd = chunked.indexOf("\r\n", at);
      int size = Integer.parseInt(chunked.substring(at, lineEnd).split(";")[0].trim(), 16);
      if (size == 0) {
        return out.toString();
      }
      out.append(chunked, lineEnd + 2, lineEnd + 2 + size);
      at = lineEnd + 2 + size + 2;
    }
  }
}
