package org.totpkit.kit.report;

import com.google.protobuf.Descriptors.FileDescriptor;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Map;
import java.util.TreeMap;
import org.totpkit.contract.proto.zitadel.resources.user.v3alpha.UserServiceProto;
import org.totpkit.contract.proto.zitadel.v1.ErrorDetailProto;

/**
 * The contract's own .proto files, as the proto jar carries them under {@code proto/}: found from
 * the generated descriptors (the service and the error detail, and what they import), so a new file
 * is fingerprinted without a list to keep.
 */
final class ProtoFiles {
  private ProtoFiles() {}

  /** {@code proto/<name>} to its text, for every .proto file of the contract. */
  static Map<String, String> sourcesByPath() {
    Map<String, String> sources = new TreeMap<>();
    Deque<FileDescriptor> todo = new ArrayDeque<>();
    todo.add(UserServiceProto.getDescriptor());
    todo.add(ErrorDetailProto.getDescriptor());
    while (!todo.isEmpty()) {
      FileDescriptor file = todo.pop();
      String path = "proto/" + file.getName();
      // google/protobuf/*.proto belong to protobuf, not to the contract.
      if (file.getName().startsWith("google/") || sources.containsKey(path)) {
        continue;
      }
      sources.put(path, read(path));
      todo.addAll(file.getDependencies());
    }
    return sources;
  }

  private static String read(String path) {
    try (InputStream in = ProtoFiles.class.getClassLoader().getResourceAsStream(path)) {
      if (in == null) {
        throw new IllegalStateException(path + " is not on the classpath");
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + path, e);
    }
  }
}
