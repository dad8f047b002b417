package org.totpkit.kit.driver;

import static io.restassured.config.DecoderConfig.decoderConfig;
import static io.restassured.config.EncoderConfig.encoderConfig;
import static io.restassured.config.HttpClientConfig.httpClientConfig;
import static io.restassured.config.RedirectConfig.redirectConfig;

import com.atlassian.oai.validator.OpenApiInteractionValidator;
import com.atlassian.oai.validator.report.ValidationReport;
import com.atlassian.oai.validator.restassured.OpenApiValidationFilter;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.MissingNode;
import io.restassured.RestAssured;
import io.restassured.config.RestAssuredConfig;
import io.restassured.filter.Filter;
import io.restassured.http.Header;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.totpkit.kit.report.Redaction;

/**
 * REST Assured, set up once for one server root: every response passes swagger-request-validator's
 * REST Assured filter (responses at ERROR, requests at IGNORE), and every secret or token that
 * crosses the wire is registered for redaction before anything can print it.
 */
final class Wire {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final RestAssuredConfig CONFIG =
      RestAssuredConfig.config()
          .encoderConfig(
              encoderConfig()
                  .defaultContentCharset(StandardCharsets.UTF_8)
                  .appendDefaultContentCharsetToContentTypeIfUndefined(false))
          // No Accept-Encoding, so no gzip to undo: REST Assured adds its decompressing
          // interceptors to the client per request. The contract does not ask for gzip.
          .decoderConfig(
              decoderConfig().defaultContentCharset(StandardCharsets.UTF_8).noContentDecoders())
          .redirect(redirectConfig().followRedirects(false));

  /**
   * One HTTP client per thread, kept for the run: connections are kept alive and pooled (REST
   * Assured's default opens a new client, and so a new connection, per request), and no two threads
   * share one, since REST Assured sets a client up anew for each request it sends (its parameters,
   * its interceptors) and is not made for sharing one between concurrent requests: a shared client
   * lost answers' bodies when scenarios ran concurrently.
   */
  private static final ThreadLocal<ThreadClient> PER_THREAD = new ThreadLocal<>();

  /** Every client made, to shut them down at the end of a run (its threads are gone by then). */
  private static final Set<org.apache.http.client.HttpClient> OPEN = ConcurrentHashMap.newKeySet();

  /** Which run's clients are current: a thread's client from an earlier run is not used again. */
  private static final AtomicInteger GENERATION = new AtomicInteger();

  private record ThreadClient(int generation, RestAssuredConfig config) {}

  /** Enough connections per route for the concurrent scenarios (32 verifies at once). */
  private static final int CONNECTIONS = 64;

  private final String root;
  private final Filter validation;
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
    OpenApiInteractionValidator validator = ContractValidation.validator(document, basePath);
    this.validation = new OpenApiValidationFilter(validator);
    // The product answers JSON only (contract/v3alpha.md §3), in both dialects; the hooks' document
    // says
    // its own.
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
    RequestSpecification request =
        RestAssured.given()
            .config(config())
            .baseUri(root)
            .filter(validation)
            .filter(Wire::registerSensitiveValues)
            .pathParams(pathParams);
    queryParams.forEach(request::queryParam);
    caller.authorization().ifPresent(value -> request.header("Authorization", value));
    if (body != null) {
      request.contentType("application/json").body(body.getBytes(StandardCharsets.UTF_8));
    }
    Response response;
    try {
      response = request.request(method, pathTemplate);
    } catch (OpenApiValidationFilter.OpenApiValidationException e) {
      throw new ContractViolation(
          Redaction.redact(
              operation
                  + " answered outside the OpenAPI document: "
                  + describe(e.getValidationReport())));
    }
    Map<String, List<String>> headers = new LinkedHashMap<>();
    for (Header header : response.getHeaders()) {
      headers
          .computeIfAbsent(header.getName(), name -> new java.util.ArrayList<>())
          .add(header.getValue());
    }
    String text = response.asString();
    JsonNode json = parse(text);
    String contentType = response.getContentType() == null ? "" : response.getContentType();
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
    List<ApiResponse.ErrorDetail> details = new java.util.ArrayList<>();
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

  private static Response registerSensitiveValues(
      io.restassured.specification.FilterableRequestSpecification request,
      io.restassured.specification.FilterableResponseSpecification responseSpec,
      io.restassured.filter.FilterContext context) {
    String authorization = request.getHeaders().getValue("Authorization");
    if (authorization != null) {
      Redaction.register(
          authorization.startsWith("Bearer ") ? authorization.substring(7) : authorization);
    }
    Response response = context.next(request, responseSpec);
    String text = response.asString();
    JsonNode json = parse(text);
    for (String field : List.of("secret", "token")) {
      json.findValuesAsText(field).forEach(Redaction::register);
    }
    json.findValuesAsText("uri")
        .forEach(uri -> KeyUri.parse(uri).ifPresent(k -> Redaction.register(k.secret())));
    Object requestBody = request.getBody();
    TrafficTap.record(
        new TrafficTap.Exchange(
            request.getMethod(),
            request.getURI(),
            Optional.ofNullable(authorization),
            requestBody instanceof byte[] bytes
                ? new String(bytes, StandardCharsets.UTF_8)
                : String.valueOf(requestBody),
            response.statusCode(),
            text,
            headerMap(request.getHeaders()),
            headerMap(response.getHeaders())));
    return response;
  }

  /** This thread's configuration, with its own client (made on its first request of the run). */
  private static RestAssuredConfig config() {
    int generation = GENERATION.get();
    ThreadClient current = PER_THREAD.get();
    if (current == null || current.generation() != generation) {
      org.apache.http.client.HttpClient client = client();
      OPEN.add(client);
      current =
          new ThreadClient(
              generation,
              CONFIG.httpClient(
                  httpClientConfig().reuseHttpClientInstance().httpClientFactory(() -> client)));
      PER_THREAD.set(current);
    }
    return current.config();
  }

  /** Shuts down every client made so far; the next request of any thread makes a new one. */
  @SuppressWarnings("deprecation")
  static void closeClients() {
    GENERATION.incrementAndGet();
    OPEN.removeIf(
        client -> {
          client.getConnectionManager().shutdown();
          return true;
        });
  }

  /** REST Assured speaks HttpClient 4's classic API; its pooling manager is the thread-safe one. */
  @SuppressWarnings("deprecation")
  private static org.apache.http.client.HttpClient client() {
    var connections = new org.apache.http.impl.conn.PoolingClientConnectionManager();
    connections.setMaxTotal(CONNECTIONS);
    connections.setDefaultMaxPerRoute(CONNECTIONS);
    return new org.apache.http.impl.client.DefaultHttpClient(connections);
  }

  private static Map<String, List<String>> headerMap(io.restassured.http.Headers headers) {
    Map<String, List<String>> map = new LinkedHashMap<>();
    for (Header header : headers) {
      map.computeIfAbsent(header.getName(), name -> new java.util.ArrayList<>())
          .add(header.getValue());
    }
    return map;
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
