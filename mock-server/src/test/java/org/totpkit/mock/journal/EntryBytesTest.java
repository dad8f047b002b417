package org.totpkit.mock.journal;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The journal's byte form against the JDK's UTF-8 and round trips. */
class EntryBytesTest {
  @Test
  void textIsWrittenAsTheJdksUtf8ForAnyCharsIncludingLoneSurrogates() {
    Random random = new Random(18);
    char[] pool = {'a', 'Z', '0', '"', 'é', 'ß', '✓', '€', '\uD83D', '\uDE00', '\u0000', '\u07FF'};
    for (int round = 0; round < 5_000; round++) {
      char[] chars = new char[random.nextInt(40)];
      for (int i = 0; i < chars.length; i++) {
        chars[i] =
            random.nextBoolean()
                ? pool[random.nextInt(pool.length)]
                : (char) random.nextInt(0x10000);
      }
      String text = new String(chars);
      byte[] expected = text.getBytes(StandardCharsets.UTF_8);
      EntryBytes.Writer out = new EntryBytes.Writer();
      out.text(text);
      byte[] written = Arrays.copyOf(out.buffer(), out.length());
      // The length as a number first, then the bytes.
      EntryBytes.Reader in = new EntryBytes.Reader(written);
      assertThat(in.count()).isEqualTo(expected.length);
      assertThat(Arrays.copyOfRange(written, written.length - expected.length, written.length))
          .isEqualTo(expected);
      assertThat(new EntryBytes.Reader(written).text())
          .isEqualTo(new String(expected, StandardCharsets.UTF_8));
    }
  }

  @Test
  void numbersFlagsMissingTextsAndBytesReadBackInOrder() {
    EntryBytes.Writer out = new EntryBytes.Writer();
    long[] numbers = {0, 1, 127, 128, 16_383, 16_384, Integer.MAX_VALUE, Long.MAX_VALUE, -1};
    for (long n : numbers) {
      out.number(n);
    }
    out.flag(true);
    out.textOrNull(null);
    out.textOrNull("");
    out.bytes(new byte[] {1, 2, 3});
    byte[] large = new byte[100_000];
    new Random(5).nextBytes(large);
    out.bytes(large);
    EntryBytes.Reader in = new EntryBytes.Reader(Arrays.copyOf(out.buffer(), out.length()));
    for (long n : numbers) {
      assertThat(in.number()).isEqualTo(n);
    }
    assertThat(in.flag()).isTrue();
    assertThat(in.textOrNull()).isNull();
    assertThat(in.textOrNull()).isEmpty();
    assertThat(in.bytes()).containsExactly(1, 2, 3);
    assertThat(in.bytes()).isEqualTo(large);
    // A buffer grown for a large entry is not kept for the thread's next one.
    out.reset();
    assertThat(out.buffer().length).isLessThan(large.length);
    assertThat(out.length()).isZero();
  }
}
