package org.totpkit.kit.driver.rpc;

import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Message;
import java.io.ByteArrayOutputStream;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import org.totpkit.kit.driver.ApiResponse;
import org.totpkit.kit.driver.Caller;
import org.totpkit.kit.driver.TrafficTap;
import org.totpkit.kit.target.Dialect;

/**
 * The contract over gRPC-Web (grpc/grpc doc/PROTOCOL-WEB.md), binary mode, framed here: a 5-byte
 * prefix (flag, big-endian length) before each message, and the status in a last frame with flag
 * 0x80 holding {@code key: value\r\n} lines, or in the headers of a trailers-only answer. No
 * gRPC-Web client library for the JVM exists that a kit could lean on, and the framing is small.
 */
public final class GrpcWebTotpApi extends RpcTotpApi {
  static final String CONTENT_TYPE = "application/grpc-web+proto";

  private static final int DATA = 0x00;
  private static final int TRAILERS = 0x80;
  private static final int COMPRESSED = 0x01;

  private final HttpCalls http;

  public GrpcWebTotpApi(String endpoint) {
    this(endpoint, Dialect.V3ALPHA);
  }

  public GrpcWebTotpApi(String endpoint, Dialect dialect) {
    super(dialect);
    this.http = new HttpCalls(endpoint);
  }

  @Override
  ApiResponse call(RpcCall call, Caller caller, Message request) {
    ApiResponse answer =
        send(call.operation(), Optional.of(call), call.path(), caller, request.toByteArray());
    tap(call.path(), caller, request, answer);
    return answer;
  }

  @Override
  ApiResponse callElsewhere(String operation, String path, Caller caller, Message request) {
    ApiResponse answer = send(operation, Optional.empty(), path, caller, request.toByteArray());
    tap(path, caller, request, answer);
    return answer;
  }

  @Override
  ApiResponse callWithAnUndecodableMessage(String operation, Caller caller) {
    return send(
        operation, Optional.empty(), RpcCall.verify(dialect).path(), caller, TRUNCATED_MESSAGE);
  }

  private ApiResponse send(
      String operation, Optional<RpcCall> call, String path, Caller caller, byte[] message) {
    registerToken(caller);
    HttpResponse<byte[]> response =
        http.post(
            operation,
            path,
            caller,
            frame(DATA, message),
            "Content-Type",
            CONTENT_TYPE,
            "Accept",
            CONTENT_TYPE,
            "X-Grpc-Web",
            "1");
    if (response.statusCode() != 200) {
      throw RpcAnswers.violation(
          operation,
          "answered HTTP "
              + response.statusCode()
              + "; gRPC-Web answers 200 and carries the status in its trailers");
    }
    String contentType = HttpCalls.contentType(response);
    if (!contentType.toLowerCase(Locale.ROOT).startsWith("application/grpc-web")) {
      throw RpcAnswers.violation(
          operation, "answered Content-Type \"" + contentType + "\", not " + CONTENT_TYPE);
    }
    Map<String, List<String>> metadata = new LinkedHashMap<>(HttpCalls.headersOf(response));
    Frames frames = Frames.read(operation, response.body());
    Map<String, String> status;
    if (response.headers().firstValue("grpc-status").isPresent()) {
      if (response.body().length > 0) {
        throw RpcAnswers.violation(
            operation, "answered its status in the headers and a body as well");
      }
      status = new LinkedHashMap<>();
      for (String key : List.of("grpc-status", "grpc-message", "grpc-status-details-bin")) {
        response.headers().firstValue(key).ifPresent(value -> status.put(key, value));
      }
    } else {
      if (frames.trailers().isEmpty()) {
        throw RpcAnswers.violation(operation, "answered without a trailer frame (flag 0x80)");
      }
      status = trailers(operation, frames.trailers().get());
      status.forEach((key, value) -> metadata.put(key, List.of(value)));
    }
    int code = statusCode(operation, status.get("grpc-status"));
    String text = percentDecode(status.getOrDefault("grpc-message", ""));
    Optional<byte[]> details =
        Optional.ofNullable(status.get("grpc-status-details-bin"))
            .map(value -> unpaddedBase64(operation, value));
    if (code == 0) {
      if (details.isPresent()) {
        throw RpcAnswers.violation(operation, "answered OK with grpc-status-details-bin");
      }
      if (call.isEmpty()) {
        return new ApiResponse(operation, OptionalInt.empty(), 0, "", List.of(), null, metadata);
      }
      if (frames.messages().size() != 1) {
        throw RpcAnswers.violation(
            operation,
            "answered OK with "
                + frames.messages().size()
                + " messages; a unary call answers exactly one");
      }
      return RpcAnswers.success(
          call.get(),
          decode(operation, call.get(), frames.messages().get(0)),
          OptionalInt.empty(),
          metadata);
    }
    if (!frames.messages().isEmpty()) {
      throw RpcAnswers.violation(operation, "answered an error status after a message");
    }
    return RpcAnswers.failure(operation, call, code, text, details, OptionalInt.empty(), metadata);
  }

  private static Message decode(String operation, RpcCall call, byte[] bytes) {
    try {
      return call.responsePrototype().getParserForType().parseFrom(bytes);
    } catch (InvalidProtocolBufferException e) {
      throw RpcAnswers.violation(
          operation,
          "answered a message that is no "
              + call.responsePrototype().getDescriptorForType().getName());
    }
  }

  /** The message frames and the trailer frame of a body, checked for shape. */
  record Frames(List<byte[]> messages, Optional<byte[]> trailers) {
    static Frames read(String operation, byte[] body) {
      ByteBuffer in = ByteBuffer.wrap(body);
      List<byte[]> messages = new ArrayList<>();
      Optional<byte[]> trailers = Optional.empty();
      while (in.hasRemaining()) {
        if (trailers.isPresent()) {
          throw RpcAnswers.violation(operation, "answered bytes after its trailer frame");
        }
        if (in.remaining() < 5) {
          throw RpcAnswers.violation(operation, "answered a frame cut short in its 5-byte prefix");
        }
        int flag = in.get() & 0xFF;
        long length = in.getInt() & 0xFFFFFFFFL;
        if (length > in.remaining()) {
          throw RpcAnswers.violation(
              operation,
              "answered a frame of " + length + " bytes with " + in.remaining() + " left");
        }
        byte[] payload = new byte[(int) length];
        in.get(payload);
        if ((flag & COMPRESSED) != 0) {
          throw RpcAnswers.violation(
              operation, "answered a compressed frame (flag " + flag + ") without grpc-encoding");
        }
        switch (flag) {
          case DATA -> messages.add(payload);
          case TRAILERS -> trailers = Optional.of(payload);
          default -> throw RpcAnswers.violation(operation, "answered a frame with flag " + flag);
        }
      }
      return new Frames(List.copyOf(messages), trailers);
    }
  }

  /** {@code key: value\r\n} lines; names compared in lower case, as HTTP/2 writes them. */
  static Map<String, String> trailers(String operation, byte[] block) {
    Map<String, String> trailers = new LinkedHashMap<>();
    String text = new String(block, StandardCharsets.US_ASCII);
    for (String line : text.split("\r\n")) {
      if (line.isEmpty()) {
        continue;
      }
      int colon = line.indexOf(':');
      if (colon <= 0) {
        throw RpcAnswers.violation(operation, "answered a trailer line without a name: " + line);
      }
      trailers.put(
          line.substring(0, colon).trim().toLowerCase(Locale.ROOT),
          line.substring(colon + 1).trim());
    }
    return trailers;
  }

  static int statusCode(String operation, String text) {
    if (text == null) {
      throw RpcAnswers.violation(operation, "answered without grpc-status");
    }
    if (!text.matches("[0-9]{1,2}")) {
      throw RpcAnswers.violation(
          operation, "answered grpc-status \"" + text + "\", not a decimal code");
    }
    return Integer.parseInt(text);
  }

  /**
   * grpc-status-details-bin: base64 without padding (contract/v3alpha.md §5, as grpc-go writes it).
   */
  static byte[] unpaddedBase64(String operation, String value) {
    if (value.endsWith("=")) {
      throw RpcAnswers.violation(
          operation, "answered grpc-status-details-bin with base64 padding; the contract has none");
    }
    try {
      return Base64.getDecoder().decode(value);
    } catch (IllegalArgumentException e) {
      throw RpcAnswers.violation(operation, "answered grpc-status-details-bin that is not base64");
    }
  }

  /** gRPC's percent-encoding of grpc-message: %XX is a byte of UTF-8; anything else is itself. */
  static String percentDecode(String text) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    byte[] raw = text.getBytes(StandardCharsets.UTF_8);
    for (int i = 0; i < raw.length; i++) {
      if (raw[i] == '%' && i + 2 < raw.length && isHex(raw[i + 1]) && isHex(raw[i + 2])) {
        bytes.write(Integer.parseInt(new String(raw, i + 1, 2, StandardCharsets.US_ASCII), 16));
        i += 2;
      } else {
        bytes.write(raw[i]);
      }
    }
    return bytes.toString(StandardCharsets.UTF_8);
  }

  private static boolean isHex(byte b) {
    return (b >= '0' && b <= '9') || (b >= 'a' && b <= 'f') || (b >= 'A' && b <= 'F');
  }

  static byte[] frame(int flag, byte[] payload) {
    return ByteBuffer.allocate(5 + payload.length)
        .put((byte) flag)
        .putInt(payload.length)
        .put(payload)
        .array();
  }

  private static void tap(String path, Caller caller, Message request, ApiResponse answer) {
    TrafficTap.record(
        new TrafficTap.Exchange(
            "POST",
            path,
            caller.authorization(),
            RpcAnswers.print(path, request),
            200,
            answer.fields().toString()));
  }
}
