package org.totpkit.mock.hooks;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.Iterator;
import java.util.Map;
import org.totpkit.mock.http.Json;

/** Strict decoding of hook bodies into the generated models: wrong types and nulls are refused. */
final class HookBodies {
  /** A hook request that is refused with 400 and code 3; nothing has changed. */
  static final class BadHookRequest extends RuntimeException {
    BadHookRequest(String message) {
      super(message, null, false, false);
    }
  }

  private HookBodies() {}

  static <T> T read(byte[] bytes, Class<T> type, boolean emptyAllowed) {
    String body =
        Json.strictUtf8(bytes)
            .orElseThrow(() -> new BadHookRequest("request body is not valid UTF-8"));
    if (body == null || body.isBlank()) {
      if (emptyAllowed) {
        body = "{}";
      } else {
        throw new BadHookRequest("request body must be a JSON object");
      }
    }
    JsonNode tree;
    try {
      tree = Json.MAPPER.readTree(body);
    } catch (JsonProcessingException e) {
      throw new BadHookRequest("request body is not valid JSON");
    }
    if (tree == null || !tree.isObject()) {
      throw new BadHookRequest("request body must be a JSON object");
    }
    for (Iterator<Map.Entry<String, JsonNode>> it = tree.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> field = it.next();
      if (field.getValue().isNull()) {
        throw new BadHookRequest("field '" + field.getKey() + "' must not be null");
      }
    }
    try {
      return Json.MAPPER.treeToValue(tree, type);
    } catch (JsonProcessingException | IllegalArgumentException e) {
      throw new BadHookRequest(
          "request body does not match " + type.getSimpleName() + ": " + reason(e));
    }
  }

  static <V> V required(V value, String field) {
    if (value == null) {
      throw new BadHookRequest("field '" + field + "' is required");
    }
    return value;
  }

  // Jackson's messages quote the input, which may be a secret: name only the field.
  private static String reason(Exception e) {
    if (e instanceof JsonMappingException mapping && !mapping.getPath().isEmpty()) {
      StringBuilder field = new StringBuilder();
      for (JsonMappingException.Reference step : mapping.getPath()) {
        field.append(
            step.getFieldName() != null ? "." + step.getFieldName() : "[" + step.getIndex() + "]");
      }
      String name = field.charAt(0) == '.' ? field.substring(1) : field.toString();
      return "field '" + name + "' has a wrong type or value";
    }
    return "wrong type or value";
  }
}
