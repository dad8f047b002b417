package org.totpkit.mock.http.v2;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The v2 verify body's quick path ({@code {"code":"…"}} read without a parser) reads exactly what
 * the full reading (strict UTF-8, then the JSON parser) reads, or stands aside; malformed bodies
 * included, the two always give the same answer.
 */
class V2BodyTest {

  @ParameterizedTest
  @ValueSource(
      strings = {
        "{\"code\":\"123456\"}",
        "{\"code\":\"\"}",
        "{\"code\":\"12 34\"}",
        "{\"code\":\" 123456 \"}",
        "{\"code\":\"abc-DEF_~!\"}",
        "{\"code\":\"#$%&'()*+,-./:;<=>?@[]^`{|}\"}",
        "{\"code\":\"}\"}",
        "{\"code\":\"{x\"}"
      })
  void aPlainCodeMessageIsReadAsTheParserReadsIt(String body) {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);

    String quick = V2RestApi.Body.plainCode(bytes);

    assertThat(quick).isNotNull();
    assertThat(new V2RestApi.Body(quick, null)).isEqualTo(V2RestApi.Body.parse(bytes, true));
    assertThat(V2RestApi.Body.decode(bytes, true)).isEqualTo(V2RestApi.Body.parse(bytes, true));
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "",
        " ",
        "{}",
        "{\"code\":\"}",
        "{\"code\":\"\"",
        "{\"code\":\"1\"",
        "{\"code\":\"1}",
        "{\"code\":\"123456\"} ",
        " {\"code\":\"123456\"}",
        "{\"code\": \"123456\"}",
        "{ \"code\":\"123456\"}",
        "{\"code\":\"123456\" }",
        "{\"code\":\"12\\u0033456\"}",
        "{\"code\":\"12\\\"34\"}",
        "{\"code\":\"12\"34\"}",
        "{\"code\":\"12\t34\"}",
        "{\"code\":\"12é34\"}",
        "{\"code\":\"\u0000\"}",
        "{\"code\":\"1\",\"code\":\"2\"}",
        "{\"code\":\"1\",\"userId\":\"u\"}",
        "{\"userId\":\"u\",\"code\":\"1\"}",
        "{\"code\":123456}",
        "{\"code\":null}",
        "{\"Code\":\"123456\"}",
        "{\"code\":\"1\"}}",
        "{\"code\":\"1\"}\"}",
        "\"123456\"",
        "null",
        "[]",
        "{broken"
      })
  void anyOtherBodyGoesThroughTheParser(String body) {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);

    assertThat(V2RestApi.Body.plainCode(bytes)).isNull();
    assertThat(V2RestApi.Body.decode(bytes, true)).isEqualTo(V2RestApi.Body.parse(bytes, true));
  }

  @Test
  void notUtf8AndNoBodyAreNeverQuick() {
    byte[] notUtf8 = {'{', '"', 'c', 'o', 'd', 'e', '"', ':', '"', (byte) 0xC3, '"', '}'};

    assertThat(V2RestApi.Body.plainCode(notUtf8)).isNull();
    assertThat(V2RestApi.Body.decode(notUtf8, true).undecodable()).contains("UTF-8");
    assertThat(V2RestApi.Body.plainCode(null)).isNull();
    assertThat(V2RestApi.Body.decode(null, true)).isEqualTo(new V2RestApi.Body("", null));
  }

  @Test
  void aRegisterBodyIsNeverReadAsAVerifyMessage() {
    byte[] bytes = "{\"code\":\"123456\"}".getBytes(StandardCharsets.UTF_8);

    // Register's message has no code: the field is unknown, and ignored.
    assertThat(V2RestApi.Body.decode(bytes, false)).isEqualTo(new V2RestApi.Body("", null));
  }

  /**
   * Bodies made of the pieces of the quick path's shape and the characters that break it, in any
   * order: whatever the quick path answers, the parser answers the same (a seeded run, so that a
   * failure repeats).
   */
  @Test
  void onManyGeneratedBodiesBothReadingsAgree() {
    String[] pieces = {
      "{\"code\":\"",
      "\"}",
      "{",
      "}",
      "\"",
      ":",
      "\\",
      "\\\"",
      "\\u0031",
      "1",
      "a",
      " ",
      "\t",
      ",",
      "\"code\"",
      "\"userId\"",
      "null",
      "é",
      "\u0000",
      "\u007f",
      "[",
      "]"
    };
    Random random = new Random(18);
    int quick = 0;
    for (int n = 0; n < 20_000; n++) {
      ByteArrayOutputStream body = new ByteArrayOutputStream();
      // Half of them start and end as the quick shape does, so that both sides are exercised.
      boolean shaped = random.nextBoolean();
      if (shaped) {
        body.writeBytes(pieces[0].getBytes(StandardCharsets.UTF_8));
      }
      for (int k = random.nextInt(6); k > 0; k--) {
        body.writeBytes(pieces[random.nextInt(pieces.length)].getBytes(StandardCharsets.UTF_8));
      }
      if (shaped) {
        body.writeBytes(pieces[1].getBytes(StandardCharsets.UTF_8));
      }
      if (random.nextInt(20) == 0) {
        body.write(0xFF); // never UTF-8
      }
      byte[] bytes = body.toByteArray();
      V2RestApi.Body full = V2RestApi.Body.parse(bytes, true);
      String plain = V2RestApi.Body.plainCode(bytes);
      if (plain != null) {
        quick++;
        assertThat(full)
            .as("%s", new String(bytes, StandardCharsets.UTF_8))
            .isEqualTo(new V2RestApi.Body(plain, null));
      }
      assertThat(V2RestApi.Body.decode(bytes, true))
          .as("%s", new String(bytes, StandardCharsets.UTF_8))
          .isEqualTo(full);
    }
    assertThat(quick).as("bodies the quick path read").isGreaterThan(1_000);
  }
}
