package org.totpkit.mock.transport.connect;

import com.google.protobuf.CodedOutputStream;
import com.google.protobuf.Descriptors.Descriptor;
import com.google.protobuf.Descriptors.FieldDescriptor;
import com.google.protobuf.Descriptors.OneofDescriptor;
import com.google.protobuf.Message;
import com.google.protobuf.WireFormat;
import java.io.IOException;
import java.util.List;

/**
 * The request in the form every client sends, read without a parser object: one object whose
 * members are known fields, each at most once, with a string free of escapes or an object of the
 * same form as value, JSON whitespace between tokens. Such a body is valid for every rule of {@link
 * ConnectJson} (strict JSON, field types, a field and a oneof set once), so only its message is to
 * be made: the values are written as protobuf's wire form (every value is ASCII, so its bytes are
 * its UTF-8) and merged by the generated parser, which gives the message {@code JsonFormat} would
 * build. Any other body (an escape, a number, {@code null}, an unknown field, a field named twice,
 * anything not JSON) is not read here: {@link ConnectJson} reads it with Jackson and gives its
 * verdict.
 *
 * <p>Hand-written, why: Jackson's parser creation (its context, buffer recycler and symbol table)
 * was about a twentieth of a Connect call's CPU; the form read here is a few lines of grammar, and
 * everything outside it keeps Jackson's strictness.
 */
final class PlainJson {
  private static final int MAX_DEPTH = 8;

  private final byte[] body;
  private int at;

  private PlainJson(byte[] body) {
    this.body = body;
  }

  /**
   * The message read from {@code body} into {@code builder}, or null (the builder untouched) when
   * the body is not of the plain form. Call only for a {@link ConnectJson#shaped} type.
   */
  static Message read(byte[] body, Message.Builder builder) {
    PlainJson reader = new PlainJson(body);
    reader.whitespace();
    byte[] wire = reader.object(builder.getDescriptorForType(), 0);
    if (wire == null) {
      return null;
    }
    reader.whitespace();
    if (reader.at != body.length) {
      return null;
    }
    try {
      return builder.mergeFrom(wire).build();
    } catch (IOException | RuntimeException cannotHappen) {
      builder.clear();
      return null;
    }
  }

  /** The object at the cursor as the wire form of {@code type}, or null when not plain. */
  private byte[] object(Descriptor type, int depth) {
    if (depth > MAX_DEPTH || !take('{')) {
      return null;
    }
    List<FieldDescriptor> fields = type.getFields();
    // Per field: the value's range in the body (a string), or its wire form (a message).
    int[] from = new int[fields.size()];
    int[] to = new int[fields.size()];
    byte[][] inner = new byte[fields.size()][];
    boolean[] seen = new boolean[fields.size()];
    boolean[] oneofSeen = new boolean[type.getOneofCount()];
    whitespace();
    if (!take('}')) {
      while (true) {
        int nameFrom = at + 1;
        if (!string()) {
          return null;
        }
        FieldDescriptor field = fieldNamed(fields, nameFrom, at - 1);
        whitespace();
        if (field == null || seen[field.getIndex()] || !take(':')) {
          return null;
        }
        OneofDescriptor oneof = field.getContainingOneof();
        if (oneof != null) {
          if (oneofSeen[oneof.getIndex()]) {
            return null;
          }
          oneofSeen[oneof.getIndex()] = true;
        }
        seen[field.getIndex()] = true;
        whitespace();
        if (field.getJavaType() == FieldDescriptor.JavaType.STRING) {
          from[field.getIndex()] = at + 1;
          if (!string()) {
            return null;
          }
          to[field.getIndex()] = at - 1;
        } else {
          byte[] message = object(field.getMessageType(), depth + 1);
          if (message == null) {
            return null;
          }
          inner[field.getIndex()] = message;
        }
        whitespace();
        if (take('}')) {
          break;
        }
        if (!take(',')) {
          return null;
        }
        whitespace();
      }
    }
    return wire(fields, seen, from, to, inner);
  }

  // Every value is length-delimited on the wire: a string's bytes, or a message's wire form.
  private byte[] wire(
      List<FieldDescriptor> fields, boolean[] seen, int[] from, int[] to, byte[][] inner) {
    int size = 0;
    for (int i = 0; i < seen.length; i++) {
      if (seen[i]) {
        int length = inner[i] != null ? inner[i].length : to[i] - from[i];
        size +=
            CodedOutputStream.computeTagSize(fields.get(i).getNumber())
                + CodedOutputStream.computeUInt32SizeNoTag(length)
                + length;
      }
    }
    byte[] wire = new byte[size];
    CodedOutputStream out = CodedOutputStream.newInstance(wire);
    try {
      for (int i = 0; i < seen.length; i++) {
        if (!seen[i]) {
          continue;
        }
        out.writeTag(fields.get(i).getNumber(), WireFormat.WIRETYPE_LENGTH_DELIMITED);
        if (inner[i] != null) {
          out.writeUInt32NoTag(inner[i].length);
          out.writeRawBytes(inner[i]);
        } else {
          out.writeUInt32NoTag(to[i] - from[i]);
          out.writeRawBytes(body, from[i], to[i] - from[i]);
        }
      }
      out.checkNoSpaceLeft();
    } catch (IOException cannotHappen) {
      return null;
    }
    return wire;
  }

  // A string of printable ASCII without escapes; the cursor ends after its closing quote.
  private boolean string() {
    if (!take('"')) {
      return false;
    }
    while (at < body.length) {
      byte b = body[at++];
      if (b == '"') {
        return true;
      }
      if (b < 0x20 || b > 0x7e || b == '\\') {
        return false;
      }
    }
    return false;
  }

  // protojson accepts the lowerCamel JSON name and the proto name.
  private FieldDescriptor fieldNamed(List<FieldDescriptor> fields, int from, int to) {
    for (FieldDescriptor field : fields) {
      if (named(field.getJsonName(), from, to) || named(field.getName(), from, to)) {
        return field;
      }
    }
    return null;
  }

  private boolean named(String name, int from, int to) {
    if (name.length() != to - from) {
      return false;
    }
    for (int i = 0; i < name.length(); i++) {
      if (name.charAt(i) != body[from + i]) {
        return false;
      }
    }
    return true;
  }

  private boolean take(char c) {
    if (at < body.length && body[at] == c) {
      at++;
      return true;
    }
    return false;
  }

  private void whitespace() {
    while (at < body.length) {
      byte b = body[at];
      if (b != ' ' && b != '\t' && b != '\n' && b != '\r') {
        return;
      }
      at++;
    }
  }
}
