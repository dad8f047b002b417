package org.totpkit.kit.driver;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.MissingNode;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * What a target answered, whatever the transport, already checked against the contract (the OpenAPI
 * document for REST, the .proto messages and contract/v3alpha.md §5 for the RPC protocols).
 *
 * @param httpStatus the HTTP status, when the transport carries the outcome in it (REST and
 *     Connect); empty for gRPC and gRPC-Web, whose HTTP status is always 200 (the driver checks it)
 * @param code the gRPC status code: 0 for success, {@link #NO_CODE} when an error carried none
 * @param message the status message; empty on success
 * @param details the status details, in order
 * @param fields the answer in the contract's JSON form (protojson names, unset fields omitted): the
 *     response message on success, the {@code google.rpc.Status} on error; a missing node when the
 *     answer had no body in that form
 * @param metadata response headers and trailers as they came (names as the client gives them: in
 *     lower case from the JDK's client and grpc-java; look them up by case-insensitive name)
 */
public record ApiResponse(
    String operation,
    OptionalInt httpStatus,
    int code,
    String message,
    List<ErrorDetail> details,
    JsonNode fields,
    Map<String, List<String>> metadata) {

  /** The code of an error answer that carried no gRPC status code at all. */
  public static final int NO_CODE = -1;

  /** One status detail: the type URL of its {@code Any}, and its ErrorDetail fields. */
  public record ErrorDetail(String type, String id, String message) {}

  public ApiResponse {
    details = List.copyOf(details);
    fields = fields == null ? MissingNode.getInstance() : fields;
    metadata = Map.copyOf(metadata);
  }

  public boolean ok() {
    return code == 0 && httpStatus.orElse(200) == 200;
  }

  /** A header or trailer (gRPC metadata), by case-insensitive name. */
  public Optional<String> metadata(String name) {
    return metadata.entrySet().stream()
        .filter(entry -> entry.getKey().equalsIgnoreCase(name))
        .flatMap(entry -> entry.getValue().stream())
        .findFirst();
  }

  /** A text field of the answer's JSON form, e.g. {@code text("details", "id")}. */
  public Optional<String> text(String... path) {
    JsonNode node = fields;
    for (String name : path) {
      node = node.path(name);
    }
    return node.isValueNode() ? Optional.of(node.asText()) : Optional.empty();
  }

  /** For failure messages: "HTTP 404, code 5 (message)" or "code 5 (message)"; never a body. */
  public String outcome() {
    StringBuilder text = new StringBuilder();
    httpStatus.ifPresent(status -> text.append("HTTP ").append(status).append(", "));
    text.append(code == NO_CODE ? "no gRPC code" : "code " + code);
    if (!message.isEmpty()) {
      text.append(" (").append(message).append(')');
    }
    return text.toString();
  }

  @Override
  public String toString() {
    // The fields may carry a secret: describe the answer, never print it.
    return operation + " -> " + (ok() ? "OK" : outcome());
  }
}
