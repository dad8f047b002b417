package org.totpkit.mock.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The gate reads a body without a declared length as readNBytes would, without its 8 KB buffer. */
class RequestGateReadTest {

  @ParameterizedTest
  @ValueSource(ints = {0, 1, 8, 63, 64, 65, 1000, 65_536, 65_537, 200_000})
  void aBodyIsReadAsReadNBytesReadsIt(int size) throws IOException {
    byte[] body = new byte[size];
    new Random(size).nextBytes(body);
    int limit = 65_537;

    byte[] read = RequestGate.readUndeclared(new ByteArrayInputStream(body), limit);

    assertThat(read).isEqualTo(new ByteArrayInputStream(body).readNBytes(limit));
  }

  @ParameterizedTest
  @ValueSource(ints = {0, 5, 700, 70_000})
  void aBodyArrivingInSmallPiecesWithNothingAvailableIsReadWhole(int size) throws IOException {
    byte[] body = new byte[size];
    new Random(size).nextBytes(body);

    byte[] read = RequestGate.readUndeclared(new Trickle(body), 65_537);

    assertThat(read).isEqualTo(new ByteArrayInputStream(body).readNBytes(65_537));
  }

  @org.junit.jupiter.api.Test
  void anEmptyBodyIsOneSharedEmptyArray() throws IOException {
    byte[] none = RequestGate.readUndeclared(InputStream.nullInputStream(), 10);

    assertThat(none).isEmpty();
    assertThat(RequestGate.readUndeclared(InputStream.nullInputStream(), 10)).isSameAs(none);
  }

  // A chunked body still on its way: three bytes a read, and nothing announced as available.
  private static final class Trickle extends InputStream {
    private final ByteArrayInputStream in;

    Trickle(byte[] body) {
      in = new ByteArrayInputStream(body);
    }

    @Override
    public int read() {
      return in.read();
    }

    @Override
    public int read(byte[] into, int offset, int length) {
      return in.read(into, offset, Math.min(3, length));
    }

    @Override
    public int available() {
      return 0;
    }
  }
}
