package org.totpkit.kit.driver.rpc;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.google.protobuf.Any;
import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Message;
import com.google.protobuf.util.JsonFormat;
import com.google.rpc.Status;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import org.totpkit.kit.driver.ApiResponse;
import org.totpkit.kit.driver.Caller;
import org.totpkit.kit.driver.TrafficTap;
import org.totpkit.kit.target.Dialect;

/**
 * The contract over the Connect protocol (connectrpc.com/docs/protocol), unary with the JSON codec
 * (the default of Connect's web clients), spoken here: a POST of the request's protojson, the
 * response's protojson on 200, and otherwise an HTTP status by code with the Connect error body
 * {@code {"code","message","details":[{"type","value"}]}}.
 */
public final class ConnectTotpApi extends RpcTotpApi {
  static final String CONTENT_TYPE = "application/json";
  static final String PROTO_CONTENT_TYPE = "application/proto";

  /** A key no request message of the contract has (Connect JSON's unknown field). */
  static final String UNKNOWN_JSON_KEY = "kitFieldTheContractDoesNotHave";

  private static final Set<String> ERROR_FIELDS = Set.of("code", "message", "details");
  private static final Set<String> DETAIL_FIELDS = Set.of("type", "value", "debug");
  private static final String TYPE_URL_PREFIX = "type.googleapis.com/";

  // Strict: a field the message does not have is an error, as it is for the other transports.
  private static final JsonFormat.Parser PARSER = JsonFormat.parser();

  private final HttpCalls http;

  public ConnectTotpApi(String endpoint) {
    this(endpoint, Dialect.V3ALPHA);
  }

  public ConnectTotpApi(String endpoint, Dialect dialect) {
    super(dialect);
    this.http = new HttpCalls(endpoint);
  }

  @Override
  ApiResponse call(RpcCall call, Caller caller, Message request) {
    String json = RpcAnswers.print(call.operation(), request);
    ApiResponse answer = send(call.operation(), Optional.of(call), call.path(), caller, json);
    tap(call.path(), caller, json, answer);
    return answer;
  }

  @Override
  ApiResponse callElsewhere(String operation, String path, Caller caller, Message request) {
    String json = RpcAnswers.print(operation, request);
    ApiResponse answer = send(operation, Optional.empty(), path, caller, json);
    tap(path, caller, json, answer);
    return answer;
  }

  /** The request's protojson with one more key, which no message of the contract has. */
  @Override
  ApiResponse callWithAnUnknownField(RpcCall call, Caller caller, Message request) {
    ObjectNode json = (ObjectNode) RpcAnswers.parse(RpcAnswers.print(call.operation(), request));
    json.put(UNKNOWN_JSON_KEY, 1);
    String text = json.toString();
    ApiResponse answer = send(call.operation(), Optional.of(call), call.path(), caller, text);
    tap(call.path(), caller, text, answer);
    return answer;
  }

  /** Connect's binary codec: {@code application/proto} both ways (errors stay JSON). */
  @Override
  ApiResponse callInBinary(RpcCall call, Caller caller, Message request) {
    ApiResponse answer =
        send(
            call.operation(),
            Optional.of(call),
            call.path(),
            caller,
            request.toByteArray(),
            PROTO_CONTENT_TYPE);
    tap(call.path(), caller, RpcAnswers.print(call.operation(), request), answer);
    return answer;
  }

  /** JSON cut short: what a Connect JSON message that does not decode looks like. */
  @Override
  ApiResponse callWithAnUndecodableMessage(String operation, Caller caller) {
    return send(operation, Optional.empty(), RpcCall.verify(dialect).path(), caller, "{\"id\": ");
  }

  private ApiResponse send(
      String operation, Optional<RpcCall> call, String path, Caller caller, String json) {
    return send(operation, call, path, caller, json.getBytes(StandardCharsets.UTF_8), CONTENT_TYPE);
  }

  /** A unary call with this body and Content-Type; a 200 answers in the same one. */
  private ApiResponse send(
      String operation,
      Optional<RpcCall> call,
      String path,
      Caller caller,
      byte[] request,
      String contentType) {
    registerToken(caller);
    HttpResponse<byte[]> response =
        http.post(
            operation,
            path,
            caller,
            request,
            "Content-Type",
            contentType,
            "Connect-Protocol-Version",
            "1");
    Map<String, List<String>> metadata = HttpCalls.headersOf(response);
    int status = response.statusCode();
    String body = new String(response.body(), StandardCharsets.UTF_8);
    boolean jsonBody = HttpCalls.contentType(response).startsWith(CONTENT_TYPE);
    if (status == 200) {
      if (call.isEmpty()) {
        return new ApiResponse(operation, OptionalInt.of(status), 0, "", List.of(), null, metadata);
      }
      if (!HttpCalls.contentType(response).startsWith(contentType)) {
        throw RpcAnswers.violation(
            operation,
            "answered Content-Type \""
                + HttpCalls.contentType(response)
                + "\", not "
                + contentType);
      }
      Message.Builder message = call.get().responsePrototype().newBuilderForType();
      try {
        if (contentType.equals(PROTO_CONTENT_TYPE)) {
          message.mergeFrom(response.body());
        } else {
          PARSER.merge(body, message);
        }
      } catch (InvalidProtocolBufferException e) {
        throw RpcAnswers.violation(
            operation,
            "answered JSON that is no "
                + call.get().responsePrototype().getDescriptorForType().getName()
                + ": "
                + e.getMessage());
      }
      return RpcAnswers.success(call.get(), message.build(), OptionalInt.of(status), metadata);
    }
    JsonNode error = jsonBody ? RpcAnswers.parse(body) : null;
    if (error == null || !error.isObject() || !error.path("code").isTextual()) {
      if (call.isEmpty()) {
        // An unknown path may be answered as any unknown path is: a Connect client reads the code
        // from the HTTP status (Connect protocol, "HTTP to Error Code").
        int code = StatusCodes.fromHttpStatus(status);
        return RpcAnswers.failure(
            operation,
            call,
            code,
            "HTTP " + status,
            Optional.empty(),
            OptionalInt.of(status),
            metadata);
      }
      throw RpcAnswers.violation(
          operation, "answered HTTP " + status + " without a Connect error body");
    }
    return failure(operation, call, status, error, metadata);
  }

  /** A Connect error body, held to the protocol, then to the contract as every status is. */
  private static ApiResponse failure(
      String operation,
      Optional<RpcCall> call,
      int httpStatus,
      JsonNode error,
      Map<String, List<String>> metadata) {
    List<String> fields = names(error);
    if (!ERROR_FIELDS.containsAll(fields)) {
      throw RpcAnswers.violation(
          operation,
          "answered a Connect error with fields beyond code, message and details: " + fields);
    }
    String name = error.path("code").asText();
    int code =
        StatusCodes.fromConnectName(name)
            .orElseThrow(
                () ->
                    RpcAnswers.violation(
                        operation,
                        "answered the Connect code \"" + name + "\", which Connect does not have"));
    if (StatusCodes.httpStatus(code) != httpStatus) {
      throw RpcAnswers.violation(
          operation,
          "answered "
              + name
              + " with HTTP "
              + httpStatus
              + "; Connect answers it with HTTP "
              + StatusCodes.httpStatus(code));
    }
    if (error.has("message") && !error.path("message").isTextual()) {
      throw RpcAnswers.violation(operation, "answered a Connect error whose message is no string");
    }
    String message = error.path("message").asText("");
    Status.Builder status = Status.newBuilder().setCode(code).setMessage(message);
    JsonNode details = error.path("details");
    if (error.has("details") && !details.isArray()) {
      throw RpcAnswers.violation(operation, "answered Connect error details that are no list");
    }
    for (JsonNode detail : details) {
      status.addDetails(detail(operation, detail));
    }
    return RpcAnswers.failure(
        operation,
        call,
        code,
        message,
        Optional.of(status.build().toByteArray()),
        OptionalInt.of(httpStatus),
        metadata);
  }

  /** {@code {"type": "zitadel.v1.ErrorDetail", "value": "<base64>"}} as the Any it stands for. */
  private static Any detail(String operation, JsonNode detail) {
    List<String> fields = names(detail);
    if (!detail.path("type").isTextual()
        || !detail.path("value").isTextual()
        || !DETAIL_FIELDS.containsAll(fields)) {
      throw RpcAnswers.violation(
          operation, "answered a Connect error detail that is not {type, value}: " + fields);
    }
    String type = detail.path("type").asText();
    if (type.contains("/")) {
      throw RpcAnswers.violation(
          operation, "answered a Connect detail type with a URL prefix; Connect names the message");
    }
    byte[] value;
    try {
      // Connect: senders omit the padding, receivers accept both.
      value = Base64.getDecoder().decode(detail.path("value").asText());
    } catch (IllegalArgumentException e) {
      throw RpcAnswers.violation(operation, "answered a Connect detail value that is not base64");
    }
    return Any.newBuilder()
        .setTypeUrl(TYPE_URL_PREFIX + type)
        .setValue(ByteString.copyFrom(value))
        .build();
  }

  private static List<String> names(JsonNode node) {
    List<String> names = new ArrayList<>();
    Iterator<String> it = node.fieldNames();
    it.forEachRemaining(names::add);
    return names;
  }

  private static void tap(String path, Caller caller, String request, ApiResponse answer) {
    TrafficTap.record(
        new TrafficTap.Exchange(
            "POST",
            path,
            caller.authorization(),
            request,
            answer.httpStatus().orElse(0),
            answer.fields().toString()));
  }
}
