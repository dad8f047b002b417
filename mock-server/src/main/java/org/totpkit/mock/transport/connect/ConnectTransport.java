package org.totpkit.mock.transport.connect;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.google.protobuf.Descriptors;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Message;
import com.google.protobuf.util.JsonFormat;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Iterator;
import java.util.Map;
import java.util.zip.GZIPInputStream;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Request;
import org.totpkit.mock.contract.ContractError;
import org.totpkit.mock.contract.ErrorTable;
import org.totpkit.mock.http.Json;
import org.totpkit.mock.http.RequestGate;
import org.totpkit.mock.transport.RpcFilter;
import org.totpkit.mock.transport.rpc.MessageFrames;
import org.totpkit.mock.transport.rpc.RpcDecoding;
import org.totpkit.mock.transport.rpc.RpcEndpoint;
import org.totpkit.mock.transport.rpc.RpcReply;

/**
 * The Connect protocol, unary (connectrpc.com/docs/protocol): the whole body is the message, JSON
 * ({@code application/json}, protojson) or binary ({@code application/proto}); a success is 200
 * with the response message, an error the status its code maps to with the Connect error JSON.
 */
public final class ConnectTransport {
  public static final String PROTOCOL = "connect";
  private static final String JSON = "application/json";
  private static final String PROTO = "application/proto";
  // A request message is two levels deep; unknown fields may nest, but not without end.
  private static final ObjectMapper STRICT_JSON =
      JsonMapper.builder(ConnectJson.STRICT)
          .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
          .build();
  private static final JsonFormat.Printer JSON_OUT =
      JsonFormat.printer().omittingInsignificantWhitespace();

  private final RpcEndpoint endpoint;

  public ConnectTransport(RpcEndpoint endpoint) {
    this.endpoint = endpoint;
  }

  /**
   * The method a Connect unary call names, or null when the request is not one: a POST of JSON or
   * protobuf to one of the service's methods. Any other path is not an RPC, and REST answers it (an
   * unknown path is row 1, 404).
   */
  public RpcEndpoint.Known claim(String method, String path, String mediaType) {
    return method.equals("POST")
            && (mediaType.equals("application/json") || mediaType.equals("application/proto"))
            // A request path: the method's exact path, or not an RPC (no refusal built for REST's).
            && path.startsWith("/")
        ? endpoint.known(path)
        : null;
  }

  /**
   * A plain Connect call answered before WireMock's handlers and the servlet filters, once its body
   * has arrived ({@code WholeBodyFirst}); false, with nothing read or written, for any other
   * request. Plain: a call the servlet path's filters would leave as it is. A page's call (with
   * {@code Origin}) is left to the browser rules (CORS), and a call that names gzip in {@code
   * Accept-Encoding} or {@code Content-Encoding} to Jetty's compression handler, as before; either
   * way the answer is the same {@link #serve} writes.
   */
  public boolean answered(Request base, HttpServletRequest request, HttpServletResponse response)
      throws IOException {
    HttpFields fields = base.getHttpFields();
    RpcEndpoint.Known known = plainCall(base.getMethod(), base.getRequestURI(), fields);
    if (known == null) {
      return false;
    }
    String mediaType = mediaType(fields.get(HttpHeader.CONTENT_TYPE));
    try {
      serve(request, response, known, mediaType);
    } catch (IOException brokenFraming) {
      // As the RPC filter answers it: before anything is written, never a 500.
      if (response.isCommitted()) {
        throw brokenFraming;
      }
      RequestGate.refuseBrokenFraming(response);
    }
    return true;
  }

  /** The method of a plain Connect call ({@link #answered}), or null for any other request. */
  RpcEndpoint.Known plainCall(String method, String path, HttpFields fields) {
    if (!"POST".equals(method)
        || fields.contains(HttpHeader.ORIGIN)
        || fields.contains(HttpHeader.ACCEPT_ENCODING, "gzip")
        || fields.contains(HttpHeader.CONTENT_ENCODING, "gzip")) {
      return null;
    }
    return claim(method, path, mediaType(fields.get(HttpHeader.CONTENT_TYPE)));
  }

  // A client's exact "application/json" or "application/proto" is taken as it is; any other value
  // (parameters, case, spaces) is read as the RPC filter reads it.
  private static String mediaType(String contentType) {
    if (JSON.equals(contentType)) {
      return JSON;
    }
    return PROTO.equals(contentType) ? PROTO : RpcFilter.mediaType(contentType);
  }

  /** Answers a call {@link #claim} accepted. */
  public void serve(
      HttpServletRequest request,
      HttpServletResponse response,
      RpcEndpoint.Known known,
      String mediaType)
      throws IOException {
    boolean json = mediaType.equals("application/json");
    RpcReply reply = replyTo(request, known, json);
    if (reply.error() != null) {
      writeError(reply.error(), response);
      return;
    }
    response.setStatus(200);
    byte[] body;
    if (json) {
      response.setContentType("application/json");
      body = JSON_OUT.print(reply.response()).getBytes(StandardCharsets.UTF_8);
    } else {
      response.setContentType("application/proto");
      body = reply.response().toByteArray();
    }
    write(body, response);
  }

  private RpcReply replyTo(HttpServletRequest request, RpcEndpoint.Known known, boolean json)
      throws IOException {
    String path = known.method().path();
    String encoding = request.getHeader("Content-Encoding");
    boolean gzip = "gzip".equals(encoding);
    if (encoding != null && !encoding.isEmpty() && !encoding.equals("identity") && !gzip) {
      MessageFrames.drain(request.getInputStream());
      return endpoint.refused(PROTOCOL, path, ErrorTable.connectUnsupportedEncoding(encoding));
    }
    byte[] body = body(request);
    if (body.length > RpcEndpoint.MAX_MESSAGE_BYTES) {
      long size = body.length + count(request.getInputStream());
      return endpoint.refused(
          PROTOCOL, path, ErrorTable.messageTooLarge(size, RpcEndpoint.MAX_MESSAGE_BYTES));
    }
    if (gzip) {
      ContractError tooLarge = null;
      try (InputStream in = new GZIPInputStream(new ByteArrayInputStream(body))) {
        byte[] plain = in.readNBytes(RpcEndpoint.MAX_MESSAGE_BYTES + 1);
        if (plain.length > RpcEndpoint.MAX_MESSAGE_BYTES) {
          tooLarge =
              ErrorTable.messageTooLarge(plain.length + count(in), RpcEndpoint.MAX_MESSAGE_BYTES);
        }
        body = plain;
      } catch (IOException corrupt) {
        return endpoint.refused(
            PROTOCOL, path, ErrorTable.connectUnmarshallable("the body is not valid gzip"));
      }
      if (tooLarge != null) {
        return endpoint.refused(PROTOCOL, path, tooLarge);
      }
    }
    Message message;
    try {
      if (json && fastJson(body, known)) {
        message = ConnectJson.read(body, known.method().newRequest());
        if (message == null) {
          return endpoint.refused(
              PROTOCOL,
              path,
              ErrorTable.connectUnmarshallable("the body is not a valid JSON request"));
        }
      } else if (json) {
        String text = strictJson(body, known.method().requestPrototype().getDescriptorForType());
        if (text == null) {
          return endpoint.refused(
              PROTOCOL,
              path,
              ErrorTable.connectUnmarshallable("the body is not a valid JSON request"));
        }
        message = endpoint.decoding().json(known.method(), text);
      } else {
        message = endpoint.decoding().binary(known.method(), body);
      }
    } catch (InvalidProtocolBufferException | RuntimeException undecodable) {
      // The parser's own message may quote the body (a code, a token): never echoed.
      return endpoint.refused(
          PROTOCOL,
          path,
          ErrorTable.connectUnmarshallable(
              json ? "the body is not a valid JSON request" : "the body is not valid protobuf"));
    }
    return endpoint.call(
        PROTOCOL, known, message, request.getHeader("Authorization"), request.getServerName());
  }

  /**
   * The body as sent, at most one byte past the limit (so that a larger one is recognised). With a
   * declared length within the limit, read into an array of that length: the general way allocates
   * and zeroes a buffer of 8 KiB and copies out of it, for a body of a hundred bytes.
   */
  private static byte[] body(HttpServletRequest request) throws IOException {
    return body(request.getContentLengthLong(), request.getInputStream());
  }

  /** The same, from the declared length (-1 when none) and the body's stream. */
  static byte[] body(long declared, InputStream in) throws IOException {
    if (declared < 0 || declared > RpcEndpoint.MAX_MESSAGE_BYTES) {
      return in.readNBytes(RpcEndpoint.MAX_MESSAGE_BYTES + 1);
    }
    byte[] body = new byte[(int) declared];
    int read = in.readNBytes(body, 0, body.length);
    if (read < body.length) {
      return Arrays.copyOf(body, read);
    }
    int next = in.read();
    if (next < 0) {
      return body;
    }
    // More than declared (an HTTP/2 stream whose data disagrees with its content-length): read on
    // to the limit, as without a declared length.
    byte[] rest = in.readNBytes(RpcEndpoint.MAX_MESSAGE_BYTES - body.length);
    byte[] whole = Arrays.copyOf(body, body.length + 1 + rest.length);
    whole[body.length] = (byte) next;
    System.arraycopy(rest, 0, whole, body.length + 1, rest.length);
    return whole;
  }

  /**
   * Whether the message is read in one streaming pass ({@link ConnectJson}): with the contract's
   * decoding (a broken server's decoding is its own seam, always called), a body of printable
   * ASCII, and a request message of the contract's shape.
   */
  private boolean fastJson(byte[] body, RpcEndpoint.Known known) {
    return endpoint.decoding() == RpcDecoding.CONTRACT
        && ConnectJson.plainAscii(body)
        && ConnectJson.shaped(known.method().requestPrototype().getDescriptorForType());
  }

  /**
   * The body as text when it is JSON as protojson reads it, else null. JsonFormat alone is lenient
   * (Gson): it takes comments, single quotes, trailing garbage and duplicate keys, reads {@code 5}
   * or {@code true} as a string, decodes invalid UTF-8 to replacement characters, and overflows the
   * stack on deep nesting; each of these turned a malformed body into a call (a start, a counted
   * wrong code). So the body is first decoded strictly, parsed by Jackson (strict JSON, no
   * duplicate keys, nothing after the value, {@value ConnectJson#MAX_JSON_DEPTH} levels at most),
   * and each known field's value checked to be of its JSON type.
   */
  static String strictJson(byte[] body, Descriptors.Descriptor type) {
    String text = Json.strictUtf8(body).orElse(null);
    if (text == null) {
      return null;
    }
    try {
      JsonNode tree = STRICT_JSON.readTree(text);
      return tree != null && tree.isObject() && typesMatch(tree, type) ? text : null;
    } catch (IOException notJson) {
      return null;
    }
  }

  // A string field takes a JSON string, a message field an object, any field null (its default);
  // an unknown field is ignored, as upstream's DiscardUnknown does.
  private static boolean typesMatch(JsonNode object, Descriptors.Descriptor type) {
    for (Iterator<Map.Entry<String, JsonNode>> it = object.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> entry = it.next();
      Descriptors.FieldDescriptor field = fieldNamed(type, entry.getKey());
      JsonNode value = entry.getValue();
      if (field == null || value.isNull() || field.isRepeated()) {
        continue;
      }
      boolean ok =
          switch (field.getJavaType()) {
            case STRING -> value.isTextual();
            case MESSAGE -> value.isObject() && typesMatch(value, field.getMessageType());
            default -> true;
          };
      if (!ok) {
        return false;
      }
    }
    return true;
  }

  // protojson accepts the lowerCamel JSON name and the proto name.
  private static Descriptors.FieldDescriptor fieldNamed(Descriptors.Descriptor type, String name) {
    for (Descriptors.FieldDescriptor field : type.getFields()) {
      if (field.getJsonName().equals(name) || field.getName().equals(name)) {
        return field;
      }
    }
    return null;
  }

  // Counts what is left of a stream, as far as the drain limit, to report an oversized body.
  private static long count(InputStream in) throws IOException {
    long total = 0;
    byte[] buffer = new byte[8192];
    for (int n; total < 64L * 1024 * 1024 && (n = in.read(buffer)) >= 0; ) {
      total += n;
    }
    return total;
  }

  private static void writeError(ContractError error, HttpServletResponse response)
      throws IOException {
    response.setStatus(error.code().httpStatus());
    response.setContentType("application/json");
    error
        .retryAfterSeconds()
        .ifPresent(seconds -> response.setHeader("Retry-After", Long.toString(seconds)));
    write(ConnectErrorBody.bytes(error), response);
  }

  // With its length declared, the body leaves as the answer's last write (no copy into an
  // aggregation buffer, no second flush when the call completes); the same bytes on the wire.
  private static void write(byte[] body, HttpServletResponse response) throws IOException {
    response.setContentLength(body.length);
    response.getOutputStream().write(body);
  }
}
