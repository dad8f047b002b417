package org.totpkit.mock.testing;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Random;
import java.util.Set;

/**
 * A seeded generator of malformed HTTP/1.1 requests, as bytes, across every route of the API and
 * the hooks (and paths that are no route). Request {@code i} of seed {@code s} is always the same,
 * so a failure is reproduced by its seed and index alone. Each request is malformed in a way that
 * must be refused on its own: where the malformation would leave a valid request (a wrong method,
 * an odd header), the carrier is one the server refuses anyway (no or a wrong token), and where it
 * is structural (framing, sizes, the request line), the carrier is a valid request that would
 * change the state if the malformation were overlooked.
 */
public final class MalformedRequests {
  /** Who and what the requests aim at. Tokens are kept here only, never in a description. */
  public record Target(
      String host, String userId, String token, String totpId, String adminToken) {}

  /** One generated request: what it is (safe to print) and its bytes. */
  public record Malformed(int index, String kind, String route, byte[] bytes) {
    public boolean oversized() {
      return kind.startsWith("oversized");
    }

    @Override
    public String toString() {
      return "#" + index + " " + kind + " on " + route;
    }
  }

  private enum Body {
    /** The body is read and decoded: verify and the hooks that take JSON. */
    READ,
    /** The body is ignored (start, remove, reads of the clock and policy, reset, health). */
    IGNORED
  }

  private enum Guard {
    API,
    ADMIN,
    OPEN
  }

  private record Route(String method, String template, Body body, Guard guard, String carrier) {
    String name() {
      return method + " " + template;
    }
  }

  private static final String USERS = "/resources/v3alpha/users/";
  private static final String SEED = "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ";

  // Carriers: requests that would succeed (and change the state) if the malformation were missed.
  // Never empty, so that every broken framing breaks on a body (Jetty skips blank lines).
  private static final List<Route> ROUTES =
      List.of(
          new Route("POST", USERS + "{user}/totp", Body.IGNORED, Guard.API, "{}"),
          new Route("POST", USERS + "{user}/totp/{totp}/_verify", Body.READ, Guard.API, null),
          new Route("DELETE", USERS + "{user}/totp/{totp}", Body.IGNORED, Guard.API, "{}"),
          new Route("POST", "/__admin/totp/users", Body.READ, Guard.ADMIN, "{}"),
          new Route("GET", "/__admin/totp/users", Body.IGNORED, Guard.ADMIN, "{}"),
          new Route(
              "POST",
              "/__admin/totp/tokens",
              Body.READ,
              Guard.ADMIN,
              "{\"orgId\":\"o1\",\"permissions\":[\"user.write\"]}"),
          new Route(
              "POST",
              "/__admin/totp/users/{user}/totp",
              Body.READ,
              Guard.ADMIN,
              "{\"secret\":\"" + SEED + "\"}"),
          new Route("GET", "/__admin/totp/clock", Body.IGNORED, Guard.ADMIN, "{}"),
          new Route("PUT", "/__admin/totp/clock", Body.READ, Guard.ADMIN, "{\"epochMillis\":1}"),
          new Route("DELETE", "/__admin/totp/clock", Body.IGNORED, Guard.ADMIN, "{}"),
          new Route(
              "POST", "/__admin/totp/clock/advance", Body.READ, Guard.ADMIN, "{\"millis\":1}"),
          new Route("GET", "/__admin/totp/policy", Body.IGNORED, Guard.ADMIN, "{}"),
          new Route("PUT", "/__admin/totp/policy", Body.READ, Guard.ADMIN, "{\"digits\":8}"),
          new Route("POST", "/__admin/totp/reset", Body.IGNORED, Guard.ADMIN, "{}"),
          new Route("GET", "/__admin/health", Body.IGNORED, Guard.OPEN, "{}"),
          new Route("POST", "/nowhere/at/all", Body.IGNORED, Guard.OPEN, "{}"),
          new Route("POST", USERS + "{user}", Body.IGNORED, Guard.API, "{}"),
          new Route("GET", "/__admin/totp/nothing", Body.IGNORED, Guard.ADMIN, "{}"));

  private static final List<String> ODD_METHODS =
      List.of(
          "GET",
          "POST",
          "PUT",
          "DELETE",
          "PATCH",
          "OPTIONS",
          "TRACE",
          "PROPFIND",
          "MKCOL",
          "FOO",
          "post",
          "Delete",
          "CONNECT",
          "M-SEARCH",
          "X".repeat(300));

  private final Target target;
  private final long seed;
  private final String wrongCode;

  /**
   * @param wrongCode a well-formed code that is not the registration's: a verify that carried it
   *     past a malformation would count a failed attempt
   */
  public MalformedRequests(Target target, long seed, String wrongCode) {
    this.target = target;
    this.seed = seed;
    this.wrongCode = wrongCode;
  }

  public Malformed get(int index) {
    Random random = new Random(seed * 1_000_003L + index);
    Route route = ROUTES.get(random.nextInt(ROUTES.size()));
    Kind kind = pick(random, route);
    Request request = new Request(route, target, carrier(route));
    String name = kind.apply(random, request);
    return new Malformed(index, name, route.name(), request.bytes());
  }

  private String carrier(Route route) {
    return route.carrier() != null ? route.carrier() : "\"" + wrongCode + "\"";
  }

  /** A malformation; it changes the request and returns its own name. */
  private interface Kind {
    String apply(Random random, Request request);
  }

  private Kind pick(Random random, Route route) {
    while (true) {
      switch (random.nextInt(13)) {
        case 0, 1 -> {
          return MalformedRequests::framing;
        }
        case 2 -> {
          return MalformedRequests::oversizedBody;
        }
        case 3 -> {
          return MalformedRequests::oversizedHeader;
        }
        case 4 -> {
          return MalformedRequests::oddMethod;
        }
        case 5 -> {
          return MalformedRequests::badRequestLine;
        }
        case 6 -> {
          return MalformedRequests::badQuery;
        }
        case 7 -> {
          if (route.guard() != Guard.OPEN) {
            return MalformedRequests::oddPath;
          }
        }
        case 8 -> {
          if (route.guard() != Guard.OPEN) {
            return MalformedRequests::oddHeaders;
          }
        }
        default -> {
          if (route.body() == Body.READ) {
            return MalformedRequests::badBody;
          }
        }
      }
    }
  }

  // --- structural: refused whatever the route and the token -------------------------------------

  private static String framing(Random random, Request request) {
    request.rightToken(random);
    byte[] body = request.body;
    String json = new String(body, StandardCharsets.ISO_8859_1);
    String chunk = Integer.toHexString(body.length);
    switch (random.nextInt(15)) {
      case 0 -> request.chunked("zz\r\n" + json + "\r\n0\r\n\r\n");
      case 1 -> request.chunked("-1\r\n" + json + "\r\n0\r\n\r\n");
      case 2 -> request.chunked("0x" + chunk + "\r\n" + json + "\r\n0\r\n\r\n");
      case 3 -> request.chunked("\r\n" + json + "\r\n0\r\n\r\n");
      case 4 -> request.chunked("f".repeat(17 + random.nextInt(8)) + "\r\n" + json + "\r\n");
      case 5 -> {
        request.chunked(chunk + "\r\n" + json + "\r\n");
        return "framing: no last chunk";
      }
      case 6 -> {
        request.chunked("1\r\n" + json + "\r\n0\r\n\r\n");
        return "framing: a chunk longer than its size";
      }
      case 13 -> {
        // Issue 20: "fa..." after a one-byte chunk read as the size line of a chunk of 0xa.
        request.chunked("1\r\nfa" + json + "\r\n0\r\n\r\n");
        return "framing: a chunk longer than its size, hex digits after its data";
      }
      case 14 -> {
        request.chunked(chunk + "\r\n" + json + "0\r\n\r\n");
        return "framing: a chunk's data without its line end";
      }
      case 7 -> {
        request.header("Content-Length", Integer.toString(body.length));
        request.chunked(chunk + "\r\n" + json + "\r\n0\r\n\r\n");
        return "framing: Content-Length and chunked";
      }
      case 8 ->
          request.length(List.of("abc", "-1", "1.5", "0x10", "1e3", "").get(random.nextInt(6)));
      case 9 -> request.length("9".repeat(20 + random.nextInt(10)));
      case 10 -> {
        request.header("Content-Length", Integer.toString(body.length));
        request.header("Content-Length", Integer.toString(body.length + 1 + random.nextInt(9)));
        request.framed = true;
        return "framing: two Content-Lengths";
      }
      case 11 -> {
        request.length(Integer.toString(body.length + 1 + random.nextInt(1000)));
        return "framing: a body shorter than its Content-Length";
      }
      default -> {
        request.header(
            "Transfer-Encoding",
            List.of("gzip", "identity", "chunked, gzip").get(random.nextInt(3)));
        request.framed = true;
        return "framing: a transfer coding other than chunked";
      }
    }
    return request.headers.toString().contains("Content-Length")
        ? "framing: a bad Content-Length"
        : "framing: a bad chunk size";
  }

  private static String oversizedBody(Random random, Request request) {
    request.rightToken(random);
    int size = (1 << 20) + random.nextInt(2 << 20);
    byte[] big = new byte[size];
    byte filler = (byte) "1a{[\" ".charAt(random.nextInt(6));
    java.util.Arrays.fill(big, filler);
    request.body = big;
    if (random.nextBoolean()) {
      String head = Integer.toHexString(size) + "\r\n";
      ByteArrayOutputStream chunked = new ByteArrayOutputStream();
      chunked.writeBytes(head.getBytes(StandardCharsets.ISO_8859_1));
      chunked.writeBytes(big);
      chunked.writeBytes("\r\n0\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
      request.header("Transfer-Encoding", "chunked");
      request.body = chunked.toByteArray();
      request.framed = true;
      return "oversized body, chunked";
    }
    return "oversized body";
  }

  private static String oversizedHeader(Random random, Request request) {
    request.rightToken(random);
    int size = 8 * 1024 + random.nextInt(56 * 1024);
    String name = List.of("X-Padding", "Cookie", "Accept", "User-Agent").get(random.nextInt(4));
    request.header(name, "v".repeat(size));
    return "oversized header";
  }

  private static String oddMethod(Random random, Request request) {
    request.rightToken(random);
    Set<String> served = servedAt(request.route.template());
    String method;
    do {
      method = ODD_METHODS.get(random.nextInt(ODD_METHODS.size()));
    } while (served.contains(method));
    request.method = method;
    return "odd method";
  }

  private static Set<String> servedAt(String template) {
    Set<String> methods = new java.util.HashSet<>();
    for (Route route : ROUTES) {
      if (route.template().equals(template)) {
        methods.add(route.method());
      }
    }
    return methods;
  }

  private static String badRequestLine(Random random, Request request) {
    request.rightToken(random);
    switch (random.nextInt(6)) {
      case 0 -> request.version = "HTTP/1.7";
      case 1 -> request.version = "HTTP/x";
      case 2 -> request.path = request.path + " extra";
      case 3 -> request.path = request.path.replaceFirst("/", "/\u0001");
      case 4 -> request.path = request.path + "%zz";
      default -> request.path = request.path.replaceFirst("/", "/%00");
    }
    return "bad request line";
  }

  private static String badQuery(Random random, Request request) {
    request.rightToken(random);
    String query =
        List.of("%zz", "a=%", "%", "instance.id=%E", "organization.orgId=%G1", "x=%%%")
            .get(random.nextInt(6));
    request.path = request.path + "?" + query;
    return "malformed query escape";
  }

  // --- carried by a request refused anyway: no token or a wrong one -----------------------------

  private static String oddPath(Random random, Request request) {
    String path = request.path;
    int choice = random.nextInt(9);
    if (choice == 0) {
      // An id over 200 characters is refused with the right token too.
      request.rightToken(random);
      String longId = "9".repeat(201 + random.nextInt(4000));
      request.path = path.replace(request.target.userId(), longId);
      if (request.path.equals(path)) {
        request.path = path + "/" + longId;
      }
      return "id over 200 characters";
    }
    request.noOrWrongToken(random);
    int slash = path.lastIndexOf('/');
    String head = path.substring(0, slash);
    String tail = path.substring(slash + 1);
    request.path =
        switch (choice) {
          case 1 -> head + "%2F" + tail;
          case 2 -> head + "/%2e%2e/" + tail;
          case 3 -> head + "/../" + tail.toUpperCase(java.util.Locale.ROOT);
          case 4 -> head + "/./" + tail + "/.";
          case 5 -> path + "/..%2F..%2F__admin%2Fmappings";
          case 6 -> head + "/%C3%28" + tail;
          case 7 -> head + "//" + tail + "%5C..";
          default -> "/../../" + path;
        };
    return "odd path";
  }

  private static String oddHeaders(Random random, Request request) {
    request.noOrWrongToken(random);
    switch (random.nextInt(7)) {
      case 0 -> request.header("X-Control", "a\u0001b\u007fc");
      case 1 -> request.header("Authorization", "Bearer \u0000" + "x");
      case 2 -> request.header("X-Folded", "a\r\n folded");
      case 3 -> request.header("Host", "other.example");
      case 4 -> request.header("Authorization", "Bearer another-wrong-one");
      case 5 -> request.header("Content-Type", "application/json");
      default -> request.header("X-\u00e9", "\u00ff\u00fe");
    }
    String type =
        List.of("text/xml", "application/grpc", "multipart/form-data", ";;==", "application/json")
            .get(random.nextInt(5));
    request.header("Content-Type", type);
    return "odd or duplicate headers, wrong content type";
  }

  // --- bodies: refused when decoded, whatever the token --------------------------------------

  // Per body-reading hook: values of a wrong type, or out of range, each refused with 400.
  private static final java.util.Map<String, List<String>> WRONG_VALUES =
      java.util.Map.of(
          "/__admin/totp/users",
          List.of(
              "{\"loginName\":5}",
              "{\"orgId\":[]}",
              "{\"loginName\":{}}",
              "{\"loginName\":\"\"}",
              "{\"orgId\":\"" + "o".repeat(201) + "\"}",
              "{\"loginName\":true}"),
          "/__admin/totp/tokens",
          List.of(
              "{\"orgId\":1,\"permissions\":[\"user.write\"]}",
              "{\"orgId\":\"o1\",\"permissions\":\"user.write\"}",
              "{\"orgId\":\"o1\",\"permissions\":[1]}",
              "{\"orgId\":\"o1\",\"permissions\":[\"nope\"]}",
              "{\"permissions\":[\"user.write\"]}",
              "{\"orgId\":\"o1\"}"),
          "/__admin/totp/users/{user}/totp",
          List.of(
              "{\"secret\":1}",
              "{\"secret\":\"not base32!\"}",
              "{\"secret\":\"" + SEED + "\",\"digits\":\"6\"}",
              "{\"secret\":\"" + SEED + "\",\"digits\":5}",
              "{\"secret\":\"" + SEED + "\",\"period\":0}",
              "{\"secret\":\"" + SEED + "\",\"algorithm\":\"MD5\"}",
              "{}"),
          "/__admin/totp/clock",
          List.of(
              "{\"epochMillis\":\"1\"}",
              "{\"epochMillis\":1,\"offsetMillis\":1}",
              "{\"epochMillis\":-1}",
              "{\"epochMillis\":1.5}",
              "{\"offsetMillis\":9223372036854775807}",
              "{\"epochMillis\":1e400}"),
          "/__admin/totp/clock/advance",
          List.of(
              "{\"millis\":\"1\"}",
              "{\"millis\":-1}",
              "{\"millis\":1.0e3}",
              "{\"millis\":9223372036854775807}",
              "{\"millis\":99999999999999999999}",
              "{}"),
          "/__admin/totp/policy",
          List.of(
              "{\"digits\":\"8\"}",
              "{\"digits\":5}",
              "{\"period\":0}",
              "{\"skew\":11}",
              "{\"algorithm\":\"MD5\"}",
              "{\"issuer\":5}",
              "{\"maxFailedAttempts\":-1}",
              "{\"issuer\":\"" + "i".repeat(300) + "\"}"));

  private static String badBody(Random random, Request request) {
    request.anyToken(random);
    String template = request.route.template();
    boolean verify = template.endsWith("_verify");
    String carrier = request.route.carrier();
    String kind;
    byte[] body;
    switch (random.nextInt(7)) {
      case 0 -> {
        kind = "broken JSON";
        List<String> broken =
            List.of(
                "{",
                "[",
                "\"123456",
                "{'a':1}",
                "{\"a\":}",
                "\"123456\"garbage",
                "NaN",
                "/*c*/\"1\"",
                "{\"a\":1,}",
                "\uFEFF{",
                ",",
                "{\"a\" 1}",
                "\"\\u12\"",
                "\"\\x41\"");
        body = utf8(broken.get(random.nextInt(broken.size())));
      }
      case 1 -> {
        kind = "deeply nested JSON";
        int depth = 1000 + random.nextInt(30_000);
        body =
            utf8(
                random.nextBoolean()
                    ? "[".repeat(depth) + "]".repeat(depth)
                    : "{\"a\":".repeat(depth) + "1" + "}".repeat(depth));
      }
      case 2 -> {
        kind = "wrong types or values";
        List<String> wrong =
            verify
                ? List.of(
                    "123456",
                    "[\"123456\"]",
                    "true",
                    "12345.6",
                    "{}",
                    "\"12345\"",
                    "\"1234567890\"",
                    "\"" + "1".repeat(5000) + "\"")
                : WRONG_VALUES.get(template);
        body = utf8(wrong.get(random.nextInt(wrong.size())));
      }
      case 3 -> {
        // Unescaped, inside a string: JSON forbids it (a bare tab between tokens would be fine).
        kind = "control characters";
        String control = Character.toString(random.nextInt(0x20));
        String json =
            verify
                ? "\"12" + control + "3456\""
                : carrier.equals("{}")
                    ? "{\"loginName\":\"a" + control + "b\"}"
                    : carrier.replaceFirst("\"", "\"" + control);
        body = utf8(json);
      }
      case 4 -> {
        kind = "invalid UTF-8";
        byte[][] bad = {
          {(byte) 0xC3, (byte) 0x28},
          {(byte) 0xFF, (byte) 0xFE},
          {(byte) 0xC0, (byte) 0xAF},
          {(byte) 0xED, (byte) 0xA0, (byte) 0x80},
          {(byte) 0xE2, (byte) 0x82, (byte) 0x41}
        };
        byte[] junk = bad[random.nextInt(bad.length)];
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        if (verify) {
          // Six to nine characters once decoded: only strict decoding refuses it as row 3.
          out.writeBytes(utf8("\"1234"));
          out.writeBytes(junk);
          out.writeBytes(utf8("\""));
        } else if (carrier.equals("{}")) {
          out.writeBytes(utf8("{\"loginName\":\"a"));
          out.writeBytes(junk);
          out.writeBytes(utf8("\"}"));
        } else if (template.endsWith("/tokens")) {
          out.writeBytes(utf8("{\"orgId\":\"o"));
          out.writeBytes(junk);
          out.writeBytes(utf8("\",\"permissions\":[\"user.write\"]}"));
        } else if (template.endsWith("/policy")) {
          out.writeBytes(utf8("{\"issuer\":\"I"));
          out.writeBytes(junk);
          out.writeBytes(utf8("\"}"));
        } else {
          out.writeBytes(utf8("{\""));
          out.writeBytes(junk);
          out.writeBytes(utf8(carrier.substring(2)));
        }
        body = out.toByteArray();
      }
      case 5 -> {
        kind = "JSON of the wrong shape";
        body = utf8(verify ? "{\"code\":\"123456\"}" : "[" + carrier + "]");
      }
      default -> {
        kind = "unknown or null fields";
        String json;
        if (verify) {
          json = "null";
        } else if (random.nextBoolean()) {
          json = carrier.equals("{}") ? "{\"extra\":true}" : carrier.replace("}", ",\"extra\":1}");
        } else {
          json =
              carrier.equals("{}")
                  ? "{\"loginName\":null}"
                  : carrier.replaceFirst(":[^,}]+", ":null");
        }
        body = utf8(json);
      }
    }
    request.body = body;
    return kind;
  }

  private static byte[] utf8(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }

  /** A request being built: line, headers, body; framing headers added last. */
  private static final class Request {
    final Route route;
    final Target target;
    String method;
    String path;
    String version = "HTTP/1.1";
    final StringBuilder headers = new StringBuilder();
    byte[] body;
    boolean framed;
    String authorization;

    Request(Route route, Target target, String carrier) {
      this.route = route;
      this.target = target;
      this.method = route.method();
      this.path =
          route.template().replace("{user}", target.userId()).replace("{totp}", target.totpId());
      this.body = carrier.getBytes(StandardCharsets.UTF_8);
    }

    void header(String name, String value) {
      headers.append(name).append(": ").append(value).append("\r\n");
    }

    void chunked(String chunkedBody) {
      header("Transfer-Encoding", "chunked");
      body = chunkedBody.getBytes(StandardCharsets.ISO_8859_1);
      framed = true;
    }

    void length(String value) {
      header("Content-Length", value);
      framed = true;
    }

    private String rightTokenFor() {
      return switch (route.guard()) {
        case API -> target.token();
        case ADMIN -> target.adminToken();
        case OPEN -> null;
      };
    }

    void rightToken(Random random) {
      String token = rightTokenFor();
      authorization = token == null ? null : "Bearer " + token;
    }

    void noOrWrongToken(Random random) {
      authorization =
          List.of("", "Bearer wrong-" + random.nextInt(1000), "Basic dXNlcjpwYXNz", "bearer x")
              .get(random.nextInt(4));
      if (authorization.isEmpty()) {
        authorization = null;
      }
    }

    void anyToken(Random random) {
      if (random.nextBoolean()) {
        rightToken(random);
      } else {
        noOrWrongToken(random);
      }
    }

    byte[] bytes() {
      StringBuilder head = new StringBuilder();
      head.append(method).append(' ').append(path).append(' ').append(version).append("\r\n");
      head.append("Host: ").append(target.host()).append("\r\n");
      if (authorization != null) {
        head.append("Authorization: ").append(authorization).append("\r\n");
      }
      head.append(headers);
      if (!framed) {
        head.append("Content-Length: ").append(body.length).append("\r\n");
      }
      head.append("\r\n");
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      // Header bytes as ISO-8859-1: what a client that sends raw octets would put on the wire.
      out.writeBytes(head.toString().getBytes(StandardCharsets.ISO_8859_1));
      out.writeBytes(body);
      return out.toByteArray();
    }
  }
}
