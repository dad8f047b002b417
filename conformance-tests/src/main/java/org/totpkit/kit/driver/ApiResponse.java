package org.totpkit.kit.driver;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.MissingNode;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What a target answered, already validated against the OpenAPI document.
 *
 * @param json the parsed body, or a missing node when the body is not JSON
 */
public record ApiResponse(
    String operation, int status, Map<String, List<String>> headers, String body, JsonNode json) {

  public Optional<String> header(String name) {
    return headers.entrySet().stream()
        .filter(entry -> entry.getKey().equalsIgnoreCase(name))
        .flatMap(entry -> entry.getValue().stream())
        .findFirst();
  }

  /** A text field of the JSON body, e.g. {@code text("details", "id")}. */
  public Optional<String> text(String... path) {
    JsonNode node = json == null ? MissingNode.getInstance() : json;
    for (String name : path) {
      node = node.path(name);
    }
    return node.isValueNode() ? Optional.of(node.asText()) : Optional.empty();
  }

  @Override
  public String toString() {
    // The body may carry a secret or a token: describe the answer, never print it.
    return operation + " -> HTTP " + status;
  }
}
