package org.totpkit.mock.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The verify body's quick path reads exactly what the JSON parser reads, or stands aside. */
class CodeBodyTest {

  @ParameterizedTest
  @ValueSource(
      strings = {
        "\"123456\"",
        "\"\"",
        "\"12 34\"",
        "\"abc-DEF_~!\"",
        "\"000000000\"",
        "\"#$%&'()*+,-./:;<=>?@[]^`{|}\""
      })
  void aPlainJsonStringIsReadAsTheParserReadsIt(String body) {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);

    assertThat(CodeBody.plainString(bytes)).isNotNull();
    assertThat(CodeBody.decode(bytes)).isEqualTo(CodeBody.decode(body));
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        " \"123456\"",
        "\"123456\" ",
        "\"12\\u0033456\"",
        "\"12\\\"34\"",
        "\"12\t34\"",
        "\"12é34\"",
        "\"123456",
        "\"",
        "123456",
        "\"12\"34\"",
        "null",
        "{\"code\":\"123456\"}"
      })
  void anythingElseGoesThroughTheParser(String body) {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);

    assertThat(CodeBody.plainString(bytes)).isNull();
    assertThat(CodeBody.decode(bytes)).isEqualTo(CodeBody.decode(body));
  }
}
