package org.totpkit.mock.journal;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * The byte form of a journal entry: a growable buffer written by {@link Writer} and read back by
 * {@link Reader}. Numbers are unsigned variable-length (7 bits a byte); a text is its UTF-8 length
 * and bytes, an ASCII text copied char by char into the buffer (no {@code byte[]} made for it), any
 * other encoded by the JDK; a missing text is length 0 with a flag byte before it where a field may
 * be missing.
 *
 * <p>Why by hand: a journal entry has a dozen plain fields, written on every answered request and
 * read only when someone reads the journal; a serialization library would build objects (a
 * generator, a tree, a {@code byte[]} per text) on the write side, which is the side that runs
 * 50,000 times a second.
 */
final class EntryBytes {
  private EntryBytes() {}

  /** Writes an entry into one buffer, reused by the thread for its next entry. */
  static final class Writer {
    // A buffer grown past this is dropped after the entry, so that one large entry does not keep
    // a large buffer per thread.
    private static final int KEPT = 16 * 1024;
    private byte[] buf = new byte[1024];
    private int pos;

    void reset() {
      if (buf.length > KEPT) {
        buf = new byte[1024];
      }
      pos = 0;
    }

    byte[] buffer() {
      return buf;
    }

    int length() {
      return pos;
    }

    private void room(int more) {
      if (pos + more > buf.length) {
        buf = Arrays.copyOf(buf, Math.max(buf.length * 2, pos + more));
      }
    }

    void number(long value) {
      room(10);
      long v = value;
      while ((v & ~0x7FL) != 0) {
        buf[pos++] = (byte) ((v & 0x7F) | 0x80);
        v >>>= 7;
      }
      buf[pos++] = (byte) v;
    }

    void flag(boolean on) {
      room(1);
      buf[pos++] = (byte) (on ? 1 : 0);
    }

    /** A text that may be missing (read back by {@link Reader#textOrNull}). */
    void textOrNull(String text) {
      flag(text != null);
      if (text != null) {
        text(text);
      }
    }

    void text(String text) {
      int n = text.length();
      if (!ascii(text)) {
        // Anything else (rare in a request's head): the JDK's UTF-8 encoder.
        bytes(text.getBytes(StandardCharsets.UTF_8));
        return;
      }
      number(n);
      room(n);
      for (int i = 0; i < n; i++) {
        buf[pos++] = (byte) text.charAt(i);
      }
    }

    private static boolean ascii(String text) {
      for (int i = 0, n = text.length(); i < n; i++) {
        if (text.charAt(i) >= 0x80) {
          return false;
        }
      }
      return true;
    }

    void bytes(byte[] bytes) {
      number(bytes.length);
      room(bytes.length);
      System.arraycopy(bytes, 0, buf, pos, bytes.length);
      pos += bytes.length;
    }
  }

  /** Reads back what a {@link Writer} wrote, in the same order. */
  static final class Reader {
    private final byte[] buf;
    private int pos;

    Reader(byte[] buf) {
      this.buf = buf;
    }

    long number() {
      long value = 0;
      int shift = 0;
      while (true) {
        byte b = buf[pos++];
        value |= (long) (b & 0x7F) << shift;
        if ((b & 0x80) == 0) {
          return value;
        }
        shift += 7;
      }
    }

    int count() {
      return (int) number();
    }

    boolean flag() {
      return buf[pos++] != 0;
    }

    String textOrNull() {
      return flag() ? text() : null;
    }

    String text() {
      int length = count();
      String text = new String(buf, pos, length, StandardCharsets.UTF_8);
      pos += length;
      return text;
    }

    byte[] bytes() {
      int length = count();
      byte[] bytes = Arrays.copyOfRange(buf, pos, pos + length);
      pos += length;
      return bytes;
    }
  }
}
