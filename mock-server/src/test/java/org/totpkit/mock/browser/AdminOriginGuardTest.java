package org.totpkit.mock.browser;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.totpkit.mock.contract.ErrorTable;
import org.totpkit.mock.http.ApiResponse;

/** The origin guard's rule alone: which Host is a name of this server, which Origin its own. */
class AdminOriginGuardTest {
  final AdminOriginGuard guard =
      new AdminOriginGuard(new ServerNames("mock-host", List.of("mock.internal")));

  @ParameterizedTest(name = "Host {0}, Origin {1}: {2}")
  @CsvSource(
      nullValues = "none",
      value = {
        "127.0.0.1:8080, none, pass",
        "localhost:8080, none, pass",
        "LOCALHOST., none, pass",
        "[::1]:8080, none, pass",
        "10.1.2.3, none, pass",
        "mock-host:8080, none, pass",
        "mock.internal, none, pass",
        "127.0.0.1:8080, http://127.0.0.1:8080, pass",
        "localhost, http://localhost, pass",
        "localhost:80, http://localhost, pass",
        "mock.internal, http://mock.internal, pass",
        "[::1]:8080, http://[::1]:8080, pass",
        "evil.example:8080, none, host",
        "evil.example:8080, http://evil.example:8080, host",
        "foo.localhost:8080, none, host",
        "127.0.0.1.evil.example, none, host",
        "256.0.0.1, none, host",
        "::1, none, host",
        "127.0.0.1:8080, http://127.0.0.1:8081, origin",
        "127.0.0.1:8080, http://localhost:8080, origin",
        "127.0.0.1:8080, null, origin",
        "127.0.0.1:8080, file://, origin",
        "127.0.0.1:8080, http://127.0.0.1:8080/, origin",
        "127.0.0.1:8080, http://x@127.0.0.1:8080, origin",
        "127.0.0.1:8080, chrome-extension://abc, origin",
        "localhost, https://localhost, origin",
        "localhost:8080, https://localhost:8080, origin"
      })
  void decides(String host, String origin, String expected) {
    ApiResponse refusal = guard.refusal("http", host, origin);
    switch (expected) {
      case "pass" -> assertThat(refusal).isNull();
      case "host" -> assertThat(refusal.body()).isEqualTo(body(ErrorTable.foreignHost().message()));
      default -> assertThat(refusal.body()).isEqualTo(body(ErrorTable.crossOrigin().message()));
    }
    if (refusal != null) {
      assertThat(refusal.status()).isEqualTo(403);
    }
  }

  @ParameterizedTest(name = "behind a TLS proxy: Host {0}, Origin {1}: {2}")
  @CsvSource({
    "mock.internal, https://mock.internal, pass",
    "mock.internal:443, https://MOCK.INTERNAL, pass",
    "mock.internal, http://mock.internal, origin",
    "mock.internal:8443, https://mock.internal, origin"
  })
  void behindATlsProxyTheForwardedSchemeCounts(String host, String origin, String expected) {
    ApiResponse refusal = guard.refusal("https", host, origin);
    if (expected.equals("pass")) {
      assertThat(refusal).isNull();
    } else {
      assertThat(refusal.body()).isEqualTo(body(ErrorTable.crossOrigin().message()));
    }
  }

  private static Object body(String message) {
    return org.totpkit.mock.http.Rendering.error(
            org.totpkit.mock.contract.ContractError.plain(
                org.totpkit.mock.contract.StatusCode.PERMISSION_DENIED, message))
        .body();
  }
}
