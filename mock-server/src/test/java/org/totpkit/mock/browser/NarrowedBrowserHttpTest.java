package org.totpkit.mock.browser;

import static org.assertj.core.api.Assertions.assertThat;
import static org.totpkit.mock.testing.RpcStatusAssertions.assertPlainError;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.totpkit.mock.ServerOptions;
import org.totpkit.mock.contract.ErrorTable;
import org.totpkit.mock.junit.TotpMockServerExtension;
import org.totpkit.mock.testing.Reply;
import org.totpkit.mock.testing.TestEngine;

/**
 * {@code --allowed-host}, {@code --cors-origin} and {@code --admin-token} together: the origin
 * guard answers before the token (a foreign page learns nothing, not even that a token is needed),
 * an allowed name passes, and CORS goes only to the named origins.
 */
class NarrowedBrowserHttpTest {
  static final String TOKEN = "admin-s3cret";
  static final String APP = "http://localhost:5173";

  @RegisterExtension
  static TotpMockServerExtension mock =
      TestEngine.with(
          ServerOptions.defaults()
              .withPort(0)
              .withDemoData(false)
              .withAdminToken(TOKEN)
              .withAllowedHost("mock.internal")
              .withCorsOrigin(APP));

  HostHttp http;
  int port;

  @BeforeEach
  void connect() {
    http = new HostHttp(mock.baseUrl());
    port = mock.server().port();
  }

  @Test
  void theOriginGuardAnswersBeforeTheAdminToken() {
    String bearer = "Bearer " + TOKEN;
    String own = "127.0.0.1:" + port;
    assertPlainError(
        http.send("POST", "/__admin/totp/users", own, "{}", "Origin", APP, "Authorization", bearer),
        403,
        7,
        ErrorTable.crossOrigin().message());
    assertPlainError(
        http.send("POST", "/__admin/totp/users", "evil.example:" + port, "{}"),
        403,
        7,
        ErrorTable.foreignHost().message());
    // Same origin, no token: the token rule still holds.
    assertPlainError(
        http.send("POST", "/__admin/totp/users", own, "{}", "Origin", "http://" + own),
        401,
        16,
        "admin token missing or wrong");
  }

  @Test
  void anAllowedHostNameReachesTheAdminApi() {
    String named = "mock.internal:" + port;
    Reply created =
        http.send(
            "POST",
            "/__admin/totp/users",
            named,
            "{}",
            "Origin",
            "http://" + named,
            "Authorization",
            "Bearer " + TOKEN);
    assertThat(created.status()).as("%s", created).isEqualTo(200);
    // Behind a TLS proxy of that name: the page is https://, the proxy says so.
    String[] tls = {"Origin", "https://mock.internal", "Authorization", "Bearer " + TOKEN};
    Reply proxied =
        http.send(
            "GET",
            "/__admin/totp/clock",
            "mock.internal",
            null,
            append(tls, "X-Forwarded-Proto", "https"));
    assertThat(proxied.status()).as("%s", proxied).isEqualTo(200);
    assertPlainError(
        http.send("GET", "/__admin/totp/clock", "mock.internal", null, tls),
        403,
        7,
        ErrorTable.crossOrigin().message());
    Reply health = http.send("GET", "/__admin/health", "MOCK.INTERNAL.:" + port, null);
    assertThat(health.status()).as("%s", health).isEqualTo(200);
  }

  private static String[] append(String[] headers, String... more) {
    String[] all = java.util.Arrays.copyOf(headers, headers.length + more.length);
    System.arraycopy(more, 0, all, headers.length, more.length);
    return all;
  }

  @Test
  void corsGoesOnlyToTheNamedOrigins() {
    String host = "127.0.0.1:" + port;
    String path = "/resources/v3alpha/users/1/totp";
    Reply named = http.send("POST", path, host, "", "Origin", APP);
    assertThat(named.header("Access-Control-Allow-Origin")).contains(APP);

    Reply other = http.send("POST", path, host, "", "Origin", "http://localhost:5174");
    assertPlainError(other, 401, 16, "auth header missing");
    assertThat(other.header("Access-Control-Allow-Origin")).isEmpty();

    Reply preflight =
        http.send(
            "OPTIONS",
            path,
            host,
            null,
            "Origin",
            "http://localhost:5174",
            "Access-Control-Request-Method",
            "POST");
    assertPlainError(preflight, 403, 7, ErrorTable.corsOriginNotAllowed().message());
    assertThat(preflight.header("Access-Control-Allow-Origin")).isEmpty();
  }
}
