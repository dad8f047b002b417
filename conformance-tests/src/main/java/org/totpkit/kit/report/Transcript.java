package org.totpkit.kit.report;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The evidence of one scenario: the last exchanges it made, redacted as they are recorded, so that
 * a failed or skipped scenario's report entry shows what was asked and answered. Any transport
 * records into it: an HTTP exchange names its method and path, an RPC its method name.
 */
public final class Transcript {
  /** How many exchanges a scenario keeps: the ones that led to its end. */
  static final int KEEP = 12;

  /** Longer bodies are cut: the evidence is for reading, not for replaying. */
  static final int MAX_BODY = 1_500;

  /** The headers (or RPC metadata) worth showing; the rest is noise or a cookie. */
  private static final Set<String> SHOWN =
      Set.of(
          "authorization",
          "content-type",
          "allow",
          "retry-after",
          "www-authenticate",
          "location",
          "grpc-status",
          "grpc-message",
          "connect-protocol-version");

  /** Body fields that carry a secret or a token, whatever else the body is. */
  private static final Set<String> SENSITIVE_FIELDS =
      Set.of("secret", "token", "uri", "password", "accesstoken", "access_token");

  /** A request's "code" is a TOTP code; an answer's "code" is its google.rpc.Status code. */
  private static final Set<String> SENSITIVE_REQUEST_FIELDS = Set.of("code", "totpcode");

  private static final Pattern CODE_LIKE =
      Pattern.compile("(?<!\\p{Alnum})\\p{Nd}{6,9}(?!\\p{Alnum})");
  private static final ObjectMapper JSON =
      new ObjectMapper()
          .enable(com.fasterxml.jackson.databind.DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

  /**
   * One exchange, already redacted.
   *
   * @param transport {@code rest}, {@code grpc}, {@code grpc-web}, {@code connect}
   * @param call {@code POST /resources/v3alpha/users/1/totp} or an RPC's full method name
   * @param status {@code HTTP 404}, or an RPC status such as {@code NOT_FOUND (5)}
   * @param headers the headers or metadata that matter, {@code > name: value} sent and {@code <
   *     name: value} received
   */
  public record Exchange(
      String transport,
      String call,
      String status,
      List<String> headers,
      String request,
      String response) {
    public Exchange {
      headers = List.copyOf(headers);
    }

    /** An HTTP exchange, redacted: the path without scheme and host, the selected headers. */
    public static Exchange http(
        String method,
        String path,
        int status,
        Map<String, List<String>> requestHeaders,
        Map<String, List<String>> responseHeaders,
        String requestBody,
        String responseBody) {
      return of(
          "rest",
          method + " " + pathOnly(path),
          "HTTP " + status,
          requestHeaders,
          responseHeaders,
          requestBody,
          responseBody);
    }

    /** Any transport's exchange, redacted; bodies are the text form of the messages (JSON). */
    public static Exchange of(
        String transport,
        String call,
        String status,
        Map<String, List<String>> sent,
        Map<String, List<String>> received,
        String request,
        String response) {
      List<String> shown = new ArrayList<>();
      select(sent, "> ", shown);
      select(received, "< ", shown);
      return new Exchange(
          transport,
          Redaction.redact(call),
          status,
          shown,
          redactBody(request, true),
          redactBody(response, false));
    }

    /** The exchange as the report's text prints it. */
    public String text() {
      StringBuilder out = new StringBuilder();
      out.append(call).append(" -> ").append(status);
      if (!"rest".equals(transport)) {
        out.append(" (").append(transport).append(')');
      }
      out.append('\n');
      headers.forEach(h -> out.append("  ").append(h).append('\n'));
      if (!request.isEmpty()) {
        out.append("  > ").append(request.replace("\n", "\n    ")).append('\n');
      }
      if (!response.isEmpty()) {
        out.append("  < ").append(response.replace("\n", "\n    ")).append('\n');
      }
      return out.toString();
    }
  }

  private static final ThreadLocal<Deque<Exchange>> CURRENT =
      ThreadLocal.withInitial(ArrayDeque::new);
  private static final ThreadLocal<int[]> DROPPED = ThreadLocal.withInitial(() -> new int[1]);

  private Transcript() {}

  /** A scenario starts on this thread: its transcript starts empty. */
  public static void begin() {
    CURRENT.get().clear();
    DROPPED.get()[0] = 0;
  }

  /** Records one exchange of the scenario running on this thread. */
  public static void record(Exchange exchange) {
    Deque<Exchange> exchanges = CURRENT.get();
    exchanges.addLast(exchange);
    while (exchanges.size() > KEEP) {
      exchanges.removeFirst();
      DROPPED.get()[0]++;
    }
  }

  /** The scenario on this thread ended: its last exchanges, and how many earlier ones were cut. */
  public static Kept end() {
    Kept kept = new Kept(List.copyOf(CURRENT.get()), DROPPED.get()[0]);
    begin();
    return kept;
  }

  /** What a scenario's transcript kept. */
  public record Kept(List<Exchange> exchanges, int earlierExchanges) {}

  private static void select(Map<String, List<String>> headers, String arrow, List<String> out) {
    if (headers == null) {
      return;
    }
    headers.forEach(
        (name, values) -> {
          String lower = name.toLowerCase(Locale.ROOT);
          if (!SHOWN.contains(lower)) {
            return;
          }
          for (String value : values) {
            String shown =
                lower.equals("authorization") ? authorizationShape(value) : Redaction.redact(value);
            out.add(arrow + name + ": " + shown);
          }
        });
  }

  /** Which kind of credential was sent, never the credential. */
  private static String authorizationShape(String value) {
    String trimmed = value == null ? "" : value.strip();
    int space = trimmed.indexOf(' ');
    if (trimmed.isEmpty()) {
      return "(empty)";
    }
    return space > 0 ? trimmed.substring(0, space) + " " + Redaction.MASK : Redaction.MASK;
  }

  /**
   * A body with every sensitive field blanked: a request that is a bare JSON string is a code (the
   * verify body); other text has its code-like digit runs blanked; then the run's registered
   * values.
   */
  static String redactBody(String body, boolean request) {
    if (body == null || body.isEmpty() || body.equals("null")) {
      return "";
    }
    String text;
    JsonNode json = parse(body);
    if (json == null) {
      text = body;
    } else if (json.isTextual() && request) {
      text = "\"" + Redaction.MASK + "\"";
    } else {
      blank(json, request);
      text = json.toString();
    }
    if (request) {
      // A code sent in some other shape (a number, an object, full-width digits) is still a code.
      text = CODE_LIKE.matcher(text).replaceAll(Redaction.MASK);
    }
    text = Redaction.redact(text);
    if (text.length() > MAX_BODY) {
      text = text.substring(0, MAX_BODY) + "… (" + (text.length() - MAX_BODY) + " more characters)";
    }
    return text;
  }

  private static void blank(JsonNode node, boolean request) {
    if (node instanceof ObjectNode object) {
      Iterator<Map.Entry<String, JsonNode>> fields = object.fields();
      List<String> sensitive = new ArrayList<>();
      while (fields.hasNext()) {
        Map.Entry<String, JsonNode> field = fields.next();
        String name = field.getKey().toLowerCase(Locale.ROOT);
        if (SENSITIVE_FIELDS.contains(name)
            || (request && SENSITIVE_REQUEST_FIELDS.contains(name))) {
          sensitive.add(field.getKey());
        } else {
          blank(field.getValue(), request);
        }
      }
      sensitive.forEach(name -> object.set(name, TextNode.valueOf(Redaction.MASK)));
    } else if (node instanceof ArrayNode array) {
      array.forEach(element -> blank(element, request));
    }
  }

  private static JsonNode parse(String body) {
    try {
      return JSON.readTree(body);
    } catch (Exception notJson) {
      return null;
    }
  }

  private static String pathOnly(String uri) {
    int scheme = uri.indexOf("://");
    if (scheme < 0) {
      return uri;
    }
    int slash = uri.indexOf('/', scheme + 3);
    return slash < 0 ? "/" : uri.substring(slash);
  }
}
