package org.totpkit.mock.totp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class Base32Test {
  // RFC 4648 section 10, padding removed.
  @ParameterizedTest
  @CsvSource({
    "f,MY",
    "fo,MZXQ",
    "foo,MZXW6",
    "foob,MZXW6YQ",
    "fooba,MZXW6YTB",
    "foobar,MZXW6YTBOI"
  })
  void encodesTheRfcExamplesWithoutPadding(String text, String encoded) {
    assertThat(Base32.encode(text.getBytes(StandardCharsets.US_ASCII))).isEqualTo(encoded);
    assertThat(Base32.decode(encoded)).isEqualTo(text.getBytes(StandardCharsets.US_ASCII));
  }

  @Test
  void decodesLowerCaseAndPadding() {
    assertThat(Base32.decode("mzxw6===")).isEqualTo("foo".getBytes(StandardCharsets.US_ASCII));
  }

  @Test
  void roundTripsRandomBytes() {
    Random random = new Random(42);
    for (int length = 1; length < 70; length++) {
      byte[] bytes = new byte[length];
      random.nextBytes(bytes);
      assertThat(Base32.decode(Base32.encode(bytes))).isEqualTo(bytes);
    }
  }

  @Test
  void twentyBytesAreThirtyTwoCharacters() {
    assertThat(Base32.encode(new byte[20])).hasSize(32).matches("[A-Z2-7]+");
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "====", "MZXW1", "MZ XW6", "M", "MZX", "MZXW6Y", "MZXW6!"})
  void refusesWhatIsNotBase32(String text) {
    assertThatThrownBy(() -> Base32.decode(text)).isInstanceOf(IllegalArgumentException.class);
  }
}
