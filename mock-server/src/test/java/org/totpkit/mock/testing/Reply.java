package org.totpkit.mock.testing;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/** One HTTP response as the test saw it: status, headers (names case-insensitive) and body text. */
public record Reply(int status, Map<String, List<String>> headers, String body) {
  private static final ObjectMapper JSON = new ObjectMapper();
  // Fixture responses carry these; they must not end up in test reports.
  private static final Set<String> SECRET_FIELDS = Set.of("token", "secret", "uri");

  public Reply {
    Map<String, List<String>> byName = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
    byName.putAll(headers);
    headers = byName;
  }

  public Optional<String> header(String name) {
    List<String> values = headers.get(name);
    return values == null || values.isEmpty() ? Optional.empty() : Optional.of(values.get(0));
  }

  public JsonNode json() {
    try {
      return JSON.readTree(body);
    } catch (JsonProcessingException e) {
      throw new AssertionError("response body is not JSON: " + this, e);
    }
  }

  public String text(String field) {
    return json().path(field).asText();
  }

  /** Status and body with tokens, secrets and key URIs masked: safe for assertion messages. */
  @Override
  public String toString() {
    String shown = body;
    try {
      JsonNode tree = JSON.readTree(body);
      if (tree instanceof ObjectNode object) {
        SECRET_FIELDS.stream().filter(object::has).forEach(f -> object.put(f, "***"));
        shown = tree.toString();
      }
    } catch (JsonProcessingException notJson) {
      shown = body.length() > 200 ? body.substring(0, 200) + "..." : body;
    }
    return "HTTP " + status + " " + shown;
  }
}
