package org.totpkit.mock.testing;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.zip.GZIPOutputStream;
import org.totpkit.mock.contract.Operation;

/**
 * A seeded generator of malformed RPC requests (contract/v3alpha.md section 5) for every method of
 * the service, over gRPC (HTTP/2), gRPC-Web binary and text and Connect proto and JSON (HTTP/2 and
 * HTTP/1.1). Request {@code i} of seed {@code s} is always the same. As in {@link
 * MalformedRequests}, each malformation rides on a carrier that would change the state if it were
 * overlooked (the right token and a valid message: a start draws an id, a verify with a wrong code
 * counts an attempt, a remove removes), or, where the malformation alone leaves a valid call (a
 * missing {@code te}, an odd timeout), on one refused anyway (no or a wrong token). Each request
 * says which shape its answer must have, from the router's rule of section 5, and, for the RPC-only
 * rows, which code.
 */
public final class MalformedRpcRequests {
  /** Who the requests aim at. The token is kept here only, never in a description. */
  public record Target(String authority, String userId, String token, String totpId) {}

  public enum Protocol {
    GRPC("application/grpc"),
    GRPC_WEB("application/grpc-web+proto"),
    GRPC_WEB_TEXT("application/grpc-web-text"),
    CONNECT_PROTO("application/proto"),
    CONNECT_JSON("application/json");

    final String contentType;

    Protocol(String contentType) {
      this.contentType = contentType;
    }

    boolean framed() {
      return this == GRPC || this == GRPC_WEB || this == GRPC_WEB_TEXT;
    }

    boolean connect() {
      return this == CONNECT_PROTO || this == CONNECT_JSON;
    }
  }

  public enum Wire {
    H2,
    HTTP1
  }

  /** How the answer must look (the router of section 5 decides, from method, type and path). */
  public enum Shape {
    /** HTTP 200 and the status in HTTP/2 trailers, or trailers-only. */
    GRPC,
    /** HTTP 200, the status in a trailer frame (flag 0x80), binary or base64. */
    GRPC_WEB,
    /** The Connect error: the HTTP status of the code and the Connect error JSON. */
    CONNECT,
    /** Not an RPC to the router: REST's 4xx in the rpcStatus shape. */
    REST
  }

  /**
   * One generated request.
   *
   * @param code the gRPC code an RPC-only row requires, or -1 when any refusal of the contract will
   *     do (a field rule, a lookup that fails, a token refused)
   * @param http1 the whole HTTP/1.1 request, framing included, when {@code wire} is HTTP1
   * @param restAllowed Jetty may refuse it before routing, with REST's 400
   */
  public record Malformed(
      int index,
      String kind,
      Protocol protocol,
      Wire wire,
      String method,
      String path,
      List<String[]> headers,
      List<byte[]> data,
      RawH2.Ending ending,
      byte[] http1,
      Shape shape,
      int code,
      boolean restAllowed) {
    public RawH2.Request h2() {
      return new RawH2.Request(method, path, headers, data, ending);
    }

    /** A text body (gRPC-Web-text): the answer is base64 too. */
    public boolean text() {
      return protocol == Protocol.GRPC_WEB_TEXT;
    }

    @Override
    public String toString() {
      return "#" + index + " " + kind + " (" + protocol + " over " + wire + ") on " + path;
    }
  }

  private final Target target;
  private final long seed;
  private final String wrongCode;

  /**
   * @param wrongCode a well-formed code that is not the registration's
   */
  public MalformedRpcRequests(Target target, long seed, String wrongCode) {
    this.target = target;
    this.seed = seed;
    this.wrongCode = wrongCode;
  }

  public Malformed get(int index) {
    Random random = new Random(seed * 1_000_003L + index);
    Operation operation = Operation.values()[random.nextInt(Operation.values().length)];
    Protocol protocol = Protocol.values()[random.nextInt(Protocol.values().length)];
    // gRPC is HTTP/2 only; now and then over HTTP/1.1, which the router hands to REST.
    Wire wire =
        protocol == Protocol.GRPC
            ? (random.nextInt(20) == 0 ? Wire.HTTP1 : Wire.H2)
            : (random.nextBoolean() ? Wire.H2 : Wire.HTTP1);
    Call call = new Call(operation, protocol, wire, target, wrongCode);
    String kind = pick(random, call).apply(random, call);
    return call.build(index, kind, random);
  }

  /**
   * A well-formed call that is refused (a wrong token), for warming a transport up before the
   * corpus is timed: the first call of each pays for class loading on both sides.
   */
  public Malformed warmUp(Protocol protocol, Wire wire) {
    Random random = new Random(seed);
    Call call = new Call(Operation.START, protocol, wire, target, wrongCode);
    call.wrongToken(random);
    call.authorization = "Bearer warm-up";
    return call.build(-1, "warm-up", random);
  }

  /** A malformation; it changes the call and returns its own name. */
  private interface Kind {
    String apply(Random random, Call call);
  }

  private static Kind pick(Random random, Call call) {
    while (true) {
      int choice = random.nextInt(10);
      if (choice <= 2 && call.protocol.framed()) {
        return MalformedRpcRequests::frameDamage;
      }
      if (choice <= 4 && call.protocol != Protocol.CONNECT_JSON) {
        return MalformedRpcRequests::protobufDamage;
      }
      if (choice <= 4 && call.protocol == Protocol.CONNECT_JSON) {
        return MalformedRpcRequests::jsonDamage;
      }
      if (choice == 5) {
        return MalformedRpcRequests::headerDamage;
      }
      if (choice == 6) {
        return MalformedRpcRequests::routeDamage;
      }
      if (choice == 7 && call.protocol.connect()) {
        return MalformedRpcRequests::connectDamage;
      }
      if (choice == 7 && call.protocol == Protocol.GRPC_WEB_TEXT) {
        return MalformedRpcRequests::base64Damage;
      }
      if (choice == 8 && call.wire == Wire.H2) {
        return MalformedRpcRequests::clientReset;
      }
      if (choice == 8 && call.wire == Wire.HTTP1) {
        return MalformedRpcRequests::http1Framing;
      }
      if (choice == 9 && call.protocol.framed()) {
        return MalformedRpcRequests::compression;
      }
    }
  }

  // --- the gRPC message frame (gRPC, gRPC-Web)
  // ----------------------------------------------------

  private static String frameDamage(Random random, Call call) {
    call.code = 13;
    byte[] message = call.message();
    switch (random.nextInt(11)) {
      case 0 -> {
        call.frame = header(0, message.length + 1 + random.nextInt(1000), message);
        return "length prefix longer than the message";
      }
      case 1 -> {
        call.frame = header(0, random.nextInt(message.length), message);
        return "length prefix shorter than the message";
      }
      case 2 -> {
        long[] huge = {
          65_537, 1 << 20, 0x7fff_ffffL, 0xffff_ffffL, 65_536L + random.nextInt(1 << 24)
        };
        call.frame = header(0, huge[random.nextInt(huge.length)], message);
        call.code = 8;
        return "declared length over the size cap";
      }
      case 3 -> {
        call.fields.set(0, "x".repeat(65_537 + random.nextInt(100_000)));
        call.frame = null;
        call.code = 8;
        return "message over the size cap";
      }
      case 4 -> {
        byte[] whole = frame(0, message);
        call.frame = java.util.Arrays.copyOf(whole, 1 + random.nextInt(4));
        return "truncated frame header";
      }
      case 5 -> {
        call.frame = concat(frame(0, message), frame(0, message));
        return "two messages on a unary call";
      }
      case 6 -> {
        byte[] tail = new byte[1 + random.nextInt(16)];
        random.nextBytes(tail);
        call.frame = concat(frame(0, message), tail);
        return "trailing bytes after the message";
      }
      case 7 -> {
        byte[] flags = {0x02, 0x04, 0x7f, (byte) 0x80, (byte) 0x81, (byte) 0xff};
        call.frame = frame(flags[random.nextInt(flags.length)], message);
        return "unknown frame flag";
      }
      case 8 -> {
        call.frame = new byte[0];
        return "empty body";
      }
      case 9 -> {
        // A frame cut inside the message: the length says more than came.
        byte[] whole = frame(0, message);
        call.frame = java.util.Arrays.copyOf(whole, 5 + random.nextInt(message.length));
        return "truncated message";
      }
      default -> {
        // Valid framing of an empty message: every field missing, refused by the field rules.
        call.frame = frame(0, new byte[0]);
        call.code = 3;
        return "empty message";
      }
    }
  }

  private static String compression(Random random, Call call) {
    byte[] message = call.message();
    List<String> unknown =
        List.of("br", "deflate", "snappy", "zstd", "GZIP", "gzip, deflate", "x-none", "*");
    switch (random.nextInt(5)) {
      case 0 -> {
        if (random.nextBoolean()) {
          call.header("grpc-encoding", "identity");
        }
        call.frame = frame(1, message);
        call.code = 13;
        return "compressed flag with no or identity encoding";
      }
      case 1 -> {
        call.header("grpc-encoding", unknown.get(random.nextInt(unknown.size())));
        call.frame = frame(1, message);
        call.code = 12;
        return "compressed flag with an unknown encoding";
      }
      case 2 -> {
        call.header("grpc-encoding", unknown.get(random.nextInt(unknown.size())));
        call.frame = frame(0, message);
        call.code = 12;
        return "unknown encoding on a plain frame";
      }
      case 3 -> {
        call.header("grpc-encoding", "gzip");
        call.frame = frame(1, message);
        call.code = 13;
        return "gzip flag on a message that is not gzip";
      }
      default -> {
        call.header("grpc-encoding", "gzip");
        call.frame = frame(1, bomb(random));
        call.code = 8;
        return "gzip bomb over the size cap";
      }
    }
  }

  // --- the protobuf message (gRPC, gRPC-Web, Connect proto)
  // ---------------------------------------

  private static String protobufDamage(Random random, Call call) {
    int field = random.nextInt(call.fields.size());
    int number = 3 + field;
    byte[] message;
    String kind;
    int code = -1;
    switch (random.nextInt(9)) {
      case 0 -> {
        kind = "bad varint";
        byte[] overlong = new byte[11];
        java.util.Arrays.fill(overlong, (byte) 0xff);
        message =
            random.nextBoolean()
                ? concat(call.messageBytes(), overlong)
                : concat(new byte[] {(byte) (number << 3 | 2)}, overlong);
        code = 13;
      }
      case 1 -> {
        kind = "wrong wire type";
        byte[][] values = {
          {(byte) (number << 3), 0x01},
          {(byte) (number << 3 | 5), 1, 2, 3, 4},
          {(byte) (number << 3 | 1), 1, 2, 3, 4, 5, 6, 7, 8}
        };
        call.fields.set(field, null);
        message = concat(call.messageBytes(), values[random.nextInt(values.length)]);
      }
      case 2 -> {
        kind = "invalid UTF-8 in a string field";
        byte[][] bad = {
          {(byte) 0xC3, (byte) 0x28},
          {(byte) 0xFF, (byte) 0xFE},
          {(byte) 0xC0, (byte) 0xAF},
          {(byte) 0xED, (byte) 0xA0, (byte) 0x80},
          {(byte) 0xE2, (byte) 0x82, (byte) 0x41}
        };
        call.rawField(field, concat(utf8("1234"), bad[random.nextInt(bad.length)]));
        message = call.messageBytes();
        code = 13;
      }
      case 3 -> {
        kind = "id over 200 characters";
        int which = random.nextInt(Math.min(2, call.fields.size()));
        call.fields.set(which, "9".repeat(201 + random.nextInt(4000)));
        message = call.messageBytes();
        code = 3;
      }
      case 4 -> {
        // In an id only: a code with a control character is a well-formed wrong code.
        kind = "control characters in an id";
        int which = random.nextInt(Math.min(2, call.fields.size()));
        String control = Character.toString(random.nextBoolean() ? random.nextInt(0x20) : 0x7f);
        String id = call.fields.get(which);
        int at = random.nextInt(id.length() + 1);
        call.fields.set(which, id.substring(0, at) + control + id.substring(at));
        message = call.messageBytes();
      }
      case 5 -> {
        kind = "truncated length-delimited field";
        byte[] whole = call.messageBytes();
        message = java.util.Arrays.copyOf(whole, whole.length - 1 - random.nextInt(3));
        code = 13;
      }
      case 6 -> {
        kind = "invalid tag";
        byte[][] tags = {{0x00, 0x01}, {0x07}, {0x0c}, {(byte) 0x1b}, {0x0f, 0x01}};
        message = concat(call.messageBytes(), tags[random.nextInt(tags.length)]);
        code = 13;
      }
      case 7 -> {
        kind = "nested message that does not decode";
        byte[] inner = {(byte) 0xff, (byte) 0xff, (byte) 0xff};
        message =
            concat(
                new byte[] {(byte) ((1 + random.nextInt(2)) << 3 | 2), (byte) inner.length},
                inner,
                call.messageBytes());
        code = 13;
      }
      default -> {
        kind = "random bytes";
        message = new byte[1 + random.nextInt(64)];
        random.nextBytes(message);
      }
    }
    call.rawMessage = message;
    // Connect refuses an undecodable message with invalid_argument (section 5).
    call.code = call.protocol.connect() && code == 13 ? 3 : code;
    return kind;
  }

  // --- JSON (Connect JSON)
  // ------------------------------------------------------------------------

  private static String jsonDamage(Random random, Call call) {
    String json = call.json();
    String id = call.target.userId();
    call.code = 3;
    String kind;
    byte[] body;
    switch (random.nextInt(8)) {
      case 0 -> {
        kind = "broken JSON";
        List<String> broken =
            List.of(
                "{",
                "[",
                "{'id':'" + id + "'}",
                "{id:\"" + id + "\"}",
                json + "garbage",
                json + "}",
                json.replace("}", ",}"),
                "/*c*/" + json,
                json.replace("{", "{//c\n"),
                "NaN",
                "\uFEFF" + json,
                json.replace("\":", "\" "),
                json.substring(0, json.length() - 1),
                json.replace("\"id\"", "\"id\",\"id\""),
                "{\"id\":\"\\u12\"}",
                "{\"id\":\"\\x41\"}",
                json + json);
        body = utf8(broken.get(random.nextInt(broken.size())));
      }
      case 1 -> {
        kind = "duplicate keys";
        body = utf8(json.replace("{", "{\"id\":\"other\","));
      }
      case 2 -> {
        kind = "deeply nested JSON";
        int depth = 1000 + random.nextInt(20_000);
        body =
            utf8(
                switch (random.nextInt(3)) {
                  case 0 -> "[".repeat(depth) + "]".repeat(depth);
                  case 1 -> "{\"instance\":".repeat(depth) + "{}" + "}".repeat(depth);
                  default ->
                      json.replace("{", "{\"x\":" + "[".repeat(depth) + "]".repeat(depth) + ",");
                });
        call.code = -1;
      }
      case 3 -> {
        kind = "wrong JSON types";
        String totp = call.target.totpId();
        List<String> wrong =
            new ArrayList<>(
                List.of(
                    json.replace("\"" + id + "\"", id),
                    json.replace("\"" + id + "\"", "[\"" + id + "\"]"),
                    json.replace("\"" + id + "\"", "{\"id\":\"" + id + "\"}"),
                    json.replace("\"" + id + "\"", "true"),
                    json.replace("{", "{\"instance\":\"x\","),
                    json.replace("{", "{\"instance\":[],"),
                    json.replace("{", "{\"organization\":{\"orgId\":5},"),
                    json.replace("{", "{\"organization\":{\"orgId\":\"a\",\"orgDomain\":\"b\"},"),
                    "[" + json + "]",
                    "\"" + id + "\"",
                    "5",
                    "null"));
        if (call.operation != Operation.START) {
          wrong.add(json.replace("\"" + totp + "\"", totp));
        }
        if (call.operation == Operation.VERIFY) {
          wrong.add(json.replace("\"" + call.wrongCode + "\"", call.wrongCode));
          wrong.add(json.replace("\"" + call.wrongCode + "\"", "[\"" + call.wrongCode + "\"]"));
        }
        body = utf8(wrong.get(random.nextInt(wrong.size())));
      }
      case 4 -> {
        kind = "invalid UTF-8 in JSON";
        byte[][] bad = {
          {(byte) 0xC3, (byte) 0x28},
          {(byte) 0xFF, (byte) 0xFE},
          {(byte) 0xC0, (byte) 0xAF},
          {(byte) 0xED, (byte) 0xA0, (byte) 0x80},
          {(byte) 0xE2, (byte) 0x82, (byte) 0x41}
        };
        byte[] junk = bad[random.nextInt(bad.length)];
        // In the code of a verify, the one place a replacement character would be a value.
        String value = call.operation == Operation.VERIFY ? call.wrongCode : id;
        int cut = json.indexOf(value) + 4;
        body = concat(utf8(json.substring(0, cut)), junk, utf8(json.substring(cut + 2)));
      }
      case 5 -> {
        // Unescaped, inside a string: JSON forbids it.
        kind = "control characters in JSON strings";
        String control = Character.toString(random.nextInt(0x20));
        String value = call.operation == Operation.VERIFY ? call.wrongCode : id;
        body = utf8(json.replace(value, value.substring(0, 2) + control + value.substring(2)));
      }
      case 6 -> {
        kind = "id over 200 characters";
        body =
            utf8(
                json.replace(
                    "\"" + id + "\"", "\"" + "9".repeat(201 + random.nextInt(4000)) + "\""));
      }
      default -> {
        kind = "an empty or blank body";
        body = utf8(List.of("", " ", "\n", "{}", "{\"id\":null}").get(random.nextInt(5)));
      }
    }
    call.rawMessage = body;
    return kind;
  }

  // --- headers
  // ------------------------------------------------------------------------------------

  private static String headerDamage(Random random, Call call) {
    switch (random.nextInt(5)) {
      case 0 -> {
        // With the right token and a valid message: the router must not take it for this RPC.
        List<String> types =
            switch (call.protocol) {
              case GRPC -> List.of("application/grpc+json", "application/grpcx", "text/plain");
              case GRPC_WEB, GRPC_WEB_TEXT ->
                  List.of("application/grpc-web+json", "application/grpc-webx", "text/plain");
              case CONNECT_PROTO, CONNECT_JSON ->
                  List.of("application/connect+proto", "application/connect+json", "text/json");
            };
        call.contentType = random.nextInt(4) == 0 ? null : types.get(random.nextInt(types.size()));
        return "wrong or missing content type";
      }
      case 1 -> {
        if (call.protocol == Protocol.GRPC) {
          call.wrongToken(random);
          call.te = null;
          return "missing te: trailers";
        }
        call.wrongToken(random);
        call.header("te", "trailers");
        return "te on a non-gRPC call";
      }
      case 2 -> {
        call.wrongToken(random);
        call.header(
            "grpc-timeout",
            List.of("abc", "1", "-1S", "1000000000S", "1x", "", "1n", "99999999H")
                .get(random.nextInt(8)));
        return "bad grpc-timeout";
      }
      case 3 -> {
        call.wrongToken(random);
        // HTTP/2 field values cannot hold control characters or end in a space (RFC 9113 8.2.1:
        // the HTTP/2 layer refuses such a request, Jetty's client will not even encode it), and
        // HTTP/1.1 ones are Jetty's to refuse, as REST's (a 400 before routing).
        boolean h1 = call.wire == Wire.HTTP1;
        switch (random.nextInt(4)) {
          case 0 -> {
            call.header("authorization", h1 ? "Bearer " : "Bearer");
            call.restAllowed = h1;
          }
          case 1 -> {
            call.header("x-control", h1 ? "a\u0001b" : "a\u00e9b");
            call.restAllowed = h1;
          }
          case 2 -> call.header("grpc-status", "0");
          default -> {
            if (h1) {
              // A request head over 8 KiB is refused before routing (431, REST's shape).
              call.header("x-big", "v".repeat(8 * 1024 + random.nextInt(8 * 1024)));
              call.shapeOverride = Shape.REST;
            } else {
              call.header("x-big", "v".repeat(4 * 1024 + random.nextInt(2 * 1024)));
            }
          }
        }
        return "odd or duplicate headers";
      }
      default -> {
        if (call.protocol.connect()) {
          call.wrongToken(random);
          call.connectVersion = List.of("2", "", "1.0", "x").get(random.nextInt(4));
          return "bad Connect-Protocol-Version";
        }
        call.wrongToken(random);
        call.header("grpc-accept-encoding", call.wire == Wire.HTTP1 ? "\u0001,,," : ",,;q=x");
        call.restAllowed = call.wire == Wire.HTTP1;
        return "odd grpc-accept-encoding";
      }
    }
  }

  private static String routeDamage(Random random, Call call) {
    if (random.nextBoolean()) {
      call.method = List.of("GET", "PUT", "DELETE", "PATCH", "OPTIONS").get(random.nextInt(5));
      call.code = 12;
      return "odd method";
    }
    String service = Operation.SERVICE;
    String rpc = call.operation.rpcName;
    List<String> paths =
        List.of(
            "/" + service + "/Nope",
            "/" + service + "/" + rpc.toLowerCase(Locale.ROOT),
            "/" + service + "/" + rpc + "/extra",
            "/" + service + "/",
            "/" + service,
            "/",
            "/zitadel.resources.user.v3alpha.ZITADELUser/" + rpc,
            "/grpc.health.v1.Health/Check",
            "/" + service.toUpperCase(Locale.ROOT) + "/" + rpc);
    call.code = 12;
    if (random.nextInt(4) == 0) {
      // Jetty refuses an ambiguous path before routing (400, REST's shape), or routes it.
      List<String> ambiguous =
          call.wire == Wire.HTTP1
              ? List.of("/" + service + "%2F" + rpc, "/" + service + "/" + rpc + "%00")
              : List.of("/" + service + "%2F" + rpc, "/" + service + "/%2e%2e/" + rpc);
      call.path = ambiguous.get(random.nextInt(ambiguous.size()));
      call.restAllowed = true;
      return "ambiguous encoded path";
    }
    call.path = paths.get(random.nextInt(paths.size()));
    return "unknown service or method";
  }

  // --- Connect only
  // -------------------------------------------------------------------------------

  private static String connectDamage(Random random, Call call) {
    byte[] message = call.protocol == Protocol.CONNECT_JSON ? utf8(call.json()) : call.message();
    switch (random.nextInt(5)) {
      case 0 -> {
        call.rawMessage = frame(random.nextBoolean() ? 0 : 1, message);
        call.code = 3;
        return "Connect envelope on a unary call";
      }
      case 1 -> {
        call.header(
            "content-encoding",
            List.of("br", "deflate", "zstd", "gzip, br").get(random.nextInt(4)));
        call.rawMessage = message;
        call.code = 12;
        return "unknown Content-Encoding";
      }
      case 2 -> {
        call.header("content-encoding", "gzip");
        call.rawMessage = message;
        call.code = 3;
        return "Content-Encoding gzip on a body that is not gzip";
      }
      case 3 -> {
        call.header("content-encoding", "gzip");
        call.rawMessage = bomb(random);
        call.code = 8;
        return "gzip bomb over the size cap";
      }
      default -> {
        byte[] big = new byte[65_537 + random.nextInt(200_000)];
        java.util.Arrays.fill(big, (byte) (call.protocol == Protocol.CONNECT_JSON ? ' ' : 0));
        call.rawMessage = concat(message, big);
        call.code = 8;
        return "body over the size cap";
      }
    }
  }

  // --- gRPC-Web text only
  // -------------------------------------------------------------------------

  private static String base64Damage(Random random, Call call) {
    String text = Base64.getEncoder().encodeToString(frame(0, call.message()));
    int at = random.nextInt(text.length());
    call.code = 13;
    call.textBody =
        switch (random.nextInt(6)) {
          case 0 -> text.substring(0, at) + "*" + text.substring(at);
          case 1 -> text.substring(0, at) + "%" + text.substring(at + 1);
          case 2 -> "!!!!" + text;
          case 3 -> text.replace("=", "") + "A";
          case 4 -> text.substring(0, at) + "=" + text.substring(at);
          default -> text.substring(0, at) + "\u00e9" + text.substring(at);
        };
    return "not base64";
  }

  // --- the wire
  // -----------------------------------------------------------------------------------

  private static String clientReset(Random random, Call call) {
    call.ending = RawH2.Ending.CLIENT_RESET;
    call.code = -1;
    return "END_STREAM missing, then a client reset";
  }

  private static String http1Framing(Random random, Call call) {
    call.shapeOverride = Shape.REST;
    call.framing = random.nextInt(9);
    return "malformed HTTP/1.1 framing";
  }

  // --- helpers -----------------------------------------------------------------------------------

  private static final Map<Integer, byte[]> BOMBS = new ConcurrentHashMap<>();

  // gzip of zeros, over the cap once inflated; a few sizes, made once.
  private static byte[] bomb(Random random) {
    int size = List.of(65_537, 1 << 20, 8 << 20).get(random.nextInt(3));
    return BOMBS.computeIfAbsent(
        size,
        n -> {
          ByteArrayOutputStream out = new ByteArrayOutputStream();
          try (GZIPOutputStream zip = new GZIPOutputStream(out)) {
            zip.write(new byte[n]);
          } catch (IOException e) {
            throw new UncheckedIOException(e);
          }
          return out.toByteArray();
        });
  }

  static byte[] frame(int flag, byte[] payload) {
    return header(flag, payload.length, payload);
  }

  static byte[] header(int flag, long length, byte[] payload) {
    ByteBuffer frame = ByteBuffer.allocate(5 + payload.length);
    frame.put((byte) flag).putInt((int) length).put(payload);
    return frame.array();
  }

  static byte[] concat(byte[]... parts) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (byte[] part : parts) {
      out.writeBytes(part);
    }
    return out.toByteArray();
  }

  static byte[] utf8(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }

  private static void varint(ByteArrayOutputStream out, long value) {
    while ((value & ~0x7fL) != 0) {
      out.write((int) ((value & 0x7f) | 0x80));
      value >>>= 7;
    }
    out.write((int) value);
  }

  /** A call being built: the carrier, then what a malformation changed. */
  private static final class Call {
    final Operation operation;
    final Protocol protocol;
    final Wire wire;
    final Target target;
    final String wrongCode;
    // id, totp_id, code as the operation has them; null: left out.
    final List<String> fields = new ArrayList<>();
    final Map<Integer, byte[]> rawFields = new java.util.HashMap<>();
    final List<String[]> extra = new ArrayList<>();
    String method = "POST";
    String path;
    String contentType;
    String te = "trailers";
    String connectVersion = "1";
    String authorization;
    byte[] rawMessage;
    byte[] frame;
    String textBody;
    RawH2.Ending ending = RawH2.Ending.END_STREAM;
    Shape shapeOverride;
    boolean restAllowed;
    int framing = -1;
    int code = -1;

    Call(Operation operation, Protocol protocol, Wire wire, Target target, String wrongCode) {
      this.operation = operation;
      this.protocol = protocol;
      this.wire = wire;
      this.target = target;
      this.wrongCode = wrongCode;
      this.path = operation.rpcPath();
      this.contentType = protocol.contentType;
      this.authorization = "Bearer " + target.token();
      fields.add(target.userId());
      if (operation != Operation.START) {
        fields.add(target.totpId());
      }
      if (operation == Operation.VERIFY) {
        fields.add(wrongCode);
      }
    }

    void header(String name, String value) {
      extra.add(new String[] {name, value});
    }

    void wrongToken(Random random) {
      authorization =
          List.of("", "Bearer wrong-" + random.nextInt(1000), "Basic dXNlcjpwYXNz", "bearer x")
              .get(random.nextInt(4));
      if (authorization.isEmpty()) {
        authorization = null;
      }
      code = -1;
    }

    void rawField(int field, byte[] value) {
      rawFields.put(field, value);
    }

    /** The protobuf request: fields 3, 4 and 5 in order, as set. */
    byte[] messageBytes() {
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      for (int i = 0; i < fields.size(); i++) {
        byte[] value = rawFields.containsKey(i) ? rawFields.get(i) : null;
        if (value == null && fields.get(i) != null) {
          value = utf8(fields.get(i));
        }
        if (value != null) {
          out.write((3 + i) << 3 | 2);
          varint(out, value.length);
          out.writeBytes(value);
        }
      }
      return out.toByteArray();
    }

    byte[] message() {
      return rawMessage != null ? rawMessage : messageBytes();
    }

    String json() {
      StringBuilder json = new StringBuilder("{\"id\":\"").append(fields.get(0)).append('"');
      if (fields.size() > 1) {
        json.append(",\"totpId\":\"").append(fields.get(1)).append('"');
      }
      if (fields.size() > 2) {
        json.append(",\"code\":\"").append(fields.get(2)).append('"');
      }
      return json.append('}').toString();
    }

    /** The request body as sent. */
    byte[] body() {
      if (textBody != null) {
        return textBody.getBytes(StandardCharsets.ISO_8859_1);
      }
      if (protocol.connect()) {
        return rawMessage != null
            ? rawMessage
            : protocol == Protocol.CONNECT_JSON ? utf8(json()) : messageBytes();
      }
      byte[] framed = frame != null ? frame : frame(0, message());
      return protocol == Protocol.GRPC_WEB_TEXT ? Base64.getEncoder().encode(framed) : framed;
    }

    List<String[]> headers() {
      List<String[]> headers = new ArrayList<>();
      if (contentType != null) {
        headers.add(new String[] {"content-type", contentType});
      }
      if (protocol == Protocol.GRPC && te != null) {
        headers.add(new String[] {"te", te});
      }
      if (protocol == Protocol.GRPC_WEB || protocol == Protocol.GRPC_WEB_TEXT) {
        headers.add(new String[] {"x-grpc-web", "1"});
      }
      if (protocol.connect()) {
        headers.add(new String[] {"connect-protocol-version", connectVersion});
      }
      if (authorization != null) {
        headers.add(new String[] {"authorization", authorization});
      }
      headers.addAll(extra);
      return headers;
    }

    /** The router's rule (contract/v3alpha.md section 5), for the shape the answer must have. */
    Shape shape() {
      if (shapeOverride != null) {
        return shapeOverride;
      }
      String media =
          contentType == null ? "" : contentType.split(";")[0].trim().toLowerCase(Locale.ROOT);
      if ((media.equals("application/grpc") || media.equals("application/grpc+proto"))
          && wire == Wire.H2) {
        return Shape.GRPC;
      }
      if (media.startsWith("application/grpc-web")
          && List.of(
                  "application/grpc-web",
                  "application/grpc-web+proto",
                  "application/grpc-web-text",
                  "application/grpc-web-text+proto")
              .contains(media)) {
        return Shape.GRPC_WEB;
      }
      if (method.equals("POST")
          && (media.equals("application/json") || media.equals("application/proto"))
          && java.util.Arrays.stream(Operation.values()).anyMatch(o -> o.rpcPath().equals(path))) {
        return Shape.CONNECT;
      }
      return Shape.REST;
    }

    Malformed build(int index, String kind, Random random) {
      byte[] body = body();
      Shape shape = shape();
      int expected = shape == Shape.REST ? -1 : code;
      if (wire == Wire.HTTP1) {
        return new Malformed(
            index,
            kind,
            protocol,
            wire,
            method,
            path,
            headers(),
            List.of(body),
            ending,
            http1(body),
            shape,
            expected,
            restAllowed);
      }
      return new Malformed(
          index,
          kind,
          protocol,
          wire,
          method,
          path,
          headers(),
          split(body, random),
          ending,
          null,
          shape,
          expected,
          restAllowed);
    }

    // The body in one to three DATA frames, cut anywhere; frame boundaries mean nothing to gRPC.
    private static List<byte[]> split(byte[] body, Random random) {
      List<byte[]> frames = new ArrayList<>();
      if (body.length == 0) {
        if (random.nextBoolean()) {
          frames.add(new byte[0]);
        }
        return frames;
      }
      int pieces = 1 + random.nextInt(3);
      int from = 0;
      for (int i = 1; i < pieces; i++) {
        int to = from + random.nextInt(body.length - from + 1);
        frames.add(java.util.Arrays.copyOfRange(body, from, to));
        from = to;
      }
      frames.add(java.util.Arrays.copyOfRange(body, from, body.length));
      // Each DATA frame at most 16 KiB, the default largest frame.
      List<byte[]> sized = new ArrayList<>();
      for (byte[] f : frames) {
        for (int at = 0; at < f.length || (f.length == 0 && at == 0); at += 16_384) {
          sized.add(java.util.Arrays.copyOfRange(f, at, Math.min(f.length, at + 16_384)));
          if (f.length == 0) {
            break;
          }
        }
      }
      return sized;
    }

    private byte[] http1(byte[] body) {
      StringBuilder head = new StringBuilder();
      head.append(method).append(' ').append(path).append(" HTTP/1.1\r\n");
      head.append("Host: ").append(target.authority()).append("\r\n");
      for (String[] header : headers()) {
        head.append(header[0]).append(": ").append(header[1]).append("\r\n");
      }
      String latin = new String(body, StandardCharsets.ISO_8859_1);
      String chunk = Integer.toHexString(body.length);
      String framed;
      switch (framing) {
        case 0 -> framed = chunked(head, "zz\r\n" + latin + "\r\n0\r\n\r\n");
        case 1 -> framed = chunked(head, "-1\r\n" + latin + "\r\n0\r\n\r\n");
        case 2 -> framed = chunked(head, "0x" + chunk + "\r\n" + latin + "\r\n0\r\n\r\n");
        case 3 -> framed = chunked(head, "\r\n" + latin + "\r\n0\r\n\r\n");
        case 4 -> framed = chunked(head, chunk + "\r\n" + latin + "\r\n");
        case 5 -> framed = chunked(head, "1\r\n" + latin + "\r\n0\r\n\r\n");
        case 6 -> {
          head.append("Content-Length: ").append(body.length).append("\r\n");
          framed = chunked(head, chunk + "\r\n" + latin + "\r\n0\r\n\r\n");
        }
        case 7 -> {
          head.append("Content-Length: ").append(body.length + 1 + body.length % 7).append("\r\n");
          framed = head + "\r\n" + latin;
        }
        case 8 -> {
          head.append("Content-Length: abc\r\n");
          framed = head + "\r\n" + latin;
        }
        default -> {
          head.append("Content-Length: ").append(body.length).append("\r\n");
          framed = head + "\r\n" + latin;
        }
      }
      return framed.getBytes(StandardCharsets.ISO_8859_1);
    }

    private static String chunked(StringBuilder head, String body) {
      return head + "Transfer-Encoding: chunked\r\n\r\n" + body;
    }
  }
}
