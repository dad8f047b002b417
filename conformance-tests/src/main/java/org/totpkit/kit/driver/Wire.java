package org.totpkit.kit.driver;

import com.atlassian.oai.validator.OpenApiInteractionValidator;
import com.atlassian.oai.validator.model.SimpleRequest;
import com.atlassian.oai.validator.model.SimpleResponse;
import com.atlassian.oai.validator.report.ValidationReport;
import com.atlassian.oai.validator.util.ContentTypeUtils;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.MissingNode;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.totpkit.kit.driver.rpc.HttpCalls;
import org.totpkit.kit.report.Redaction;

/**
 * The JDK's HTTP client, for one server root: every response is checked by swagger-request-
 * validator against the OpenAPI document (responses at ERROR, requests at IGNORE), and every secret
 * or token that crosses the wire is registered for redaction before anything can print it.
 */
final class Wire {
  private static final ObjectMapper JSON = new ObjectMapper();

  /** A path parameter's place in a path template. */
  private static final Pattern PLACEHOLDER = Pattern.compile("\\{([^}/]+)}");

  /**
   * The run's client, shared by every thread (the JDK's client is made for that, and pools its
   * kept-alive connections without a limit per host, so the 32 concurrent verifies each get one).
   */
  private static volatile HttpClient client;

  private final String root;
  private final OpenApiInteractionValidator validator;
  private final boolean checkContentType;
  private final Function<ApiResponse, Optional<String>> rule;

  /**
   * @param root the URL the document's paths hang from (a base URL or a hooks URL)
   * @param document which OpenAPI document describes it
   */
  Wire(String root, String document) {
    this(root, document, response -> Optional.empty());
  }

  /**
   * @param rule a rule every response must keep that the document cannot state: why a response
   *     breaks it, or empty
   */
  Wire(String root, String document, Function<ApiResponse, Optional<String>> rule) {
    this.rule = rule;
    this.root = root;
    String basePath = Optional.ofNullable(URI.create(root).getPath()).orElse("");
    if (basePath.equals("/")) {
      basePath = "";
    }
    this.validator = ContractValidation.validator(document, basePath);
    // The product answers JSON only (contract/v3alpha.md §3), in both dialects; the hooks' document
    // says its own.
    this.checkContentType = !document.equals(ContractValidation.HOOKS_DOCUMENT);
  }

  /**
   * Sends one request.
   *
   * @param pathTemplate a path with {@code {name}} placeholders, filled (and encoded) from {@code
   *     pathParams}
   * @param body the exact body, or null for none
   */
  ApiResponse send(
      String operation,
      Caller caller,
      String method,
      String pathTemplate,
      Map<String, String> pathParams,
      Map<String, String> queryParams,
      String body) {
    URI uri = URI.create(root + path(pathTemplate, pathParams) + query(queryParams));
    Optional<String> authorization = caller.authorization();
    authorization.ifPresent(
        value -> Redaction.register(value.startsWith("Bearer ") ? value.substring(7) : value));

    // What REST Assured sent, less its Content-Type on a request without a body (it declared an
    // empty form); no Accept-Encoding, so no compressed answer to undo.
    Map<String, List<String>> requestHeaders = new LinkedHashMap<>();
    authorization.ifPresent(value -> requestHeaders.put("Authorization", List.of(value)));
    requestHeaders.put("Accept", List.of("*/*"));
    if (body != null) {
      requestHeaders.put("Content-Type", List.of("application/json"));
    }
    HttpRequest.Builder request =
        HttpRequest.newBuilder(uri)
            .timeout(HttpCalls.TIMEOUT)
            .method(
                method,
                body == null
                    ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofByteArray(
                        body.getBytes(StandardCharsets.UTF_8)));
    requestHeaders.forEach((name, values) -> request.header(name, values.get(0)));

    HttpResponse<byte[]> response = HttpCalls.send(client(), request.build(), operation);
    String contentType = response.headers().firstValue("Content-Type").orElse("");
    String text =
        new String(
            response.body(),
            ContentTypeUtils.getCharsetFromContentType(contentType).orElse(StandardCharsets.UTF_8));
    JsonNode json = parse(text);
    registerSensitiveValues(json);
    Map<String, List<String>> headers = HttpCalls.headersOf(response);
    TrafficTap.record(
        new TrafficTap.Exchange(
            method,
            uri.toString(),
            authorization,
            body == null ? "" : body,
            response.statusCode(),
            text,
            requestHeaders,
            headers));

    ValidationReport report =
        validator.validate(
            validationRequest(method, uri, queryParams, requestHeaders, body),
            validationResponse(response.statusCode(), text, headers));
    if (report.hasErrors()) {
      throw new ContractViolation(
          Redaction.redact(
              operation + " answered outside the OpenAPI document: " + describe(report)));
    }
    if (checkContentType && !text.isEmpty() && !contentType.startsWith("application/json")) {
      throw new ContractViolation(
          operation + " answered with Content-Type \"" + contentType + "\", not application/json");
    }
    ApiResponse answer = answer(operation, response.statusCode(), json, headers);
    Optional<String> broken = rule.apply(answer);
    if (broken.isPresent()) {
      throw new ContractViolation(
          Redaction.redact(operation + " answered " + answer.outcome() + ": " + broken.get()));
    }
    return answer;
  }

  /** A REST answer in the transport-neutral form: 200 is success, anything else a Status body. */
  static ApiResponse answer(
      String operation, int status, JsonNode json, Map<String, List<String>> headers) {
    if (status == 200) {
      return new ApiResponse(operation, OptionalInt.of(status), 0, "", List.of(), json, headers);
    }
    List<ApiResponse.ErrorDetail> details = new ArrayList<>();
    for (JsonNode detail : json.path("details")) {
      details.add(
          new ApiResponse.ErrorDetail(
              detail.path("@type").asText(""),
              detail.path("id").asText(""),
              detail.path("message").asText("")));
    }
    return new ApiResponse(
        operation,
        OptionalInt.of(status),
        json.path("code").isInt() ? json.path("code").asInt() : ApiResponse.NO_CODE,
        json.path("message").isTextual() ? json.path("message").asText() : "",
        details,
        json,
        headers);
  }

  /**
   * The path with each {@code {name}} replaced by its parameter, encoded as REST Assured encoded it
   * (UrlEncodingTest holds the bytes it sent for the ids the scenarios use).
   */
  static String path(String template, Map<String, String> params) {
    Matcher placeholder = PLACEHOLDER.matcher(template);
    StringBuilder path = new StringBuilder();
    while (placeholder.find()) {
      String value = params.get(placeholder.group(1));
      if (value == null) {
        throw new IllegalArgumentException(
            "no value for the path parameter " + placeholder.group(1) + " of " + template);
      }
      placeholder.appendReplacement(path, Matcher.quoteReplacement(encode(value)));
    }
    placeholder.appendTail(path);
    return path.toString();
  }

  /** {@code ?name=value&…} in the map's order, or "" for none; an empty value stays "name=". */
  static String query(Map<String, String> params) {
    if (params.isEmpty()) {
      return "";
    }
    return params.entrySet().stream()
        .map(param -> encode(param.getKey()) + "=" + encode(param.getValue()))
        .collect(Collectors.joining("&", "?", ""));
  }

  /**
   * The JDK's form encoder with a space as {@code %20}: exactly REST Assured's encoding of a path
   * or query parameter (every byte outside {@code A-Z a-z 0-9 - . _ *} percent-encoded, UTF-8).
   */
  static String encode(String value) {
    return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
  }

  /** The request as swagger-request-validator sees it: the path as sent, base path included. */
  private static SimpleRequest validationRequest(
      String method,
      URI uri,
      Map<String, String> queryParams,
      Map<String, List<String>> headers,
      String body) {
    SimpleRequest.Builder request = new SimpleRequest.Builder(method, uri.getRawPath());
    headers.forEach(request::withHeader);
    queryParams.forEach(request::withQueryParam);
    if (body != null) {
      request.withContentType("application/json").withBody(body);
    }
    return request.build();
  }

  private static SimpleResponse validationResponse(
      int status, String text, Map<String, List<String>> headers) {
    SimpleResponse.Builder response = SimpleResponse.Builder.status(status).withBody(text);
    headers.forEach(response::withHeader);
    return response.build();
  }

  /** Tokens and secrets an answer hands out, and the secret inside a Key URI. */
  private static void registerSensitiveValues(JsonNode json) {
    for (String field : List.of("secret", "token")) {
      json.findValuesAsText(field).forEach(Redaction::register);
    }
    json.findValuesAsText("uri")
        .forEach(uri -> KeyUri.parse(uri).ifPresent(k -> Redaction.register(k.secret())));
  }

  /** The run's client, made on the first request after a start or {@link #closeClients()}. */
  private static HttpClient client() {
    HttpClient current = client;
    if (current == null) {
      synchronized (Wire.class) {
        current = client;
        if (current == null) {
          // HTTP/1.1 also over http://: the JDK's client would otherwise ask for an h2c upgrade,
          // which REST clients do not send. No redirects: an answer is judged as it came.
          current =
              HttpClient.newBuilder()
                  .version(HttpClient.Version.HTTP_1_1)
                  .connectTimeout(HttpCalls.TIMEOUT)
                  .followRedirects(HttpClient.Redirect.NEVER)
                  .build();
          client = current;
        }
      }
    }
    return current;
  }

  /**
   * Lets the run's client go; the next request of any thread makes a new one. A JDK that can close
   * a client (21 and later) closes it at once; on 17 its connections close when it is collected.
   */
  static void closeClients() {
    HttpClient done;
    synchronized (Wire.class) {
      done = client;
      client = null;
    }
    if (done instanceof AutoCloseable closeable) {
      try {
        closeable.close();
      } catch (Exception ignored) {
        // Closing is best effort: a target that went away has nothing left to close.
      }
    }
  }

  private static JsonNode parse(String text) {
    if (text == null || text.isBlank()) {
      return MissingNode.getInstance();
    }
    try {
      return JSON.readTree(text);
    } catch (Exception e) {
      return MissingNode.getInstance();
    }
  }

  private static String describe(ValidationReport report) {
    return report.getMessages().stream()
        .filter(message -> message.getLevel() == ValidationReport.Level.ERROR)
        .map(message -> message.getKey() + ": " + message.getMessage())
        .collect(Collectors.joining("; "));
  }
}
