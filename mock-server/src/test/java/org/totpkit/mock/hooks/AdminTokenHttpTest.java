package org.totpkit.mock.hooks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.totpkit.mock.testing.RpcStatusAssertions.assertDomainError;
import static org.totpkit.mock.testing.RpcStatusAssertions.assertPlainError;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.totpkit.mock.ServerOptions;
import org.totpkit.mock.junit.TotpMockServerExtension;
import org.totpkit.mock.testing.RawHttp;
import org.totpkit.mock.testing.Reply;
import org.totpkit.mock.testing.TestEngine;

/**
 * With {@code --admin-token}: routing answers first (404 for a closed route, 405 for a wrong
 * method), then every served admin route but the health check needs the token, and a refusal is a
 * 401 in the contract's shape, whatever the path looks like (the README, the admin surface).
 */
class AdminTokenHttpTest {
  private static final String TOKEN = "admin-s3cret";
  private static final String[] NONE = {};
  private static final String[] WRONG = {"Authorization", "Bearer not-" + TOKEN};
  private static final String[] BARE = {"Authorization", TOKEN};
  private static final String[] LONGER = {"Authorization", "Bearer " + TOKEN + "x"};
  private static final String[] RIGHT = {"Authorization", "Bearer " + TOKEN};

  @RegisterExtension
  static TotpMockServerExtension guarded =
      TestEngine.with(
          ServerOptions.defaults().withPort(0).withDemoData(false).withAdminToken(TOKEN));

  RawHttp raw;

  @BeforeEach
  void connect() {
    raw = new RawHttp(guarded.baseUrl());
  }

  @ParameterizedTest
  @CsvSource({
    "POST, /__admin/totp/users/a%20b/totp",
    "POST, /__admin/totp/users/%C3%BC/totp",
    "POST, /__admin/totp/users/" + "1234567890" + "/totp",
    "GET, /__admin/totp/clock?x=%2e%2e",
    "PUT, /__admin/totp/policy",
    "POST, /__admin/totp/reset",
    "GET, /__admin/totp/users",
    "GET, /__admin/totp/users/1",
    "POST, /__admin/totp/users/1/totp/start",
    "GET, /__admin/totp/users/1/totp/2/window",
    "GET, /__admin/totp/events?after=0"
  })
  void aServedRouteWithoutTheTokenIsA401InTheContractShape(String method, String path) {
    for (String[] headers : new String[][] {NONE, WRONG, BARE, LONGER}) {
      Reply refused = raw.send(method, path, "{}", headers);
      assertPlainError(refused, 401, 16, "admin token missing or wrong");
      assertThat(refused.header("WWW-Authenticate")).as("%s %s", method, path).isPresent();
    }
    assertThat(guarded.hooks().policy().getDigits()).isEqualTo(6);
  }

  @Test
  void theTokenOpensAnOddButServedPath() {
    // Past the guard, the hook itself answers: no such user.
    Reply reply =
        raw.send(
            "POST",
            "/__admin/totp/users/a%20b/totp",
            "{\"secret\":\"GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ\"}",
            RIGHT);
    assertDomainError(reply, 404, 5, "COMMAND-4g3xq", "User could not be found");
  }

  @ParameterizedTest
  @CsvSource({
    "POST, /__admin/mappings/save",
    "POST, /__admin/shutdown",
    "GET, /__admin/files",
    "POST, /__admin/recordings/start",
    "GET, /__admin",
    "GET, /__admin/",
    "GET, /__admin/totp",
    "GET, /__admin/health/x"
  })
  void closedRoutesAnswer404BeforeTheTokenIsChecked(String method, String path) {
    for (String[] headers : new String[][] {NONE, WRONG, RIGHT}) {
      assertPlainError(raw.send(method, path, null, headers), 404, 5, "Not Found");
    }
  }

  @ParameterizedTest
  @CsvSource({"GET, /__admin/mappings", "GET, /__admin/requests", "GET, /__admin/scenarios"})
  void wireMocksOwnRoutesNeedTheToken(String method, String path) {
    for (String[] headers : new String[][] {NONE, WRONG}) {
      assertPlainError(
          raw.send(method, path, null, headers), 401, 16, "admin token missing or wrong");
    }
    assertThat(raw.send(method, path, null, RIGHT).status()).isEqualTo(200);
  }

  @Test
  void aWrongMethodAnswers405BeforeTheTokenIsChecked() {
    for (String[] headers : new String[][] {NONE, WRONG}) {
      Reply reply = raw.send("PUT", "/__admin/totp/users", null, headers);
      assertPlainError(reply, 405, 12, "Method Not Allowed");
      assertThat(reply.header("Allow")).contains("GET, POST");
    }
  }

  @ParameterizedTest
  @CsvSource({"/__admin/console", "/__admin/console/console.js", "/__admin/console/console.css"})
  void theConsolesFilesAreOpenForTheyHoldNoData(String path) {
    for (String[] headers : new String[][] {NONE, WRONG, RIGHT}) {
      Reply reply = raw.send("GET", path, null, headers);
      assertThat(reply.status()).as("%s", path).isEqualTo(200);
      assertThat(reply.body()).doesNotContain(TOKEN);
    }
    // Its neighbours are not: nothing else under /console is served.
    assertPlainError(raw.send("GET", "/__admin/console/x", null, RIGHT), 404, 5, "Not Found");
    assertPlainError(raw.send("POST", "/__admin/console", null, RIGHT), 405, 12);
  }

  @Test
  void theHealthCheckStaysOpenWhateverTheHeader() {
    for (String[] headers : new String[][] {NONE, WRONG, RIGHT}) {
      assertThat(raw.send("GET", "/__admin/health", null, headers).status()).isEqualTo(200);
    }
  }
}
