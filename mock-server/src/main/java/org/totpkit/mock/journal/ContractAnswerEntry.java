package org.totpkit.mock.journal;

import com.github.tomakehurst.wiremock.common.Json;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.function.Supplier;
import org.totpkit.mock.http.JournalView;

/**
 * The journal's entry for an answer the contract wrote itself: the request and the answer as plain
 * values, already redacted when captured (no secret is kept, even for a moment). The journal keeps
 * it in its byte form ({@link #write}) and makes this object ({@link #read}) and WireMock's {@link
 * ServeEvent} from it only when someone reads the journal. Most entries are pushed out by newer
 * ones before anyone reads them, so most are never made into objects at all.
 */
final class ContractAnswerEntry {
  private final UUID id;
  private final long loggedMillis;
  private final String method;
  private final String url;
  private final Supplier<String> absoluteUrl;
  private final String clientIp;
  private final String protocol;
  // Name, value, ... as the fields arrived (credentials already redacted).
  private final String[] headers;
  private final List<String> cookieNames;
  private final String body;
  private final int status;
  private final Map<String, String> responseHeaders;
  // The answer's body: the bytes sent when they hold no secret (the contract's error bodies), made
  // text only when the entry is read; else the text already redacted when captured.
  private final byte[] responseBytes;
  private final String redactedResponseBody;
  private volatile ServeEvent event;

  ContractAnswerEntry(
      UUID id,
      long loggedMillis,
      String method,
      String url,
      Supplier<String> absoluteUrl,
      String clientIp,
      String protocol,
      String[] headers,
      List<String> cookieNames,
      String body,
      int status,
      Map<String, String> responseHeaders,
      byte[] responseBytes,
      String redactedResponseBody) {
    this.id = id;
    this.loggedMillis = loggedMillis;
    this.method = method;
    this.url = url;
    this.absoluteUrl = absoluteUrl;
    this.clientIp = clientIp;
    this.protocol = protocol;
    this.headers = headers;
    this.cookieNames = cookieNames;
    this.body = body;
    this.status = status;
    this.responseHeaders = responseHeaders;
    this.responseBytes = responseBytes;
    this.redactedResponseBody = redactedResponseBody;
  }

  UUID id() {
    return id;
  }

  /**
   * Writes an entry's values (already redacted) in the journal's byte form, read back by {@link
   * #read}: the absolute URL as its parts when they are known, the answer's body as the bytes sent
   * when they hold no secret ({@code responseBytes}), else its redacted text.
   */
  static void write(
      EntryBytes.Writer out,
      long loggedMillis,
      String method,
      String url,
      Supplier<String> absoluteUrl,
      String clientIp,
      String protocol,
      String[] headers,
      Collection<String> cookieNames,
      String body,
      int status,
      Map<String, String> responseHeaders,
      byte[] responseBytes,
      String redactedResponseBody) {
    out.number(loggedMillis);
    out.text(method);
    out.text(url);
    if (absoluteUrl instanceof JournalView.AbsoluteUrl parts) {
      out.flag(true);
      out.textOrNull(parts.scheme());
      out.textOrNull(parts.host());
      out.number(parts.port() & 0xFFFF_FFFFL);
      out.textOrNull(parts.path());
      out.textOrNull(parts.query());
    } else {
      out.flag(false);
      out.textOrNull(absoluteUrl.get());
    }
    out.textOrNull(clientIp);
    out.textOrNull(protocol);
    out.number(headers.length);
    for (String field : headers) {
      out.textOrNull(field);
    }
    out.number(cookieNames.size());
    for (String name : cookieNames) {
      out.text(name);
    }
    out.text(body);
    out.number(status);
    out.number(responseHeaders.size());
    for (Map.Entry<String, String> header : responseHeaders.entrySet()) {
      out.text(header.getKey());
      out.textOrNull(header.getValue());
    }
    out.flag(responseBytes != null);
    if (responseBytes != null) {
      out.bytes(responseBytes);
    } else {
      out.text(redactedResponseBody);
    }
  }

  /** The entry {@link #write} wrote into {@code bytes}, with the id the journal gave it. */
  static ContractAnswerEntry read(UUID id, byte[] bytes) {
    EntryBytes.Reader in = new EntryBytes.Reader(bytes);
    long loggedMillis = in.number();
    String method = in.text();
    String url = in.text();
    Supplier<String> absoluteUrl;
    if (in.flag()) {
      absoluteUrl =
          new JournalView.AbsoluteUrl(
              in.textOrNull(),
              in.textOrNull(),
              (int) in.number(),
              in.textOrNull(),
              in.textOrNull());
    } else {
      String text = in.textOrNull();
      absoluteUrl = () -> text;
    }
    String clientIp = in.textOrNull();
    String protocol = in.textOrNull();
    String[] headers = new String[in.count()];
    for (int i = 0; i < headers.length; i++) {
      headers[i] = in.textOrNull();
    }
    int cookies = in.count();
    List<String> cookieNames = new ArrayList<>(cookies);
    for (int i = 0; i < cookies; i++) {
      cookieNames.add(in.text());
    }
    String body = in.text();
    int status = in.count();
    int answerHeaders = in.count();
    Map<String, String> responseHeaders = new LinkedHashMap<>();
    for (int i = 0; i < answerHeaders; i++) {
      responseHeaders.put(in.text(), in.textOrNull());
    }
    byte[] responseBytes = null;
    String redactedResponseBody = null;
    if (in.flag()) {
      responseBytes = in.bytes();
    } else {
      redactedResponseBody = in.text();
    }
    return new ContractAnswerEntry(
        id,
        loggedMillis,
        method,
        url,
        absoluteUrl,
        clientIp,
        protocol,
        headers,
        cookieNames,
        body,
        status,
        responseHeaders,
        responseBytes,
        redactedResponseBody);
  }

  /** WireMock's event for this entry, made once, from its JSON form (as its admin client reads). */
  ServeEvent event() {
    ServeEvent made = event;
    if (made == null) {
      made = Json.getObjectMapper().convertValue(json(), ServeEvent.class);
      event = made;
    }
    return made;
  }

  private Map<String, Object> json() {
    String responseBody =
        redactedResponseBody != null
            ? redactedResponseBody
            : new String(responseBytes, StandardCharsets.UTF_8);
    Map<String, String> answerHeaders = new LinkedHashMap<>(responseHeaders);
    Map<String, Object> request = new LinkedHashMap<>();
    request.put("url", url);
    request.put("absoluteUrl", absoluteUrl.get());
    request.put("method", method);
    request.put("clientIp", clientIp);
    request.put("headers", headers(headers));
    Map<String, String> cookies = new LinkedHashMap<>();
    cookieNames.forEach(name -> cookies.put(name, Redaction.REDACTED));
    request.put("cookies", cookies);
    request.put("browserProxyRequest", false);
    request.put("loggedDate", loggedMillis);
    request.put("bodyAsBase64", base64(body));
    request.put("body", body);
    request.put("protocol", protocol);
    Map<String, Object> definition = new LinkedHashMap<>();
    definition.put("status", status);
    definition.put("body", responseBody);
    definition.put("headers", answerHeaders);
    Map<String, Object> response = new LinkedHashMap<>();
    response.put("status", status);
    response.put("headers", answerHeaders);
    response.put("bodyAsBase64", base64(responseBody));
    response.put("body", responseBody);
    Map<String, Object> event = new LinkedHashMap<>();
    event.put("id", id.toString());
    event.put("request", request);
    event.put("responseDefinition", definition);
    event.put("response", response);
    event.put("wasMatched", true);
    event.put("subEvents", List.of());
    return event;
  }

  // WireMock's JSON form of headers: by name (the first spelling, any case), one value as a
  // string, several as a list.
  private static Map<String, Object> headers(String[] fields) {
    Map<String, Object> json = new LinkedHashMap<>();
    Map<String, String> spelling = new HashMap<>();
    for (int i = 0; i < fields.length; i += 2) {
      String given = fields[i];
      String name = spelling.computeIfAbsent(given.toLowerCase(Locale.ROOT), lower -> given);
      Object values = json.get(name);
      if (values == null) {
        json.put(name, fields[i + 1]);
      } else if (values instanceof List<?>) {
        @SuppressWarnings("unchecked")
        List<String> list = (List<String>) values;
        list.add(fields[i + 1]);
      } else {
        List<String> list = new ArrayList<>();
        list.add((String) values);
        list.add(fields[i + 1]);
        json.put(name, list);
      }
    }
    return json;
  }

  private static String base64(String text) {
    return Base64.getEncoder().encodeToString(text.getBytes(StandardCharsets.UTF_8));
  }
}
