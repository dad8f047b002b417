package org.totpkit.mock.stubs;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlMatching;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathTemplate;
import static org.assertj.core.api.Assertions.assertThat;
import static org.totpkit.mock.testing.RpcStatusAssertions.assertRpcStatus;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.tomakehurst.wiremock.client.WireMock;
import com.github.tomakehurst.wiremock.stubbing.StubMapping;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.totpkit.mock.http.Json;
import org.totpkit.mock.junit.HooksClient;
import org.totpkit.mock.junit.TotpMockServerExtension;
import org.totpkit.mock.testing.PendingRegistration;
import org.totpkit.mock.testing.RawHttp;
import org.totpkit.mock.testing.Reply;
import org.totpkit.mock.testing.ResetAfterEach;
import org.totpkit.mock.testing.TestEngine;

/**
 * The stubs' index: a request no stub can reach is the contract's without WireMock's view of it,
 * and a stub of every kind of URL matcher still wins when it matches, whatever changed the stubs
 * (WireMock's client, the admin API's JSON, an edit, a removal, a reset, a scenario's state).
 */
class StubIndexHttpTest {
  @RegisterExtension static TotpMockServerExtension mock = TestEngine.onFreePort();
  @RegisterExtension static ResetAfterEach reset = new ResetAfterEach(mock);

  final HooksClient hooks = mock.hooks();
  final RawHttp api = new RawHttp(mock.baseUrl());
  final WireMock wireMock = new WireMock("127.0.0.1", mock.server().port());
  final Instant now = Instant.parse("2030-01-01T00:00:00Z");

  @AfterEach
  void removeStubs() {
    wireMock.resetToDefaultMappings();
  }

  private String verifyPath(PendingRegistration pending) {
    return RawHttp.registrationPath(pending.userId(), pending.totpId()) + "/_verify";
  }

  @Test
  void everyKindOfUrlMatcherOnTheVerifyPathWinsOverTheContract() {
    hooks.freezeClock(now);
    PendingRegistration pending = PendingRegistration.start(hooks, api);
    String path = verifyPath(pending);
    String code = pending.codeAt(now.getEpochSecond());
    List<StubMapping> stubs =
        List.of(
            post(urlEqualTo(path)).willReturn(aResponse().withStatus(521)).build(),
            post(urlPathEqualTo(path)).willReturn(aResponse().withStatus(522)).build(),
            post(urlPathMatching("/resources/v3alpha/users/[^/]+/totp/[^/]+/_verify"))
                .willReturn(aResponse().withStatus(523))
                .build(),
            post(urlMatching(".*/_verify")).willReturn(aResponse().withStatus(524)).build(),
            post(urlPathTemplate("/resources/v3alpha/users/{user}/totp/{totp}/_verify"))
                .willReturn(aResponse().withStatus(525))
                .build(),
            any(anyUrl()).willReturn(aResponse().withStatus(526)).build());
    for (StubMapping stub : stubs) {
      wireMock.register(stub);
      Reply reply = pending.verify(api, code);
      assertThat(reply.status())
          .as("%s", stub.getRequest())
          .isEqualTo(stub.getResponse().getStatus());
      wireMock.removeStubMapping(stub);
    }
    // None left: the contract again, and the registration was never verified by the stubs.
    assertThat(pending.verify(api, code).status()).isEqualTo(200);
  }

  @Test
  void aStubOnAnotherPathOrMethodLeavesTheVerifyToTheContract() {
    hooks.freezeClock(now);
    PendingRegistration pending = PendingRegistration.start(hooks, api);
    String path = verifyPath(pending);
    wireMock.register(post(urlEqualTo("/bench/static")).willReturn(aResponse().withStatus(404)));
    wireMock.register(get(urlPathEqualTo(path)).willReturn(aResponse().withStatus(503)));
    // The query is part of what urlEqualTo compares: with one, it is another URL.
    wireMock.register(post(urlEqualTo(path + "?x=1")).willReturn(aResponse().withStatus(503)));

    Reply wrong = pending.verify(api, pending.wrongCodeAt(now.getEpochSecond()));
    assertRpcStatus(wrong, 400, 3);
    assertThat(api.send("POST", "/bench/static", null).status()).isEqualTo(404);
    assertThat(api.send("GET", path, null).status()).isEqualTo(503);
    assertThat(api.send("POST", path + "?x=1", "\"1\"").status()).isEqualTo(503);
    assertThat(pending.verify(api, pending.codeAt(now.getEpochSecond())).status()).isEqualTo(200);
  }

  @Test
  void aStubTheIndexLetsThroughButThatDoesNotMatchStillGetsTheContract() {
    hooks.freezeClock(now);
    PendingRegistration pending = PendingRegistration.start(hooks, api);
    // Method and URL reach the verify, the header does not: the full check says no.
    wireMock.register(
        post(urlPathMatching(".*/_verify"))
            .withHeader("X-Outage", equalTo("yes"))
            .willReturn(aResponse().withStatus(503)));

    assertThat(pending.verify(api, pending.codeAt(now.getEpochSecond())).status()).isEqualTo(200);
    Reply outage =
        api.send(
            "POST",
            verifyPath(pending),
            "\"" + pending.codeAt(now.getEpochSecond()) + "\"",
            "Authorization",
            "Bearer " + pending.token(),
            "X-Outage",
            "yes");
    assertThat(outage.status()).isEqualTo(503);
  }

  @Test
  void theHigherPriorityStubAnswers() {
    hooks.freezeClock(now);
    PendingRegistration pending = PendingRegistration.start(hooks, api);
    wireMock.register(
        post(urlMatching(".*")).atPriority(5).willReturn(aResponse().withStatus(530)));
    wireMock.register(
        post(urlPathEqualTo(verifyPath(pending)))
            .atPriority(1)
            .willReturn(aResponse().withStatus(531)));

    assertThat(pending.verify(api, pending.codeAt(now.getEpochSecond())).status()).isEqualTo(531);
    assertThat(api.send("POST", "/elsewhere", null).status()).isEqualTo(530);
  }

  @Test
  void anEditedStubMovesWithItsNewUrl() {
    hooks.freezeClock(now);
    PendingRegistration pending = PendingRegistration.start(hooks, api);
    StubMapping stub =
        wireMock.register(post(urlEqualTo("/somewhere")).willReturn(aResponse().withStatus(540)));
    assertThat(pending.verify(api, pending.wrongCodeAt(now.getEpochSecond())).status())
        .isEqualTo(400);

    wireMock.editStubMapping(
        post(urlPathEqualTo(verifyPath(pending)))
            .withId(stub.getId())
            .willReturn(aResponse().withStatus(541)));

    assertThat(pending.verify(api, pending.codeAt(now.getEpochSecond())).status()).isEqualTo(541);
    assertRpcStatus(api.send("POST", "/somewhere", null), 404, 5);
  }

  @Test
  void aStubPostedAsJsonToTheAdminApiIsIndexedAndItsRemovalToo() {
    hooks.freezeClock(now);
    PendingRegistration pending = PendingRegistration.start(hooks, api);
    ObjectNode json = Json.MAPPER.createObjectNode();
    json.putObject("request").put("method", "POST").put("urlPath", verifyPath(pending));
    json.putObject("response").put("status", 550);
    Reply created = api.send("POST", "/__admin/mappings", json.toString());
    assertThat(created.status()).isEqualTo(201);
    String id = created.json().path("id").asText();

    assertThat(pending.verify(api, pending.codeAt(now.getEpochSecond())).status()).isEqualTo(550);
    assertThat(api.send("DELETE", "/__admin/mappings/" + id, null).status()).isEqualTo(200);
    assertThat(pending.verify(api, pending.codeAt(now.getEpochSecond())).status()).isEqualTo(200);
  }

  @Test
  void aScenarioStubOnTheVerifyPathAnswersOnlyInItsState() {
    hooks.freezeClock(now);
    PendingRegistration pending = PendingRegistration.start(hooks, api);
    wireMock.register(
        post(urlPathEqualTo(verifyPath(pending)))
            .inScenario("outage")
            .whenScenarioStateIs("down")
            .willReturn(aResponse().withStatus(503)));

    String wrong = pending.wrongCodeAt(now.getEpochSecond());
    assertRpcStatus(pending.verify(api, wrong), 400, 3);
    setScenarioState("outage", "down");
    assertThat(pending.verify(api, wrong).status()).isEqualTo(503);
    // Back to its start (WireMock only accepts states a stub names).
    assertThat(api.send("POST", "/__admin/scenarios/reset", null).status()).isEqualTo(200);
    assertRpcStatus(pending.verify(api, wrong), 400, 3);
  }

  /**
   * The same request answered by the contract with and without WireMock's view of it (a stub the
   * index lets through but that does not match, then none): the same answer and the same journal
   * entry, redacted alike.
   */
  @Test
  void theJournalEntryIsTheSameWhicheverViewOfTheRequestMadeIt() {
    hooks.freezeClock(now);
    PendingRegistration pending = PendingRegistration.start(hooks, api);
    String path = verifyPath(pending) + "?instance.id=&organization.orgId=";
    String wrong = "\"" + pending.wrongCodeAt(now.getEpochSecond()) + "\"";
    String[] headers = {
      "Authorization",
      "Bearer " + pending.token(),
      "Cookie",
      "a=1; b=2",
      "X-Forwarded-For",
      "10.1.2.3"
    };

    StubMapping lure =
        wireMock.register(
            post(urlPathMatching(".*/_verify"))
                .withHeader("X-Never", equalTo("sent"))
                .willReturn(aResponse().withStatus(503)));
    Reply viaWireMock = api.send("POST", path, wrong, headers);
    JsonNode throughAdapter = newestEntry();
    wireMock.removeStubMapping(lure);
    Reply direct = api.send("POST", path, wrong, headers);
    JsonNode throughServlet = newestEntry();

    assertThat(direct.status()).isEqualTo(viaWireMock.status()).isEqualTo(400);
    assertThat(direct.body()).isEqualTo(viaWireMock.body());
    assertThat(throughServlet.toString()).doesNotContain(pending.token()).contains("‹redacted›");
    assertThat(withoutIdAndTime(throughServlet)).isEqualTo(withoutIdAndTime(throughAdapter));
  }

  private void setScenarioState(String scenario, String state) {
    Reply set =
        api.send(
            "PUT", "/__admin/scenarios/" + scenario + "/state", "{\"state\":\"" + state + "\"}");
    assertThat(set.status()).as("%s", set).isEqualTo(200);
  }

  private JsonNode newestEntry() {
    Reply requests = api.send("GET", "/__admin/requests?limit=1", null);
    return requests.json().path("requests").path(0);
  }

  private static JsonNode withoutIdAndTime(JsonNode entry) {
    ObjectNode copy = entry.deepCopy();
    copy.remove("id");
    copy.remove("timing");
    ObjectNode request = (ObjectNode) copy.path("request");
    request.remove("loggedDate");
    request.remove("loggedDateString");
    return copy;
  }
}
