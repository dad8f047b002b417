package org.totpkit.mock.transport;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.totpkit.mock.contract.Operation;
import org.totpkit.mock.junit.TotpMockServerExtension;
import org.totpkit.mock.testing.PendingRegistration;
import org.totpkit.mock.testing.RawHttp;

/**
 * The console's live log (the events hook) hears every transport: a wrong code sent over REST,
 * gRPC, gRPC-Web and Connect is logged once per call with row 14, and never with the code.
 */
class AnsweredCallsOverTransportsTest {
  @RegisterExtension static TotpMockServerExtension mock = TotpMockServerExtension.onFreePort();

  static final Instant NOW = Instant.parse("2030-01-01T00:00:10.250Z");

  static List<TransportClient> clients;

  @BeforeAll
  static void connect() {
    clients = Clients.all(mock.baseUrl(), mock.server().port());
  }

  @AfterAll
  static void disconnect() {
    clients.forEach(TransportClient::close);
  }

  @Test
  void aWrongCodeOverEveryTransportIsLoggedWithItsRow() {
    mock.hooks().freezeClock(NOW);
    RawHttp api = new RawHttp(mock.baseUrl());
    PendingRegistration r = PendingRegistration.start(mock.hooks(), api);
    long before = api.hook("GET", "/events", null).json().path("next").asLong();
    String wrong = r.wrongCodeAt(NOW.getEpochSecond());
    for (TransportClient client : clients) {
      TransportClient.Result result =
          client.call(
              Operation.VERIFY,
              TransportParityTest.verify(r.userId(), r.totpId(), wrong),
              "Bearer " + r.token());
      assertThat(result.code()).as(client.name()).isEqualTo(3);
    }

    var page = api.hook("GET", "/events?after=" + before, null);
    List<JsonNode> events = new ArrayList<>();
    page.json().path("events").forEach(events::add);
    assertThat(events).hasSize(clients.size());
    for (JsonNode event : events) {
      assertThat(event.path("method").asText()).isEqualTo("VerifyTOTPRegistration");
      assertThat(event.path("totpId").asText()).isEqualTo(r.totpId());
      assertThat(event.path("row").asInt()).isEqualTo(14);
      assertThat(event.path("errorId").asText()).isEqualTo("EVENT-8isk2");
    }
    assertThat(page.body()).doesNotContain(wrong, r.token());
  }
}
