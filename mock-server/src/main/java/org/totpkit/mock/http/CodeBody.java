package org.totpkit.mock.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;

/**
 * The verify body is the JSON encoding of the single field {@code code}: a bare JSON string. An
 * empty body is an empty code (refused later by length); anything else that is not a string fails
 * to decode.
 */
final class CodeBody {
  sealed interface Decoded {}

  record Code(String value) implements Decoded {}

  record Undecodable(String reason) implements Decoded {}

  private CodeBody() {}

  static Decoded decode(byte[] body) {
    String plain = plainString(body);
    if (plain != null) {
      return new Code(plain);
    }
    return Json.strictUtf8(body)
        .map(CodeBody::decode)
        .orElseGet(() -> new Undecodable("request body is not valid UTF-8"));
  }

  /**
   * The value of a body that is a JSON string of printable ASCII without escapes ({@code "123456"},
   * what clients send), read without a decoder or a parser; null for any other body, which goes
   * through both. Such a string's value is its characters, exactly what Jackson reads: JSON gives
   * no other meaning to them, and a body with anything around the quotes is not such a body.
   */
  static String plainString(byte[] body) {
    if (body == null || body.length < 2) {
      return null;
    }
    int last = body.length - 1;
    if (body[0] != '"' || body[last] != '"') {
      return null;
    }
    for (int i = 1; i < last; i++) {
      byte b = body[i];
      if (b < 0x20 || b > 0x7E || b == '"' || b == '\\') {
        return null;
      }
    }
    return new String(body, 1, last - 1, StandardCharsets.US_ASCII);
  }

  static Decoded decode(String body) {
    if (body == null || body.isBlank()) {
      return new Code("");
    }
    JsonNode node;
    try {
      node = Json.MAPPER.readTree(body);
    } catch (JsonProcessingException e) {
      return new Undecodable("request body is not valid JSON: expected a JSON string (the code)");
    }
    if (node == null || !node.isTextual()) {
      return new Undecodable(
          "request body must be a JSON string (the code), not "
              + (node == null ? "nothing" : describe(node)));
    }
    return new Code(node.textValue());
  }

  private static String describe(JsonNode node) {
    return switch (node.getNodeType()) {
      case OBJECT, POJO -> "an object";
      case ARRAY -> "an array";
      case NUMBER -> "a number";
      case BOOLEAN -> "a boolean";
      case NULL -> "null";
      default -> "a " + node.getNodeType().name().toLowerCase(java.util.Locale.ROOT);
    };
  }
}
