package org.totpkit.mock.hooks;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.github.tomakehurst.wiremock.admin.model.HealthCheckResult;
import com.github.tomakehurst.wiremock.common.Json;
import com.github.tomakehurst.wiremock.core.Version;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.totpkit.mock.ServerOptions;
import org.totpkit.mock.junit.TotpMockServerExtension;
import org.totpkit.mock.testing.RawHttp;
import org.totpkit.mock.testing.Reply;
import org.totpkit.mock.testing.TestEngine;

/**
 * {@code GET /__admin/health} is answered in front of WireMock's admin routing (start-up: the first
 * request a monitor sends needs none of it), with WireMock's own body, still open with an admin
 * token, and only for exactly that method and path.
 */
class HealthCheckHttpTest {
  private static final String TOKEN = "admin-s3cret";

  @RegisterExtension
  static TotpMockServerExtension mock =
      TestEngine.with(
          ServerOptions.defaults().withPort(0).withDemoData(false).withAdminToken(TOKEN));

  RawHttp raw;

  @BeforeEach
  void connect() {
    raw = new RawHttp(mock.baseUrl());
  }

  @AfterEach
  void realTimeAgain() {
    mock.hooks().realClock();
  }

  @Test
  void answersWithWireMocksBodyInItsFieldOrderWithoutTheAdminToken() {
    Reply health = raw.send("GET", "/__admin/health", null);

    assertThat(health.status()).isEqualTo(200);
    assertThat(health.header("Content-Type")).contains("application/json");
    JsonNode wireMocks = Json.node(Json.write(new HealthCheckResult("healthy", "Wiremock is ok")));
    assertThat(fieldNames(health.json())).isEqualTo(fieldNames(wireMocks));
    assertThat(health.text("status")).isEqualTo("healthy");
    assertThat(health.text("message")).isEqualTo("Wiremock is ok");
    assertThat(health.text("version")).isEqualTo(Version.getCurrentVersion());
    assertThat(health.json().path("uptimeInSeconds").isIntegralNumber()).isTrue();
    // Pretty-printed as WireMock's admin API prints it.
    assertThat(health.body()).startsWith("{\n  \"status\" : \"healthy\",\n");
  }

  @Test
  void theTimestampIsRealTimeNotTheVirtualClock() {
    mock.hooks().freezeClock(Instant.parse("2001-01-01T00:00:00Z"));

    Reply health = raw.send("GET", "/__admin/health", null);

    assertThat(Instant.parse(health.text("timestamp")))
        .isAfter(Instant.parse("2020-01-01T00:00:00Z"));
  }

  @Test
  void aQueryIsIgnoredAsWireMockIgnoresIt() {
    assertThat(raw.send("GET", "/__admin/health?probe=1", null).text("status"))
        .isEqualTo("healthy");
  }

  @Test
  void anotherMethodOrPathStillGoesThroughTheAdminRouting() {
    Reply head = raw.send("HEAD", "/__admin/health", null);
    assertThat(head.status()).isEqualTo(405);
    assertThat(head.header("Allow")).contains("GET");
    assertThat(raw.send("POST", "/__admin/health", "{}").status()).isEqualTo(405);
    assertThat(raw.send("GET", "/__admin/health/", null).status()).isEqualTo(404);
    // Past the health path, the admin surface's own rules apply (the token, or no such route).
    Reply past = raw.send("GET", "/__admin/health/../mappings", null);
    assertThat(past.status()).isIn(401, 404);
    assertThat(past.body()).doesNotContain("healthy");
  }

  private static List<String> fieldNames(JsonNode node) {
    List<String> names = new ArrayList<>();
    node.fieldNames().forEachRemaining(names::add);
    return names;
  }
}
