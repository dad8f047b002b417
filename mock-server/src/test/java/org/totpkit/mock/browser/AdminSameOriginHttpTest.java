package org.totpkit.mock.browser;

import static org.assertj.core.api.Assertions.assertThat;
import static org.totpkit.mock.testing.RpcStatusAssertions.assertPlainError;

import com.github.tomakehurst.wiremock.admin.AdminTask;
import com.github.tomakehurst.wiremock.admin.Router;
import com.github.tomakehurst.wiremock.http.RequestMethod;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.totpkit.contract.hooks.model.CreatedUser;
import org.totpkit.mock.contract.ErrorTable;
import org.totpkit.mock.hooks.AdminGuard;
import org.totpkit.mock.hooks.CallEvents;
import org.totpkit.mock.hooks.TotpHooks;
import org.totpkit.mock.junit.TotpMockServerExtension;
import org.totpkit.mock.testing.Reply;
import org.totpkit.mock.testing.ResetAfterEach;
import org.totpkit.mock.testing.StateSnapshot;
import org.totpkit.mock.testing.TestEngine;

/**
 * Plays the attacking page against every admin route: a request from another origin ({@code Origin}
 * foreign or {@code null}, a {@code text/plain} "simple" POST a page sends without preflight) or
 * through DNS rebinding (a {@code Host} that is no name of this server) is a 403 in the contract's
 * shape, carries no CORS header and changes nothing: users, tokens, clock, policy, stubs and
 * journal are as before. Clients without {@code Origin} and the server's own origin pass.
 */
class AdminSameOriginHttpTest {
  @RegisterExtension static TotpMockServerExtension mock = TestEngine.onFreePort();
  @RegisterExtension static ResetAfterEach reset = new ResetAfterEach(mock);

  static final String EVIL = "http://evil.example";
  static final String CROSS_ORIGIN = ErrorTable.crossOrigin().message();
  static final String FOREIGN_HOST = ErrorTable.foreignHost().message();
  static final String STUB =
      "{\"request\":{\"method\":\"GET\",\"url\":\"/hello\"},\"response\":{\"status\":200}}";

  HostHttp http;
  String own;
  CreatedUser user;

  @BeforeEach
  void stateToProtect() {
    http = new HostHttp(mock.baseUrl());
    own = "127.0.0.1:" + mock.server().port();
    user = mock.hooks().createUser();
    mock.hooks().freezeClock(Instant.parse("2030-01-01T00:00:00Z"));
    Reply stub = http.send("POST", "/__admin/mappings", own, STUB);
    assertThat(stub.status()).as("%s", stub).isEqualTo(201);
    http.send("GET", "/hello", own, null);
  }

  /** Every admin route: the hooks as they register, WireMock's, health, the console, the rest. */
  static Stream<Arguments> adminRoutes() {
    List<Arguments> routes = new ArrayList<>();
    new TotpHooks(
            null,
            new AdminGuard(null),
            () -> {},
            new CallEvents(java.time.InstantSource.fixed(Instant.EPOCH)))
        .contributeAdminApiRoutes(
            new Router() {
              @Override
              public void add(RequestMethod method, String template, Class<? extends AdminTask> t) {
                routes.add(Arguments.of(method.getName(), "/__admin" + template));
              }

              @Override
              public void add(RequestMethod method, String template, AdminTask task) {
                routes.add(Arguments.of(method.getName(), "/__admin" + template));
              }
            });
    List<String> others =
        List.of(
            "GET /__admin/health",
            "GET /__admin/console",
            "POST /__admin/reset",
            "POST /__admin/reset",
            "GET /__admin/mappings",
            "POST /__admin/mappings",
            "DELETE /__admin/mappings",
            "POST /__admin/mappings/reset",
            "POST /__admin/mappings/import",
            "GET /__admin/mappings/unmatched",
            "PUT /__admin/mappings/x",
            "DELETE /__admin/mappings/x",
            "GET /__admin/requests",
            "DELETE /__admin/requests",
            "POST /__admin/requests/find",
            "POST /__admin/requests/remove",
            "GET /__admin/scenarios",
            "POST /__admin/scenarios/reset",
            "GET /__admin/settings",
            "PUT /__admin/settings",
            "PATCH /__admin/settings/extended",
            "GET /__admin/version",
            "POST /__admin/shutdown",
            "POST /__admin/mappings/save",
            "GET /__admin/files",
            "POST /__admin/recordings/start",
            "GET /__admin/recorder",
            "GET /__admin/swagger-ui/index.html",
            "GET /__admin",
            "GET /__admin/no-such-route",
            "OPTIONS /__admin/totp/users");
    for (String route : others) {
      String[] parts = route.split(" ");
      routes.add(Arguments.of(parts[0], parts[1]));
    }
    return routes.stream()
        .map(a -> Arguments.of(a.get()[0], ((String) a.get()[1]).replaceAll("\\{[^}]+}", "x")));
  }

  @ParameterizedTest(name = "{0} {1}")
  @MethodSource("adminRoutes")
  void theAttackingPageIsRefusedAndChangesNothing(String method, String path) {
    int port = mock.server().port();
    StateSnapshot before = snapshot();
    int stubs = stubCount();
    int journal = mock.server().journalSize();

    for (String origin : List.of(EVIL, "null", "http://127.0.0.1:" + (port + 1), "file://")) {
      assertRefused(attempt(method, path, own, origin), CROSS_ORIGIN, method, path);
    }
    // DNS rebinding: the page's origin is its own name, which now resolves to this server.
    String rebound = "evil.example:" + port;
    assertRefused(attempt(method, path, rebound, "http://" + rebound), FOREIGN_HOST, method, path);
    assertRefused(attempt(method, path, rebound, null), FOREIGN_HOST, method, path);
    assertRefused(
        attempt(method, path, "127.0.0.1.evil.example:" + port, null), FOREIGN_HOST, method, path);

    snapshot().assertUnchangedSince(before);
    assertThat(stubCount()).as("stubs").isEqualTo(stubs);
    assertThat(mock.server().journalSize()).as("journal").isEqualTo(journal);
  }

  // What a page's fetch or form sends: a simple text/plain POST needs no preflight.
  private Reply attempt(String method, String path, String host, String origin) {
    List<String> headers = new ArrayList<>(List.of("Content-Type", "text/plain"));
    if (origin != null) {
      headers.addAll(List.of("Origin", origin));
    }
    if (method.equals("OPTIONS")) {
      headers.addAll(List.of("Access-Control-Request-Method", "POST"));
    }
    String body = method.equals("GET") || method.equals("OPTIONS") ? null : "{}";
    return http.send(method, path, host, body, headers.toArray(String[]::new));
  }

  static void assertRefused(Reply reply, String message, String method, String path) {
    assertPlainError(reply, 403, 7, message);
    assertThat(reply.headers().keySet())
        .as("%s %s: no CORS header on a refusal", method, path)
        .noneMatch(name -> name.toLowerCase().startsWith("access-control-"));
  }

  @Test
  void clientsWithoutOriginPassUnderEveryNameOfTheServer() {
    int port = mock.server().port();
    for (String host :
        List.of(own, "localhost:" + port, "LOCALHOST:" + port, "[::1]:" + port, "127.0.0.1")) {
      Reply clock = http.send("GET", "/__admin/totp/clock", host, null);
      assertThat(clock.status()).as("Host %s: %s", host, clock).isEqualTo(200);
    }
    // haproxy's health check: HTTP/1.0 without Host.
    Reply health = http.send("GET", "/__admin/health", null, null);
    assertThat(health.status()).as("%s", health).isEqualTo(200);
  }

  @ParameterizedTest
  @ValueSource(strings = {"127.0.0.1", "localhost"})
  void theServersOwnOriginPassesAndGetsNoCorsHeaders(String name) {
    String host = name + ":" + mock.server().port();
    String[] sameOrigin = {"Origin", "http://" + host, "Content-Type", "application/json"};
    Reply created = http.send("POST", "/__admin/totp/users", host, "{}", sameOrigin);
    assertThat(created.status()).as("%s", created).isEqualTo(200);
    assertThat(created.json().path("userId").asText()).isNotEmpty();
    Reply stubs = http.send("GET", "/__admin/mappings", host, null, sameOrigin);
    assertThat(stubs.status()).as("%s", stubs).isEqualTo(200);
    for (Reply reply : List.of(created, stubs)) {
      assertThat(reply.headers().keySet())
          .as("no CORS header on an admin answer: %s", reply.headers())
          .noneMatch(header -> header.toLowerCase().startsWith("access-control-"));
    }
  }

  @Test
  void aCrossOriginPreflightGetsNoCorsHeaders() {
    Reply preflight =
        http.send(
            "OPTIONS",
            "/__admin/totp/users",
            own,
            null,
            "Origin",
            EVIL,
            "Access-Control-Request-Method",
            "POST",
            "Access-Control-Request-Headers",
            "content-type");
    assertRefused(preflight, CROSS_ORIGIN, "OPTIONS", "/__admin/totp/users");
  }

  private StateSnapshot snapshot() {
    return StateSnapshot.of(
        mock.server().service(), List.of(user.getUserId()), List.of(user.getToken()));
  }

  private int stubCount() {
    Reply stubs = http.send("GET", "/__admin/mappings", own, null);
    return stubs.json().path("mappings").size();
  }
}
