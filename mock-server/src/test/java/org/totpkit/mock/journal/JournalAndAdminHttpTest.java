package org.totpkit.mock.journal;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.totpkit.mock.testing.RpcStatusAssertions.assertRpcStatus;

import com.github.tomakehurst.wiremock.client.WireMock;
import com.github.tomakehurst.wiremock.http.HttpHeader;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import java.util.List;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.totpkit.mock.ServerOptions;
import org.totpkit.mock.junit.TotpMockServerExtension;
import org.totpkit.mock.testing.PendingRegistration;
import org.totpkit.mock.testing.RawHttp;
import org.totpkit.mock.testing.Reply;

/** The redacted journal's cap and reset, and WireMock's admin API behind the admin token. */
class JournalAndAdminHttpTest {
  @Nested
  class Capped {
    @RegisterExtension
    static TotpMockServerExtension mock =
        TotpMockServerExtension.with(
            ServerOptions.defaults().withPort(0).withDemoData(false).withMaxJournalEntries(5));

    final RawHttp api = new RawHttp(mock.baseUrl());
    final WireMock wireMock = new WireMock("127.0.0.1", mock.server().port());

    @Test
    void holdsAtMostItsCapTheNewestKept() {
      for (int i = 0; i < 20; i++) {
        api.send("GET", "/request-" + i, null);
      }
      assertThat(mock.server().journalSize()).isEqualTo(5);
      List<LoggedRequest> kept = wireMock.find(anyRequestedFor(anyUrl()));
      assertThat(kept).hasSize(5);
      assertThat(kept).extracting(LoggedRequest::getUrl).contains("/request-19", "/request-15");
      assertThat(api.send("GET", "/__admin/requests", null).body()).contains("\"total\" : 5");
    }

    @Test
    void verifyAndFindAllWorkOnRedactedEntriesAndTheResetHookEmptiesTheJournal() {
      PendingRegistration pending = PendingRegistration.start(mock.hooks(), api);
      pending.verify(api, "123456");
      wireMock.verifyThat(1, postRequestedFor(urlPathMatching(".*/_verify")));
      List<LoggedRequest> verifies = wireMock.find(postRequestedFor(urlPathMatching(".*/_verify")));
      assertThat(verifies).hasSize(1);
      LoggedRequest logged = verifies.get(0);
      assertThat(logged.getHeader("Authorization")).isEqualTo(Redaction.REDACTED);
      assertThat(logged.getBodyAsString()).isEqualTo(Redaction.REDACTED);

      mock.hooks().reset();
      assertThat(wireMock.find(anyRequestedFor(anyUrl()))).isEmpty();
    }
  }

  /** The contract answers in front of WireMock's handler; its journal entries look the same. */
  @Nested
  class ContractsOwnEntries {
    @RegisterExtension
    static TotpMockServerExtension mock =
        TotpMockServerExtension.with(ServerOptions.defaults().withPort(0).withDemoData(false));

    final RawHttp api = new RawHttp(mock.baseUrl());
    final WireMock wireMock = new WireMock("127.0.0.1", mock.server().port());

    @Test
    void holdNoSecretOfTheAnswerAndReadTheSameEachTime() {
      mock.hooks().reset();
      PendingRegistration pending = PendingRegistration.start(mock.hooks(), api);
      api.send("GET", "/no/such/route", null, "Cookie", "session=abc123");

      String journal = api.send("GET", "/__admin/requests", null).body();
      assertThat(journal)
          .doesNotContain(pending.secret(), pending.token(), "abc123")
          .contains("\"session\" : \"" + Redaction.REDACTED);
      List<LoggedRequest> started = wireMock.find(postRequestedFor(urlPathMatching(".*/totp")));
      assertThat(started).hasSize(1);
      assertThat(started.get(0).getHeader("Authorization")).isEqualTo(Redaction.REDACTED);
      assertThat(wireMock.getServeEvents())
          .filteredOn(event -> event.getRequest().getUrl().endsWith("/totp"))
          .singleElement()
          .satisfies(
              event ->
                  assertThat(event.getResponse().getBodyAsString())
                      .contains("\"uri\":\"" + Redaction.REDACTED)
                      .contains("\"secret\":\"" + Redaction.REDACTED));
      // Jetty's time stamp of the request, not when the journal was read.
      assertThat(started.get(0).getLoggedDate().getTime())
          .isLessThanOrEqualTo(
              wireMock
                  .find(anyRequestedFor(urlPathMatching("/no/such/route")))
                  .get(0)
                  .getLoggedDate()
                  .getTime());
      assertThat(api.send("GET", "/__admin/requests", null).body()).isEqualTo(journal);
    }

    @Test
    void countGetRemoveByIdAndRemoveMatchingThroughTheAdminApi() {
      mock.hooks().reset();
      for (int i = 0; i < 3; i++) {
        api.send("GET", "/gone-" + i, null);
      }
      PendingRegistration pending = PendingRegistration.start(mock.hooks(), api);
      pending.verify(api, "000000");
      String verifies = "{\"method\":\"POST\",\"urlPathPattern\":\".*/_verify\"}";
      assertThat(api.send("POST", "/__admin/requests/count", verifies).body())
          .contains("\"count\" : 1");

      // Newest first: the verify, the start, then /gone-2, /gone-1, /gone-0.
      List<String> urls =
          wireMock.getServeEvents().stream().map(e -> e.getRequest().getUrl()).toList();
      assertThat(urls).hasSize(5).endsWith("/gone-2", "/gone-1", "/gone-0");
      String id =
          wireMock.getServeEvents().stream()
              .filter(e -> e.getRequest().getUrl().equals("/gone-1"))
              .findFirst()
              .orElseThrow()
              .getId()
              .toString();
      Reply one = api.send("GET", "/__admin/requests/" + id, null);
      assertThat(one.status()).isEqualTo(200);
      assertThat(one.body()).contains("/gone-1").contains(id);
      assertThat(api.send("DELETE", "/__admin/requests/" + id, null).status()).isEqualTo(200);
      assertThat(api.send("GET", "/__admin/requests/" + id, null).status()).isEqualTo(404);
      assertThat(wireMock.getServeEvents().stream().map(e -> e.getRequest().getUrl()).toList())
          .hasSize(4)
          .endsWith("/gone-2", "/gone-0");

      Reply removed =
          api.send("POST", "/__admin/requests/remove", "{\"urlPathPattern\":\"/gone-.*\"}");
      assertThat(removed.status()).isEqualTo(200);
      assertThat(removed.body()).contains("/gone-2", "/gone-0");
      assertThat(wireMock.find(anyRequestedFor(urlPathMatching("/gone-.*")))).isEmpty();
      assertThat(api.send("POST", "/__admin/requests/count", verifies).body())
          .contains("\"count\" : 1");
      assertThat(mock.server().journalSize()).isEqualTo(2);
    }

    @Test
    void keepEveryHeaderFieldOfTheRequestAsSentCredentialsRedactedContentHeadersHidden() {
      mock.hooks().reset();
      api.send(
          "POST",
          "/no/such/route?trace=1",
          "{}",
          "X-Trace",
          "one",
          "X-Trace",
          "two",
          "Authorization",
          "Bearer s3cret",
          "Content-Type",
          "text/plain");

      LoggedRequest logged =
          wireMock.find(anyRequestedFor(urlPathMatching("/no/such/route"))).get(0);
      assertThat(logged.getHeaders().getHeader("x-trace").values()).containsExactly("one", "two");
      assertThat(logged.getHeader("Authorization")).isEqualTo(Redaction.REDACTED);
      // The gate hides the content headers from everything after it, the journal included.
      assertThat(logged.containsHeader("Content-Type")).isFalse();
      assertThat(logged.getHeader("Host")).isNotBlank();
      assertThat(logged.getUrl()).isEqualTo("/no/such/route?trace=1");
      assertThat(logged.getAbsoluteUrl()).isEqualTo(mock.baseUrl() + "/no/such/route?trace=1");
      assertThat(api.send("GET", "/__admin/requests", null).body()).doesNotContain("s3cret");
    }

    @Test
    void keepAnErrorAnswerAsItWasSentWithEveryHeader() {
      mock.hooks().reset();
      Reply sent = api.send("POST", "/resources/v3alpha/users/u1/totp", null);
      assertThat(sent.status()).isEqualTo(401);

      assertThat(wireMock.getServeEvents())
          .singleElement()
          .satisfies(
              event -> {
                assertThat(event.getResponse().getStatus()).isEqualTo(401);
                assertThat(event.getResponse().getBodyAsString()).isEqualTo(sent.body());
                assertThat(event.getResponseDefinition().getBody()).isEqualTo(sent.body());
                assertThat(event.getResponse().getHeaders().getHeader("Content-Type").firstValue())
                    .isEqualTo("application/json");
                assertThat(
                        event.getResponse().getHeaders().getHeader("WWW-Authenticate").firstValue())
                    .isEqualTo(sent.header("WWW-Authenticate").orElseThrow());
              });
    }

    @Test
    void aStubThatMatchesStillAnswersAndIsJournaledByWireMock() {
      mock.hooks().reset();
      wireMock.register(
          post("/resources/v3alpha/users/u1/totp").willReturn(aResponse().withStatus(418)));
      try {
        assertThat(api.send("POST", "/resources/v3alpha/users/u1/totp", null).status())
            .isEqualTo(418);
        assertThat(api.send("POST", "/resources/v3alpha/users/u2/totp", null).status())
            .isEqualTo(401);
        assertThat(wireMock.find(anyRequestedFor(anyUrl())))
            .extracting(LoggedRequest::getUrl)
            .containsExactly(
                "/resources/v3alpha/users/u1/totp", "/resources/v3alpha/users/u2/totp");
      } finally {
        wireMock.resetToDefaultMappings();
      }
    }
  }

  @Nested
  class Off {
    @RegisterExtension
    static TotpMockServerExtension mock =
        TotpMockServerExtension.with(
            ServerOptions.defaults().withPort(0).withDemoData(false).withMaxJournalEntries(0));

    @Test
    void keepsNothingAndItsRoutesSaySo() {
      RawHttp api = new RawHttp(mock.baseUrl());
      api.send("GET", "/anything", null);
      assertThat(mock.server().journalSize()).isZero();
      Reply requests = api.send("GET", "/__admin/requests", null);
      assertRpcStatus(requests, 400, 3);
      assertThat(requests.body()).contains("--no-journal");
    }
  }

  @Nested
  class Guarded {
    @RegisterExtension
    static TotpMockServerExtension mock =
        TotpMockServerExtension.with(
            ServerOptions.defaults().withPort(0).withDemoData(false).withAdminToken("s3cret"));

    final RawHttp api = new RawHttp(mock.baseUrl());

    @ParameterizedTest
    @ValueSource(
        strings = {
          "GET /__admin/mappings",
          "POST /__admin/mappings",
          "GET /__admin/requests",
          "POST /__admin/requests/count",
          "POST /__admin/reset",
          "GET /__admin/scenarios",
          "GET /__admin/settings",
          "POST /__admin/settings"
        })
    void wireMocksRoutesNeedTheToken(String call) {
      String[] parts = call.split(" ");
      Reply refused = api.send(parts[0], parts[1], "{}");
      assertRpcStatus(refused, 401, 16);
      Reply wrong = api.send(parts[0], parts[1], "{}", "Authorization", "Bearer wrong");
      assertRpcStatus(wrong, 401, 16);
    }

    @Test
    void wireMocksClientWorksWithTheToken() {
      WireMock withToken =
          WireMock.create()
              .host("127.0.0.1")
              .port(mock.server().port())
              .authenticator(() -> List.of(new HttpHeader("Authorization", "Bearer s3cret")))
              .build();
      withToken.register(post("/stubbed").willReturn(aResponse().withStatus(418)));
      assertThat(api.send("POST", "/stubbed", null).status()).isEqualTo(418);
      withToken.verifyThat(1, postRequestedFor(urlPathMatching("/stubbed")));
      WireMock withoutToken = new WireMock("127.0.0.1", mock.server().port());
      assertThatThrownBy(() -> withoutToken.register(post("/other").willReturn(aResponse())))
          .isInstanceOf(RuntimeException.class);
      withToken.resetToDefaultMappings();
    }

    @ParameterizedTest
    @ValueSource(
        strings = {
          "POST /__admin/shutdown",
          "POST /__admin/mappings/save",
          "GET /__admin/files",
          "PUT /__admin/files/x.json",
          "POST /__admin/recordings/start",
          "POST /__admin/recordings/snapshot",
          "GET /__admin/recorder",
          "GET /__admin/recorder/index.html",
          "GET /__admin/swagger-ui/",
          "GET /__admin/docs"
        })
    void closedRoutesAre404BeforeTheTokenIsChecked(String call) {
      String[] parts = call.split(" ");
      assertRpcStatus(api.send(parts[0], parts[1], "{}"), 404, 5);
      assertRpcStatus(api.send(parts[0], parts[1], "{}", "Authorization", "Bearer s3cret"), 404, 5);
      assertThat(api.send("GET", "/__admin/health", null).status()).isEqualTo(200);
    }
  }
}
