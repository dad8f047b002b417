package org.totpkit.mock.stubs;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.totpkit.mock.testing.RpcStatusAssertions.assertRpcStatus;

import com.github.tomakehurst.wiremock.client.WireMock;
import com.github.tomakehurst.wiremock.http.Fault;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import com.github.tomakehurst.wiremock.stubbing.StubMapping;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.totpkit.mock.junit.HooksClient;
import org.totpkit.mock.junit.TotpMockServerExtension;
import org.totpkit.mock.testing.PendingRegistration;
import org.totpkit.mock.testing.RawHttp;
import org.totpkit.mock.testing.Reply;
import org.totpkit.mock.testing.ResetAfterEach;
import org.totpkit.mock.testing.TestEngine;

/** WireMock's stubs, faults and delays over the stateful contract, driven by WireMock's client. */
class StubsOverContractHttpTest {
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

  @Test
  void aStubAnswersInsteadOfTheContractAndRemovingItGivesTheContractBackWithItsState() {
    hooks.freezeClock(now);
    PendingRegistration pending = PendingRegistration.start(hooks, api);
    StubMapping outage =
        wireMock.register(
            post(urlPathMatching(".*/_verify"))
                .willReturn(aResponse().withStatus(503).withBody("down for maintenance")));

    Reply during = pending.verify(api, pending.codeAt(now.getEpochSecond()));
    assertThat(during.status()).isEqualTo(503);
    assertThat(during.body()).isEqualTo("down for maintenance");
    wireMock.verifyThat(1, postRequestedFor(urlPathMatching(".*/_verify")));
    // Paths no stub matches still get the contract, with its error table.
    assertRpcStatus(api.send("GET", "/nothing-here", null), 404, 5);

    wireMock.removeStubMapping(outage);
    Reply after = pending.verify(api, pending.codeAt(now.getEpochSecond()));
    assertThat(after.status()).as("still pending: %s", after).isEqualTo(200);
  }

  @Test
  void aStubForOneUserLeavesEveryOtherUserToTheContract() {
    hooks.freezeClock(now);
    PendingRegistration stubbed = PendingRegistration.start(hooks, api);
    PendingRegistration other = PendingRegistration.start(hooks, api);
    wireMock.register(
        post(urlPathEqualTo(
                RawHttp.registrationPath(stubbed.userId(), stubbed.totpId()) + "/_verify"))
            .willReturn(aResponse().withStatus(500)));

    assertThat(stubbed.verify(api, stubbed.codeAt(now.getEpochSecond())).status()).isEqualTo(500);
    assertThat(other.verify(api, other.codeAt(now.getEpochSecond())).status()).isEqualTo(200);
  }

  @Test
  void wireMocksResetRemovesStubsButNotTheContractsState() {
    hooks.freezeClock(now);
    PendingRegistration pending = PendingRegistration.start(hooks, api);
    wireMock.register(post(urlPathMatching(".*/_verify")).willReturn(aResponse().withStatus(503)));
    assertThat(pending.verify(api, pending.codeAt(now.getEpochSecond())).status()).isEqualTo(503);

    wireMock.resetMappings();
    WireMock.configureFor("127.0.0.1", mock.server().port());
    WireMock.reset();

    assertThat(pending.verify(api, pending.codeAt(now.getEpochSecond())).status()).isEqualTo(200);
    assertThat(hooks.clock().getFrozen()).as("the hooks' clock is the contract's").isTrue();
  }

  @Test
  void aScenarioStubAnswersOnlyInItsState() {
    hooks.freezeClock(now);
    PendingRegistration pending = PendingRegistration.start(hooks, api);
    wireMock.register(
        post(urlPathMatching(".*/_verify"))
            .inScenario("flaky")
            .whenScenarioStateIs(Scenario.STARTED)
            .willSetStateTo("recovered")
            .willReturn(aResponse().withStatus(503)));

    String code = pending.codeAt(now.getEpochSecond());
    assertThat(pending.verify(api, code).status()).isEqualTo(503);
    assertThat(pending.verify(api, code).status())
        .as("the retry reaches the contract")
        .isEqualTo(200);
  }

  @ParameterizedTest
  @EnumSource(
      value = Fault.class,
      names = {"CONNECTION_RESET_BY_PEER", "EMPTY_RESPONSE", "MALFORMED_RESPONSE_CHUNK"})
  void aFaultBreaksTheConnectionAndNothingElse(Fault fault) throws Exception {
    hooks.freezeClock(now);
    PendingRegistration pending = PendingRegistration.start(hooks, api);
    wireMock.register(post(urlPathMatching(".*/_verify")).willReturn(aResponse().withFault(fault)));
    String url =
        mock.baseUrl() + RawHttp.registrationPath(pending.userId(), pending.totpId()) + "/_verify";
    HttpClient client = HttpClient.newHttpClient();
    HttpRequest verify =
        HttpRequest.newBuilder(URI.create(url))
            .timeout(Duration.ofSeconds(10))
            .header("Authorization", "Bearer " + pending.token())
            .POST(HttpRequest.BodyPublishers.ofString("\"000000\""))
            .build();
    assertThatThrownBy(() -> client.send(verify, HttpResponse.BodyHandlers.ofString()))
        .isInstanceOf(IOException.class);

    // The start route has no stub; the registration is still pending.
    assertThat(pending.startAnother(api).totpId()).isNotEqualTo(pending.totpId());
    wireMock.resetMappings();
    assertThat(pending.verify(api, pending.codeAt(now.getEpochSecond())).status()).isEqualTo(200);
  }

  @Test
  void delaysWork() {
    wireMock.register(
        get(urlPathEqualTo("/fixed")).willReturn(aResponse().withStatus(200).withFixedDelay(300)));
    wireMock.register(
        get(urlPathEqualTo("/lognormal"))
            .willReturn(aResponse().withStatus(200).withLogNormalRandomDelay(20, 0.1)));
    wireMock.register(
        get(urlPathEqualTo("/dribble"))
            .willReturn(
                aResponse()
                    .withStatus(200)
                    .withBody("0123456789")
                    .withChunkedDribbleDelay(5, 300)));

    long started = System.nanoTime();
    assertThat(api.send("GET", "/fixed", null).status()).isEqualTo(200);
    // A lower bound only: the stub's delay was applied (no timing claim beyond that).
    assertThat(Duration.ofNanos(System.nanoTime() - started))
        .isGreaterThanOrEqualTo(Duration.ofMillis(300));
    assertThat(api.send("GET", "/lognormal", null).status()).isEqualTo(200);
    started = System.nanoTime();
    Reply dribbled = api.send("GET", "/dribble", null);
    assertThat(dribbled.body()).isEqualTo("0123456789");
    assertThat(Duration.ofNanos(System.nanoTime() - started))
        .isGreaterThanOrEqualTo(Duration.ofMillis(200));
  }
}
