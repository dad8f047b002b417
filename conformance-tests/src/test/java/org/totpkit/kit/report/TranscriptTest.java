package org.totpkit.kit.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The evidence transcript: what it keeps of an exchange, and what it never keeps. */
class TranscriptTest {

  @Test
  void anHttpExchangeKeepsMethodPathStatusAndTheHeadersThatMatter() {
    Transcript.Exchange exchange =
        Transcript.Exchange.http(
            "POST",
            "http://127.0.0.1:4711/resources/v3alpha/users/42/totp?organization.orgId=7",
            429,
            Map.of("Authorization", List.of("Bearer tok-abcdefgh"), "Accept", List.of("*/*")),
            Map.of(
                "Retry-After", List.of("60"),
                "Content-Type", List.of("application/json"),
                "Set-Cookie", List.of("x=y")),
            "\"123456\"",
            "{\"code\":8,\"message\":\"locked\"}");
    assertThat(exchange.call())
        .isEqualTo("POST /resources/v3alpha/users/42/totp?organization.orgId=7");
    assertThat(exchange.status()).isEqualTo("HTTP 429");
    assertThat(exchange.headers())
        .contains("> Authorization: Bearer ‹redacted›", "< Retry-After: 60")
        .noneMatch(h -> h.contains("Cookie") || h.contains("Accept"));
    assertThat(exchange.request()).isEqualTo("\"‹redacted›\"");
    assertThat(exchange.text()).doesNotContain("tok-abcdefgh", "123456");
  }

  @Test
  void secretsTokensAndUrisInBodiesAreBlankedWhereverTheyAre() {
    String body =
        "{\"totpId\":\"300\",\"secret\":\"JBSWY3DPEHPK3PXP\",\"uri\":\"otpauth://totp/x?secret=JBSWY3DPEHPK3PXP\","
            + "\"users\":[{\"token\":\"hooks-issued-token\"}]}";
    String redacted = Transcript.redactBody(body, false);
    assertThat(redacted)
        .contains("\"totpId\":\"300\"", "\"secret\":\"‹redacted›\"", "\"token\":\"‹redacted›\"")
        .doesNotContain("JBSWY3DPEHPK3PXP", "hooks-issued-token");
  }

  @Test
  void aCodeSentInAnyShapeIsBlanked() {
    assertThat(Transcript.redactBody("123456", true)).isEqualTo("‹redacted›");
    assertThat(Transcript.redactBody("{\"code\":\"12345678\"}", true))
        .isEqualTo("{\"code\":\"‹redacted›\"}");
    assertThat(Transcript.redactBody("\"１２３４５６\"", true)).isEqualTo("\"‹redacted›\"");
    assertThat(Transcript.redactBody("code=987654 please", true))
        .isEqualTo("code=‹redacted› please");
  }

  @Test
  void aScenarioKeepsItsLastExchangesOnly() {
    Transcript.begin();
    for (int i = 0; i < Transcript.KEEP + 3; i++) {
      Transcript.record(
          Transcript.Exchange.http("GET", "/n/" + i, 200, Map.of(), Map.of(), null, ""));
    }
    Transcript.Kept kept = Transcript.end();
    assertThat(kept.exchanges()).hasSize(Transcript.KEEP);
    assertThat(kept.earlierExchanges()).isEqualTo(3);
    assertThat(kept.exchanges().get(0).call()).isEqualTo("GET /n/3");
    assertThat(Transcript.end().exchanges()).isEmpty();
  }
}
