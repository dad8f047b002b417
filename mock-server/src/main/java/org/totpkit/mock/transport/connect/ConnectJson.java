package org.totpkit.mock.transport.connect;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.google.protobuf.Descriptors.Descriptor;
import com.google.protobuf.Descriptors.FieldDescriptor;
import com.google.protobuf.Descriptors.OneofDescriptor;
import com.google.protobuf.Message;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A Connect JSON request read in one pass of Jackson's streaming parser straight into the message's
 * builder, for the messages of the contract's shape: every field a singular {@code string} or a
 * singular message of that shape (every request of both dialects). It gives the verdicts of the
 * general path in {@link ConnectTransport} (strict UTF-8, Jackson's strict tree, each known field's
 * JSON type, then protobuf's {@code JsonFormat} with unknown fields ignored), and the same message:
 *
 * <ul>
 *   <li>strict JSON: one object, no duplicate keys, nothing after it, at most {@value
 *       #MAX_JSON_DEPTH} levels (unknown fields are skipped by the parser, which still checks
 *       them);
 *   <li>a field by its JSON name or its proto name; a string field takes a string, a message field
 *       an object of the same rules, either takes {@code null} (left unset);
 *   <li>as {@code JsonFormat}: a field set twice (under its two names) and a second member of a
 *       oneof are refused.
 * </ul>
 *
 * Only bodies of printable ASCII and JSON whitespace are read here (every client's body; so there
 * is no UTF-8 to validate and no encoding for Jackson to detect); any other body, and a message of
 * another shape, goes the general way. {@code ConnectJsonTest} compares both ways on every case.
 */
final class ConnectJson {
  /** The nesting limit of both ways: a request message is two levels deep. */
  static final int MAX_JSON_DEPTH = 64;

  static final JsonFactory STRICT =
      JsonFactory.builder()
          .streamReadConstraints(
              StreamReadConstraints.builder().maxNestingDepth(MAX_JSON_DEPTH).build())
          .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
          .build();

  private static final Map<Descriptor, Boolean> SHAPED = new ConcurrentHashMap<>();

  private ConnectJson() {}

  /** Whether a body is read here: printable ASCII and JSON whitespace only. */
  static boolean plainAscii(byte[] body) {
    for (byte b : body) {
      boolean printable = b >= 0x20 && b <= 0x7e;
      if (!printable && b != '\t' && b != '\n' && b != '\r') {
        return false;
      }
    }
    return true;
  }

  /** Whether messages of this type are read here (decided once per type). */
  static boolean shaped(Descriptor type) {
    return SHAPED.computeIfAbsent(type, t -> shaped(t, 0));
  }

  private static boolean shaped(Descriptor type, int depth) {
    if (depth > 8 || type.getFullName().startsWith("google.protobuf.")) {
      return false;
    }
    for (FieldDescriptor field : type.getFields()) {
      if (field.isRepeated() || field.isMapField() || field.isExtension()) {
        return false;
      }
      boolean ok =
          switch (field.getJavaType()) {
            case STRING -> true;
            case MESSAGE -> shaped(field.getMessageType(), depth + 1);
            default -> false;
          };
      if (!ok) {
        return false;
      }
    }
    return true;
  }

  /**
   * The message read from {@code body} into {@code builder}, or null when the body is not a valid
   * request. Call only for a {@link #plainAscii} body and a {@link #shaped} type.
   */
  static Message read(byte[] body, Message.Builder builder) {
    // The form every client sends needs no parser object; any other goes through Jackson.
    Message plain = PlainJson.read(body, builder);
    if (plain != null) {
      return plain;
    }
    try (JsonParser parser = STRICT.createParser(body)) {
      if (parser.nextToken() != JsonToken.START_OBJECT || !object(parser, builder)) {
        return null;
      }
      return parser.nextToken() == null ? builder.build() : null;
    } catch (IOException | RuntimeException notARequest) {
      return null;
    }
  }

  // The parser is on the object's START_OBJECT; returns with it on the END_OBJECT. What is set is
  // kept here and put in the builder at the end: the builder's own hasField and oneof lookups go
  // through reflection on every call.
  private static boolean object(JsonParser parser, Message.Builder builder) throws IOException {
    Descriptor type = builder.getDescriptorForType();
    List<FieldDescriptor> fields = type.getFields();
    Object[] values = new Object[fields.size()];
    boolean[] oneofSet = new boolean[type.getOneofCount()];
    for (JsonToken token = parser.nextToken();
        token != JsonToken.END_OBJECT;
        token = parser.nextToken()) {
      FieldDescriptor field = fieldNamed(fields, parser.currentName());
      JsonToken value = parser.nextToken();
      if (field == null) {
        parser.skipChildren();
        continue;
      }
      // JsonFormat: a field already set (under its other name) is refused, even by a null.
      if (isSet(field, values[field.getIndex()])) {
        return false;
      }
      if (value == JsonToken.VALUE_NULL) {
        continue;
      }
      Object parsed;
      if (field.getJavaType() == FieldDescriptor.JavaType.STRING) {
        if (value != JsonToken.VALUE_STRING) {
          return false;
        }
        parsed = parser.getText();
      } else {
        if (value != JsonToken.START_OBJECT) {
          return false;
        }
        Message.Builder inner = builder.newBuilderForField(field);
        if (!object(parser, inner)) {
          return false;
        }
        parsed = inner.build();
      }
      // JsonFormat: a second member of a oneof is refused.
      OneofDescriptor oneof = field.getContainingOneof();
      if (oneof != null) {
        if (oneofSet[oneof.getIndex()]) {
          return false;
        }
        oneofSet[oneof.getIndex()] = true;
      }
      values[field.getIndex()] = parsed;
    }
    for (int i = 0; i < values.length; i++) {
      if (values[i] != null) {
        builder.setField(fields.get(i), values[i]);
      }
    }
    return true;
  }

  // What the builder's hasField would say after setField(value): a field without presence (a
  // plain proto3 string) holding its default, the empty string, is not set.
  private static boolean isSet(FieldDescriptor field, Object value) {
    return value != null && (field.hasPresence() || !"".equals(value));
  }

  // protojson accepts the lowerCamel JSON name and the proto name.
  private static FieldDescriptor fieldNamed(List<FieldDescriptor> fields, String name) {
    for (FieldDescriptor field : fields) {
      if (field.getJsonName().equals(name) || field.getName().equals(name)) {
        return field;
      }
    }
    return null;
  }
}
