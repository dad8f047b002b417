package org.totpkit.mock.journal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.common.DataTruncationSettings;
import com.github.tomakehurst.wiremock.extension.requestfilter.RequestWrapper;
import com.github.tomakehurst.wiremock.http.Body;
import com.github.tomakehurst.wiremock.http.Cookie;
import com.github.tomakehurst.wiremock.http.HttpHeader;
import com.github.tomakehurst.wiremock.http.HttpHeaders;
import com.github.tomakehurst.wiremock.http.LoggedResponse;
import com.github.tomakehurst.wiremock.http.Request;
import com.github.tomakehurst.wiremock.http.Response;
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
   * The redacted entry of an answer the contract wrote itself: the same shape as WireMock's entry
   * for an answer a request filter gave (matched, untimed, no stub), built once and redacted once.
   */
  static ServeEvent ofContractAnswer(
      Request request, int status, HttpHeaders headers, byte[] body) {
    String text = new String(body, StandardCharsets.UTF_8);
    String kept = mayHoldSecrets(text) ? json(text) : text;
    ResponseDefinition definition =
        new ResponseDefinitionBuilder()
            .withStatus(status)
            .withHeaders(headers)
            .withBody(kept)
            .build();
    Response response =
        Response.response()
            .status(status)
            .headers(headers)
            .body(kept.getBytes(StandardCharsets.UTF_8))
            .build();
    // WireMock's own steps for an answer a request filter gave: the event (and its id), then the
    // definition, then the response as sent.
    return ServeEvent.of(request(request))
        .withResponseDefinition(definition)
        .complete(response, DataTruncationSettings.NO_TRUNCATION);
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

  private static LoggedRequest request(Request request) {
    RequestWrapper.Builder wrapper = RequestWrapper.create();
    for (String header : CREDENTIAL_HEADERS) {
      if (request.containsHeader(header)) {
        wrapper.transformHeader(header, values -> values.stream().map(v -> REDACTED).toList());
      }
    }
    for (Map.Entry<String, Cookie> cookie : request.getCookies().entrySet()) {
      wrapper.transformCookie(cookie.getKey(), value -> new Cookie(REDACTED));
    }
    String path = path(request.getUrl());
    // v3alpha's /_verify and v2's /totp/verify: the code is the body, whatever its shape.
    boolean verify = path.endsWith("/_verify") || path.endsWith("/totp/verify");
    byte[] body = request.getBody();
    if (body != null && body.length > 0) {
      String redacted = verify ? REDACTED : json(new String(body, StandardCharsets.UTF_8));
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
