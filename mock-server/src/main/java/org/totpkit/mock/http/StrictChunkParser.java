package org.totpkit.mock.http;

import java.nio.ByteBuffer;
import org.eclipse.jetty.http.BadMessageException;
import org.eclipse.jetty.http.HttpCompliance;
import org.eclipse.jetty.http.HttpParser;
import org.eclipse.jetty.http.HttpStatus;

/**
 * Jetty's request parser, but a chunk's data must be followed by its line end (RFC 9112, section
 * 7.1). Jetty's own parser reads whatever follows a chunk's data as the next chunk's size line: in
 * {@code 1\r\nfalse\r\n0\r\n\r\n} the {@code a} after {@code f} becomes a chunk of ten bytes, the
 * rest of the line its extension, and the parser waits for bytes that never come. Here the first
 * byte that is not the line end fails the body at once, as every other broken chunk does.
 */
final class StrictChunkParser extends HttpParser {
  private enum LineEnd {
    NONE,
    CR,
    LF
  }

  private LineEnd expected = LineEnd.NONE;

  // The buffer being parsed, for the state change that ends a chunk's data.
  private ByteBuffer parsing;

  StrictChunkParser(RequestHandler handler, int maxHeaderBytes, HttpCompliance compliance) {
    super(handler, maxHeaderBytes, compliance);
  }

  @Override
  protected boolean parseContent(ByteBuffer buffer) {
    parsing = buffer;
    try {
      consumeLineEnd(buffer);
      if (expected != LineEnd.NONE) {
        return false;
      }
      return super.parseContent(buffer);
    } finally {
      parsing = null;
    }
  }

  @Override
  protected void setState(State state) {
    State from = getState();
    super.setState(state);
    if (from == State.CHUNK && state == State.CHUNKED_CONTENT) {
      // A chunk's data has just been read: its CRLF must come next (a bare LF is tolerated, as
      // Jetty tolerates it after the size line).
      expected = LineEnd.CR;
      if (parsing != null) {
        consumeLineEnd(parsing);
      }
    } else if (state != State.CHUNKED_CONTENT) {
      expected = LineEnd.NONE;
    }
  }

  private void consumeLineEnd(ByteBuffer buffer) {
    while (expected != LineEnd.NONE && buffer.hasRemaining()) {
      byte next = buffer.get(buffer.position());
      if (expected == LineEnd.CR && next == '\r') {
        buffer.get();
        expected = LineEnd.LF;
      } else if (next == '\n') {
        buffer.get();
        expected = LineEnd.NONE;
      } else {
        expected = LineEnd.NONE;
        throw new BadMessageException(
            HttpStatus.BAD_REQUEST_400, "chunk data longer than its chunk size");
      }
    }
  }
}
