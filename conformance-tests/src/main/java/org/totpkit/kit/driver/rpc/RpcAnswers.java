package org.totpkit.kit.driver.rpc;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.MissingNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.google.protobuf.Any;
import com.google.protobuf.Descriptors.FieldDescriptor;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Message;
import com.google.protobuf.util.JsonFormat;
import com.google.rpc.Status;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import org.totpkit.contract.proto.zitadel.resources.user.v3alpha.StartTOTPRegistrationResponse;
import org.totpkit.contract.proto.zitadel.user.v2.RegisterTOTPResponse;
import org.totpkit.contract.proto.zitadel.v1.ErrorDetail;
import org.totpkit.kit.driver.ApiResponse;
import org.totpkit.kit.driver.ContractValidation;
import org.totpkit.kit.driver.ContractViolation;
import org.totpkit.kit.driver.ErrorDetailRule;
import org.totpkit.kit.driver.KeyUri;
import org.totpkit.kit.report.Redaction;

/**
 * Turns what an RPC transport carried into an {@link ApiResponse}, holding it to the contract as
 * strictly as REST answers are held to OpenAPI: the messages of the .proto files with no field they
 * do not have, a {@code google.rpc.Status} whose code and message agree with the transport's, only
 * {@code zitadel.v1.ErrorDetail} details, and a JSON form that matches the REST schema of the same
 * operation. Anything else is a {@link ContractViolation}.
 */
final class RpcAnswers {
  static final String ERROR_DETAIL_TYPE_URL = ErrorDetailRule.ERROR_DETAIL_TYPE;

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final JsonFormat.Printer PRINTER = JsonFormat.printer();

  private RpcAnswers() {}

  /** A response message that decoded; the secret it issues is registered before anything else. */
  static ApiResponse success(
      RpcCall call, Message response, OptionalInt httpStatus, Map<String, List<String>> metadata) {
    if (response instanceof StartTOTPRegistrationResponse start) {
      Redaction.register(start.getSecret());
      KeyUri.parse(start.getUri()).ifPresent(uri -> Redaction.register(uri.secret()));
    }
    if (response instanceof RegisterTOTPResponse register) {
      Redaction.register(register.getSecret());
      KeyUri.parse(register.getUri()).ifPresent(uri -> Redaction.register(uri.secret()));
    }
    requireNoUnknownFields(call.operation(), response);
    String json = print(call.operation(), response);
    requireJsonForm(call, 200, json);
    return new ApiResponse(call.operation(), httpStatus, 0, "", List.of(), parse(json), metadata);
  }

  /**
   * An error answer.
   *
   * @param call the contract RPC called, or empty for a probe of a method the contract lacks
   * @param status the serialized {@code google.rpc.Status} the transport carried with the code
   *     (gRPC's {@code grpc-status-details-bin}), when it carried one
   */
  static ApiResponse failure(
      String operation,
      Optional<RpcCall> call,
      int code,
      String message,
      Optional<byte[]> status,
      OptionalInt httpStatus,
      Map<String, List<String>> metadata) {
    if (!StatusCodes.isError(code)) {
      throw violation(operation, "answered the status code " + code + ", which gRPC does not have");
    }
    List<ApiResponse.ErrorDetail> details = new ArrayList<>();
    if (status.isPresent()) {
      Status decoded = decodeStatus(operation, status.get());
      if (decoded.getCode() != code) {
        throw violation(
            operation,
            "answered status code "
                + code
                + " with a google.rpc.Status of code "
                + decoded.getCode()
                + ": they must agree");
      }
      if (!decoded.getMessage().equals(message)) {
        throw violation(
            operation,
            "answered the message \""
                + message
                + "\" with a google.rpc.Status whose message is \""
                + decoded.getMessage()
                + "\": they must agree");
      }
      for (Any any : decoded.getDetailsList()) {
        details.add(errorDetail(operation, any));
      }
    }
    JsonNode json = statusJson(code, message, details);
    call.ifPresent(c -> requireJsonForm(c, StatusCodes.httpStatus(code), json.toString()));
    ApiResponse answer =
        new ApiResponse(operation, httpStatus, code, message, details, json, metadata);
    ErrorDetailRule.violation(answer)
        .ifPresent(
            broken -> {
              throw violation(operation, "answered " + answer.outcome() + ": " + broken);
            });
    return answer;
  }

  /** A google.rpc.Status with only the fields it has. */
  static Status decodeStatus(String operation, byte[] bytes) {
    Status decoded;
    try {
      decoded = Status.parseFrom(bytes);
    } catch (InvalidProtocolBufferException e) {
      throw violation(operation, "answered a google.rpc.Status that does not decode");
    }
    requireNoUnknownFields(operation, decoded);
    return decoded;
  }

  /** One detail: an Any of type zitadel.v1.ErrorDetail with only the fields it has. */
  private static ApiResponse.ErrorDetail errorDetail(String operation, Any any) {
    if (!ERROR_DETAIL_TYPE_URL.equals(any.getTypeUrl())) {
      throw violation(
          operation,
          "answered a status detail of type \""
              + any.getTypeUrl()
              + "\"; the contract's details are "
              + ERROR_DETAIL_TYPE_URL);
    }
    ErrorDetail detail;
    try {
      detail = ErrorDetail.parseFrom(any.getValue());
    } catch (InvalidProtocolBufferException e) {
      throw violation(operation, "answered an ErrorDetail that does not decode");
    }
    requireNoUnknownFields(operation, detail);
    return new ApiResponse.ErrorDetail(any.getTypeUrl(), detail.getId(), detail.getMessage());
  }

  /** The Status as grpc-gateway writes it on REST: code, message, details with "@type". */
  private static JsonNode statusJson(
      int code, String message, List<ApiResponse.ErrorDetail> details) {
    ObjectNode json = JSON.createObjectNode().put("code", code).put("message", message);
    if (!details.isEmpty()) {
      ArrayNode list = json.putArray("details");
      for (ApiResponse.ErrorDetail detail : details) {
        list.addObject()
            .put("@type", detail.type())
            .put("id", detail.id())
            .put("message", detail.message());
      }
    }
    return json;
  }

  /** Fields the message's .proto does not have, anywhere in it, are a violation. */
  static void requireNoUnknownFields(String operation, Message message) {
    if (!message.getUnknownFields().asMap().isEmpty()) {
      throw violation(
          operation,
          "answered a "
              + message.getDescriptorForType().getFullName()
              + " with fields the contract does not have (numbers "
              + message.getUnknownFields().asMap().keySet()
              + ")");
    }
    for (Map.Entry<FieldDescriptor, Object> field : message.getAllFields().entrySet()) {
      if (field.getKey().getJavaType() != FieldDescriptor.JavaType.MESSAGE) {
        continue;
      }
      if (field.getKey().isRepeated()) {
        for (Object element : (List<?>) field.getValue()) {
          requireNoUnknownFields(operation, (Message) element);
        }
      } else {
        requireNoUnknownFields(operation, (Message) field.getValue());
      }
    }
  }

  /** The answer's JSON form must be what the REST schema of the same operation allows. */
  private static void requireJsonForm(RpcCall call, int status, String json) {
    List<String> problems =
        ContractValidation.violationsOfJsonForm(
            call.document(), call.restMethod(), call.restPath(), status, json);
    if (!problems.isEmpty()) {
      throw violation(
          call.operation(),
          "answered a message whose JSON form breaks the contract's schema: "
              + String.join("; ", problems));
    }
  }

  static String print(String operation, Message message) {
    try {
      return PRINTER.print(message);
    } catch (InvalidProtocolBufferException e) {
      throw violation(operation, "answered a message with no JSON form: " + e.getMessage());
    }
  }

  static JsonNode parse(String json) {
    try {
      return JSON.readTree(json);
    } catch (IOException e) {
      return MissingNode.getInstance();
    }
  }

  static ContractViolation violation(String operation, String what) {
    return new ContractViolation(Redaction.redact(operation + " " + what));
  }
}
