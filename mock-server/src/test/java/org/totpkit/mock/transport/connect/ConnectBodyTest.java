package org.totpkit.mock.transport.connect;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.totpkit.mock.transport.rpc.RpcEndpoint;

/**
 * A Connect body is read whole, at most one byte past the message limit, whatever its declared
 * length says: read at that length when it is within the limit, and on when the stream has more.
 */
class ConnectBodyTest {
  private static final int LIMIT = RpcEndpoint.MAX_MESSAGE_BYTES;

  private static byte[] bytes(int length) {
    byte[] bytes = new byte[length];
    for (int i = 0; i < length; i++) {
      bytes[i] = (byte) ('a' + i % 26);
    }
    return bytes;
  }

  private static byte[] read(long declared, byte[] sent) throws IOException {
    return ConnectTransport.body(declared, new ByteArrayInputStream(sent));
  }

  @Test
  void aBodyOfItsDeclaredLengthIsReadWhole() throws IOException {
    for (int length : new int[] {0, 1, 120, 8192, 8193, LIMIT}) {
      byte[] sent = bytes(length);
      assertThat(read(length, sent)).as("%d bytes", length).isEqualTo(sent);
    }
  }

  @Test
  void aBodyWithoutADeclaredLengthIsReadToOneBytePastTheLimit() throws IOException {
    assertThat(read(-1, bytes(120))).isEqualTo(bytes(120));
    assertThat(read(-1, bytes(LIMIT + 500))).hasSize(LIMIT + 1);
  }

  @Test
  void aDeclaredLengthPastTheLimitReadsToOneBytePastIt() throws IOException {
    assertThat(read(LIMIT + 500, bytes(LIMIT + 500))).hasSize(LIMIT + 1);
  }

  @Test
  void aBodyShorterThanDeclaredIsWhatCame() throws IOException {
    assertThat(read(200, bytes(120))).isEqualTo(bytes(120));
  }

  @Test
  void aBodyLongerThanDeclaredIsReadOnAsWithoutADeclaredLength() throws IOException {
    assertThat(read(100, bytes(120))).isEqualTo(bytes(120));
    byte[] huge = bytes(LIMIT + 500);
    assertThat(read(100, huge)).isEqualTo(Arrays.copyOf(huge, LIMIT + 1));
  }
}
