package org.totpkit.mock.transport.rpc;

import com.google.protobuf.CodedOutputStream;
import com.google.protobuf.MessageLite;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.util.zip.GZIPInputStream;
import org.totpkit.mock.contract.ContractError;
import org.totpkit.mock.contract.ErrorTable;

/**
 * gRPC's length-prefixed messages (shared by gRPC and gRPC-Web): a flag byte (0 plain, 1
 * compressed, 0x80 trailers), a 4-byte big-endian length and the message. A unary request is one
 * message; every way it can be wrong is one of the RPC-only rows of contract/v3alpha.md section 5.
 */
public final class MessageFrames {
  public static final int HEADER_BYTES = 5;
  public static final byte MESSAGE = 0x00;
  public static final byte COMPRESSED = 0x01;
  public static final byte TRAILERS = (byte) 0x80;

  // How much of an oversized or unread body is read and dropped, so that the client's stream ends
  // normally rather than being reset; past this the server stops reading.
  private static final long DRAIN_LIMIT = 1024 * 1024;

  // A gzip bomb is counted to report its size, but no further than this.
  private static final long COUNT_LIMIT = 64L * 1024 * 1024;

  private MessageFrames() {}

  /** A request message read from its frame, or the row that refuses it. */
  public sealed interface Read {}

  public record Message(byte[] bytes) implements Read {}

  public record Refused(ContractError error) implements Read {}

  /**
   * Reads the one message of a unary request.
   *
   * @param encoding the {@code grpc-encoding} header, null when absent
   */
  public static Read readUnary(InputStream body, String encoding) throws IOException {
    boolean gzip = encoding != null && encoding.equals("gzip");
    if (encoding != null && !encoding.isEmpty() && !encoding.equals("identity") && !gzip) {
      drain(body);
      return new Refused(ErrorTable.unsupportedEncoding(encoding));
    }
    byte[] header = body.readNBytes(HEADER_BYTES);
    if (header.length < HEADER_BYTES) {
      return new Refused(ErrorTable.unmarshallable("the request has no complete message frame"));
    }
    byte flag = header[0];
    long length = ByteBuffer.wrap(header, 1, 4).getInt() & 0xffffffffL;
    if (flag != MESSAGE && flag != COMPRESSED) {
      drain(body);
      return new Refused(ErrorTable.unmarshallable("malformed message frame flag"));
    }
    if (length > RpcEndpoint.MAX_MESSAGE_BYTES) {
      drain(body);
      return new Refused(ErrorTable.messageTooLarge(length, RpcEndpoint.MAX_MESSAGE_BYTES));
    }
    if (flag == COMPRESSED && !gzip) {
      drain(body);
      return new Refused(ErrorTable.compressedWithoutEncoding());
    }
    byte[] message = body.readNBytes((int) length);
    if (message.length < length) {
      return new Refused(ErrorTable.unmarshallable("the message frame is truncated"));
    }
    if (body.read() >= 0) {
      drain(body);
      return new Refused(ErrorTable.unmarshallable("a unary call takes exactly one message"));
    }
    return flag == COMPRESSED ? gunzip(message) : new Message(message);
  }

  // The limit is on the decompressed message, as grpc-go counts it.
  private static Read gunzip(byte[] compressed) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    long total = 0;
    try (InputStream in = new GZIPInputStream(new ByteArrayInputStream(compressed))) {
      byte[] buffer = new byte[8192];
      for (int n; (n = in.read(buffer)) >= 0 && total <= COUNT_LIMIT; ) {
        if (total + n <= RpcEndpoint.MAX_MESSAGE_BYTES) {
          out.write(buffer, 0, n);
        }
        total += n;
      }
    } catch (IOException corrupt) {
      return new Refused(ErrorTable.unmarshallable("the message is not valid gzip"));
    }
    return total > RpcEndpoint.MAX_MESSAGE_BYTES
        ? new Refused(ErrorTable.messageTooLarge(total, RpcEndpoint.MAX_MESSAGE_BYTES))
        : new Message(out.toByteArray());
  }

  /** One frame: flag, length, payload. */
  public static byte[] frame(byte flag, byte[] payload) {
    ByteBuffer frame = ByteBuffer.allocate(HEADER_BYTES + payload.length);
    frame.put(flag).putInt(payload.length).put(payload);
    return frame.array();
  }

  /** One frame of a message, serialised straight into the frame's buffer (no second copy). */
  public static byte[] frame(byte flag, MessageLite message) {
    int size = message.getSerializedSize();
    byte[] frame = new byte[HEADER_BYTES + size];
    ByteBuffer.wrap(frame).put(flag).putInt(size);
    try {
      CodedOutputStream out = CodedOutputStream.newInstance(frame, HEADER_BYTES, size);
      message.writeTo(out);
      out.checkNoSpaceLeft();
    } catch (IOException impossible) {
      // Writing into an array of the message's own size does not fail.
      throw new IllegalStateException(impossible);
    }
    return frame;
  }

  /** Reads and drops what is left of a body, up to a limit. */
  public static void drain(InputStream body) throws IOException {
    long left = DRAIN_LIMIT;
    byte[] buffer = new byte[8192];
    for (int n;
        left > 0 && (n = body.read(buffer, 0, (int) Math.min(buffer.length, left))) >= 0; ) {
      left -= n;
    }
  }
}
