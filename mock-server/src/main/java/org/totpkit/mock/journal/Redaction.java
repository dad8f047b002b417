package org.totpkit.mock.journal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.extension.requestfilter.RequestWrapper;
import com.github.tomakehurst.wiremock.http.Body;
import com.github.tomakehurst.wiremock.http.Cookie;
import com.github.tomakehurst.wiremock.http.HttpHeader;
import com.github.tomakehurst.wiremock.http.HttpHeaders;
import com.github.tomakehurst.wiremock.http.LoggedResponse;
import com.github.tomakehurst.wiremock.http.Request;
import com.github.tomakehurst.wiremock.http.ResponseDefinition;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;
import org.totpkit.mock.http.JournalView;
import org.totpkit.mock.http.Json;

/**
 * What the journal keeps of a served request: everything but secrets. Credentials in headers and
 * cookies, the whole body of a verify in either dialect (the code, even in a body that does not
 * parse) and the secret-bearing fields of JSON bodies (secret, uri, tokens, codes, passwords)
 * become {@value #REDACTED}.
 */
public final class Redaction {
  public static final String REDACTED = "‹redacted›";
  private static final List<String> CREDENTIAL_HEADERS =
      List.of("Authorization", "Proxy-Authorization", "Cookie", "Set-Cookie");

  private Redaction() {}

  static ServeEvent of(ServeEvent event) {
    LoggedRequest request = event.getRequest() == null ? null : request(event.getRequest());
    ResponseDefinition definition = event.getResponseDefinition();
    // The contract's answers (no stub) carry the secrets; a stub's definition is the user's own.
    if (definition != null && event.getStubMapping() == null && definition.getBody() != null) {
      definition =
          ResponseDefinitionBuilder.like(definition).withBody(json(definition.getBody())).build();
    }
    return new ServeEvent(
        event.getId(),
        request,
        event.getStubMapping(),
        definition,
        response(event.getResponse()),
        event.getWasMatched(),
        event.getTiming(),
        null);
  }

  /**
   * Writes the entry of an answer the contract wrote itself, redacted as {@link #of} redacts, in
   * the journal's byte form ({@link ContractAnswerEntry#write}): nothing secret reaches the bytes.
   *
   * @param request the request as WireMock's extensions see it
   * @param loggedMillis when the request arrived (the container's time stamp)
   * @param responseHeaders every header of the answer, by name
   * @param secretFree whether the body is known to hold no secret-bearing field (then it is kept as
   *     the bytes sent, with no scan)
   */
  static void capture(
      EntryBytes.Writer out,
      Request request,
      long loggedMillis,
      int status,
      Map<String, String> responseHeaders,
      byte[] responseBody,
      boolean secretFree) {
    // Each header field as it arrived, credentials redacted; grouped by name only when read.
    String[] headers = JournalView.headersOf(request);
    for (int i = 0; i < headers.length; i += 2) {
      if (isCredential(headers[i])) {
        headers[i + 1] = REDACTED;
      }
    }
    String redactedText = null;
    if (!secretFree) {
      String text = new String(responseBody, StandardCharsets.UTF_8);
      redactedText = mayHoldSecrets(text) ? json(text) : text;
    }
    ContractAnswerEntry.write(
        out,
        loggedMillis,
        request.getMethod().getName(),
        request.getUrl(),
        JournalView.absoluteUrlOf(request),
        request.getClientIp(),
        request.getProtocol(),
        headers,
        request.containsHeader("Cookie") ? request.getCookies().keySet() : List.of(),
        redactedBody(request),
        status,
        responseHeaders,
        secretFree ? responseBody : null,
        redactedText);
  }

  private static boolean isCredential(String key) {
    for (int i = 0; i < CREDENTIAL_HEADERS.size(); i++) {
      if (CREDENTIAL_HEADERS.get(i).equalsIgnoreCase(key)) {
        return true;
      }
    }
    return false;
  }

  private static String redactedBody(Request request) {
    byte[] body = request.getBody();
    if (body == null || body.length == 0) {
      return "";
    }
    return isVerify(request) ? REDACTED : json(new String(body, StandardCharsets.UTF_8));
  }

  // v3alpha's /_verify and v2's /totp/verify: the code is the body, whatever its shape.
  private static boolean isVerify(Request request) {
    String path = path(request.getUrl());
    return path.endsWith("/_verify") || path.endsWith("/totp/verify");
  }

  // What json() could change: a textual value under a key named uri or code, or one holding
  // secret, token or password. Most of the contract's answers (every error) have none, and are kept
  // as they are without parsing them; a false alarm only costs the parse.
  private static final Pattern SECRET_FIELD =
      Pattern.compile(
          "\"(?:uri|code|[^\"]*(?:secret|token|password)[^\"]*)\"\\s*:\\s*\"",
          Pattern.CASE_INSENSITIVE);

  static boolean mayHoldSecrets(String json) {
    return SECRET_FIELD.matcher(json).find();
  }

  private static LoggedRequest request(LoggedRequest request) {
    RequestWrapper.Builder wrapper = RequestWrapper.create();
    for (String header : CREDENTIAL_HEADERS) {
      if (request.containsHeader(header)) {
        wrapper.transformHeader(header, values -> values.stream().map(v -> REDACTED).toList());
      }
    }
    for (Map.Entry<String, Cookie> cookie : request.getCookies().entrySet()) {
      wrapper.transformCookie(cookie.getKey(), value -> new Cookie(REDACTED));
    }
    byte[] body = request.getBody();
    if (body != null && body.length > 0) {
      String redacted = redactedBody(request);
      wrapper.transformBody(original -> new Body(redacted));
    }
    Request view = wrapper.wrap(request);
    return LoggedRequest.createFrom(view);
  }

  private static LoggedResponse response(LoggedResponse response) {
    if (response == null) {
      return null;
    }
    HttpHeaders headers = response.getHeaders();
    if (headers != null && headers.getHeader("Set-Cookie").isPresent()) {
      List<HttpHeader> kept = new ArrayList<>();
      for (HttpHeader header : headers.all()) {
        kept.add(header.keyEquals("Set-Cookie") ? new HttpHeader("Set-Cookie", REDACTED) : header);
      }
      headers = new HttpHeaders(kept);
    }
    byte[] body = response.getBody();
    String base64 = null;
    if (body != null) {
      String text = json(new String(body, StandardCharsets.UTF_8));
      base64 = Base64.getEncoder().encodeToString(text.getBytes(StandardCharsets.UTF_8));
    }
    return new LoggedResponse(response.getStatus(), headers, base64, response.getFault(), null);
  }

  private static String path(String url) {
    int query = url.indexOf('?');
    return query < 0 ? url : url.substring(0, query);
  }

  /** A JSON body with its secret-bearing fields redacted; any other text as it is. */
  static String json(String text) {
    String trimmed = text.stripLeading();
    if (!trimmed.startsWith("{") && !trimmed.startsWith("[")) {
      return text;
    }
    try {
      JsonNode tree = Json.MAPPER.readTree(text);
      return redact(tree) ? Json.MAPPER.writeValueAsString(tree) : text;
    } catch (JsonProcessingException notJson) {
      return text;
    }
  }

  private static boolean redact(JsonNode node) {
    boolean changed = false;
    if (node instanceof ObjectNode object) {
      for (Iterator<Map.Entry<String, JsonNode>> it = object.fields(); it.hasNext(); ) {
        Map.Entry<String, JsonNode> field = it.next();
        if (field.getValue().isTextual() && isSecret(field.getKey())) {
          field.setValue(object.textNode(REDACTED));
          changed = true;
        } else {
          changed |= redact(field.getValue());
        }
      }
    } else if (node instanceof ArrayNode array) {
      for (JsonNode element : array) {
        changed |= redact(element);
      }
    }
    return changed;
  }

  private static boolean isSecret(String key) {
    String name = key.toLowerCase(Locale.ROOT);
    return name.equals("uri")
        || name.equals("code")
        || name.contains("secret")
        || name.contains("token")
        || name.contains("password");
  }
}
