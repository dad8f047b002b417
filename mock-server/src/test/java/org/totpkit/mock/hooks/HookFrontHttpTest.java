package org.totpkit.mock.hooks;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.totpkit.mock.ServerOptions;
import org.totpkit.mock.junit.TotpMockServerExtension;
import org.totpkit.mock.testing.RawHttp;
import org.totpkit.mock.testing.Reply;
import org.totpkit.mock.testing.TestEngine;

/**
 * The import hook is answered in front of WireMock's admin handler ({@link HookFront}) with exactly
 * the answer WireMock's routing gives: each request is sent twice, once as the front takes it and
 * once with a query, which the front leaves to WireMock (the hook ignores queries), and the two
 * answers must be the same, refusals included.
 */
class HookFrontHttpTest {
  private static final String TOKEN = "admin-s3cret";
  private static final String[] RIGHT = {"Authorization", "Bearer " + TOKEN};
  private static final String SECRET = "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ";

  @RegisterExtension
  static TotpMockServerExtension mock =
      TestEngine.with(
          ServerOptions.defaults()
              .withPort(0)
              .withDemoData(false)
              .withAdminToken(TOKEN)
              .withMaxRequestBodyBytes(1024));

  RawHttp raw;
  String userId;

  @BeforeEach
  void aUser() {
    raw = new RawHttp(mock.baseUrl());
    userId = mock.hooks().createUser().getUserId();
  }

  @AfterEach
  void realTimeAgain() {
    mock.hooks().realClock();
  }

  @Test
  void anImportIsAnsweredAndHeldAsThroughWireMock() {
    // One step for both codes below.
    mock.hooks().freezeClock(Instant.parse("2030-01-01T00:00:00Z"));
    Reply front = importAs(userId, "{\"secret\":\"" + SECRET + "\"}", "", RIGHT);
    Reply wireMock = importAs(userId, "{\"secret\":\"" + SECRET + "\"}", "?via=wiremock", RIGHT);

    assertThat(front.status()).isEqualTo(200);
    assertThat(wireMock.status()).isEqualTo(200);
    assertThat(front.header("Content-Type")).isEqualTo(wireMock.header("Content-Type"));
    assertThat(front.text("totpId")).matches("[0-9]+").isNotEqualTo(wireMock.text("totpId"));
    assertThat(fieldNames(front)).isEqualTo(fieldNames(wireMock));
    // Both registrations exist, with the imported secret's codes.
    assertThat(mock.hooks().currentCode(userId, front.text("totpId")).getCode())
        .isEqualTo(mock.hooks().currentCode(userId, wireMock.text("totpId")).getCode());
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "",
        "nope",
        "{}",
        "[]",
        "{\"secret\":null}",
        "{\"secret\":\"not base32!\"}",
        "{\"secret\":\"" + SECRET + "\",\"digits\":5}",
        "{\"secret\":\"" + SECRET + "\",\"period\":0}",
        "{\"secret\":\"" + SECRET + "\",\"algorithm\":\"MD5\"}",
        "{\"secret\":7}"
      })
  void aBadBodyGetsTheSameRefusal(String body) {
    assertSameAnswer(userId, body, RIGHT);
    assertThat(importAs(userId, body, "", RIGHT).status()).isEqualTo(400);
  }

  @Test
  void anUnknownUserGetsTheSameNotFound() {
    Reply front = assertSameAnswer("4242", "{\"secret\":\"" + SECRET + "\"}", RIGHT);
    assertThat(front.status()).isEqualTo(404);
  }

  @Test
  void withoutTheAdminTokenTheSame401() {
    String body = "{\"secret\":\"" + SECRET + "\"}";
    for (String[] headers :
        new String[][] {
          {}, {"Authorization", "Bearer wrong"}, {"Authorization", TOKEN},
        }) {
      Reply front = assertSameAnswer(userId, body, headers);
      assertThat(front.status()).isEqualTo(401);
      assertThat(front.header("WWW-Authenticate")).isPresent();
    }
  }

  @Test
  void theBrowserRulesAndTheGateStillComeFirst() {
    String body = "{\"secret\":\"" + SECRET + "\"}";
    Reply foreignPage =
        assertSameAnswer(
            userId, body, "Authorization", "Bearer " + TOKEN, "Origin", "https://evil.example");
    assertThat(foreignPage.status()).isEqualTo(403);
    Reply tooLarge = assertSameAnswer(userId, "{\"secret\":\"" + "A".repeat(2000) + "\"}", RIGHT);
    assertThat(tooLarge.status()).isEqualTo(400);
    assertThat(tooLarge.body()).contains("larger than 1024 bytes");
  }

  @Test
  void otherPathsAndMethodsKeepWireMocksRouting() {
    assertThat(raw.send("PUT", "/__admin/totp/users/" + userId + "/totp", "{}", RIGHT).status())
        .isEqualTo(405);
    assertThat(raw.send("POST", "/__admin/totp/users//totp", "{}", RIGHT).status()).isEqualTo(404);
    assertThat(raw.send("POST", "/__admin/totp/users/a/b/totp", "{}", RIGHT).status())
        .isEqualTo(404);
  }

  private Reply assertSameAnswer(String user, String body, String... headers) {
    Reply front = importAs(user, body, "", headers);
    Reply wireMock = importAs(user, body, "?via=wiremock", headers);
    assertThat(front.status()).as(body).isEqualTo(wireMock.status());
    assertThat(front.body()).as(body).isEqualTo(wireMock.body());
    for (String name : List.of("Content-Type", "WWW-Authenticate", "Connection", "Allow")) {
      assertThat(front.header(name)).as(name).isEqualTo(wireMock.header(name));
    }
    return front;
  }

  private Reply importAs(String user, String body, String query, String... headers) {
    return raw.send("POST", "/__admin/totp/users/" + user + "/totp" + query, body, headers);
  }

  private static List<String> fieldNames(Reply reply) {
    List<String> names = new ArrayList<>();
    reply.json().fieldNames().forEachRemaining(names::add);
    return names;
  }
}
