package org.totpkit.mock.browser;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.openqa.selenium.By;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.totpkit.contract.hooks.model.CreatedUser;
import org.totpkit.contract.hooks.model.OtpPolicyChange;
import org.totpkit.mock.contract.ErrorTable;
import org.totpkit.mock.junit.TotpMockServerExtension;
import org.totpkit.mock.testing.JceTotp;
import org.totpkit.mock.testing.ResetAfterEach;
import org.totpkit.mock.testing.StateSnapshot;

/**
 * A real browser (headless Chromium) on a page of another origin than the reference server: it
 * calls the API with connect-es's Connect and gRPC-Web transports and with fetch (REST), and reads
 * every answer and error, details and {@code Retry-After} included (CORS as upstream serves it).
 * The same browser then plays the attacking page: from another origin it gets nothing readable of
 * the admin API and changes nothing, and after DNS rebinding (a page whose own name now resolves to
 * the server) it is refused 403.
 */
class BrowserCorsTest {
  @RegisterExtension static TotpMockServerExtension mock = TotpMockServerExtension.onFreePort();
  @RegisterExtension static ResetAfterEach reset = new ResetAfterEach(mock);

  static final Instant NOW = Instant.parse("2030-01-01T00:00:10Z");
  static final ObjectMapper JSON = new ObjectMapper();
  // The rebinding attacker's name: chromium resolves it to the loopback address, as DNS would.
  static final String EVIL = "evil.example";

  static ChromeDriver chrome;
  static PageServer pages;
  static Path profile;

  @BeforeAll
  static void startBrowserAndPageOrigin() throws Exception {
    profile = Files.createTempDirectory("chromium-profile");
    chrome =
        HeadlessChromium.startOrExplain(
            profile, "--host-resolver-rules=MAP " + EVIL + " 127.0.0.1");
    pages = new PageServer(Path.of(System.getProperty("totp.interop.node.dir", "../interop/node")));
  }

  @AfterAll
  static void stop() {
    if (chrome != null) {
      chrome.quit();
    }
    if (pages != null) {
      pages.close();
    }
  }

  @BeforeEach
  void openTheAppOnItsOwnOrigin() {
    mock.hooks().freezeClock(NOW);
    chrome.get(pages.origin() + "/?api=" + mock.baseUrl());
    new WebDriverWait(chrome, Duration.ofSeconds(30))
        .until(d -> "ready".equals(d.findElement(By.id("state")).getText()));
    assertThat(pages.origin()).isNotEqualTo(mock.baseUrl());
  }

  @ParameterizedTest
  @ValueSource(strings = {"connect", "connect-proto", "grpc-web"})
  void connectEsReadsEveryAnswerAndError(String protocol) throws Exception {
    CreatedUser user = mock.hooks().createUser();
    String bearer = "Bearer " + user.getToken();
    Map<String, String> self = Map.of("id", user.getUserId());

    JsonNode started = rpc(protocol, "StartTOTPRegistration", bearer, self);
    assertThat(started.path("code").asInt()).as("%s", started).isZero();
    String totpId = started.path("response").path("totpId").asText();
    String secret = started.path("response").path("secret").asText();
    assertThat(secret).matches("[A-Z2-7]{32}");
    assertThat(started.path("response").path("details").path("id").asText())
        .isEqualTo(user.getUserId());

    JsonNode missing = rpc(protocol, "StartTOTPRegistration", null, self);
    assertThat(missing.path("code").asInt()).as("%s", missing).isEqualTo(16);
    assertThat(missing.path("message").asText()).isEqualTo("auth header missing");
    assertError(
        rpc(protocol, "StartTOTPRegistration", "Bearer nope", self),
        16,
        "AUTH-7fs1e",
        "Errors.Token.Invalid");

    // Lockout after one wrong code: the wrong code is 400/3 with its detail, then 429/8.
    mock.hooks().changePolicy(new OtpPolicyChange().maxFailedAttempts(1).lockSeconds(60));
    String code = JceTotp.totp(secret, NOW.getEpochSecond());
    String wrong = code.equals("000000") ? "000001" : "000000";
    assertError(
        rpc(protocol, "VerifyTOTPRegistration", bearer, verify(user, totpId, wrong)),
        3,
        "EVENT-8isk2",
        "Invalid code");
    JsonNode locked = rpc(protocol, "VerifyTOTPRegistration", bearer, verify(user, totpId, code));
    assertThat(locked.path("code").asInt()).as("%s", locked).isEqualTo(8);
    assertThat(locked.path("retryAfter").asText()).as("%s", locked).isEqualTo("60");

    Instant later = NOW.plusSeconds(61);
    mock.hooks().freezeClock(later);
    String now = JceTotp.totp(secret, later.getEpochSecond());
    JsonNode verified = rpc(protocol, "VerifyTOTPRegistration", bearer, verify(user, totpId, now));
    assertThat(verified.path("code").asInt()).as("%s", verified).isZero();
    assertError(
        rpc(protocol, "VerifyTOTPRegistration", bearer, verify(user, totpId, now)),
        9,
        "COMMAND-qx4ls",
        "Multifactor OTP (OneTimePassword) is already set up");

    Map<String, String> registration = Map.of("id", user.getUserId(), "totpId", totpId);
    JsonNode removed = rpc(protocol, "RemoveTOTPAuthenticator", bearer, registration);
    assertThat(removed.path("code").asInt()).as("%s", removed).isZero();
    assertError(
        rpc(protocol, "RemoveTOTPAuthenticator", bearer, registration),
        5,
        "COMMAND-Hd9sd",
        "Multifactor OTP (OneTimePassword) doesn't exist");
  }

  @Test
  void fetchReadsEveryRestAnswerAndErrorWithItsHeaders() throws Exception {
    CreatedUser user = mock.hooks().createUser();
    String bearer = "Bearer " + user.getToken();
    String start = "/resources/v3alpha/users/" + user.getUserId() + "/totp";

    JsonNode unauthenticated = rest("POST", start, null, null);
    assertThat(unauthenticated.path("status").asInt()).as("%s", unauthenticated).isEqualTo(401);
    assertThat(body(unauthenticated).path("message").asText()).isEqualTo("auth header missing");
    assertThat(unauthenticated.path("wwwAuthenticate").isTextual())
        .as("WWW-Authenticate readable: %s", unauthenticated)
        .isTrue();
    assertThat(unauthenticated.path("contentType").asText()).startsWith("application/json");

    JsonNode started = rest("POST", start, bearer, null);
    assertThat(started.path("status").asInt()).as("%s", started).isEqualTo(200);
    String totpId = body(started).path("totpId").asText();
    String secret = body(started).path("secret").asText();
    String registration = start + "/" + totpId;

    mock.hooks().changePolicy(new OtpPolicyChange().maxFailedAttempts(1).lockSeconds(60));
    String code = JceTotp.totp(secret, NOW.getEpochSecond());
    String wrong = code.equals("000000") ? "000001" : "000000";
    JsonNode invalid = rest("POST", registration + "/_verify", bearer, "\"" + wrong + "\"");
    assertThat(invalid.path("status").asInt()).as("%s", invalid).isEqualTo(400);
    assertThat(body(invalid).path("code").asInt()).isEqualTo(3);
    assertThat(body(invalid).path("details").get(0).path("id").asText()).isEqualTo("EVENT-8isk2");

    JsonNode locked = rest("POST", registration + "/_verify", bearer, "\"" + code + "\"");
    assertThat(locked.path("status").asInt()).as("%s", locked).isEqualTo(429);
    assertThat(body(locked).path("code").asInt()).isEqualTo(8);
    assertThat(locked.path("retryAfter").asText()).as("%s", locked).isEqualTo("60");

    Instant later = NOW.plusSeconds(61);
    mock.hooks().freezeClock(later);
    String now = "\"" + JceTotp.totp(secret, later.getEpochSecond()) + "\"";
    JsonNode verified = rest("POST", registration + "/_verify", bearer, now);
    assertThat(verified.path("status").asInt()).as("%s", verified).isEqualTo(200);
    assertThat(body(verified).path("details").path("id").asText()).isEqualTo(user.getUserId());

    JsonNode removed = rest("DELETE", registration, bearer, null);
    assertThat(removed.path("status").asInt()).as("%s", removed).isEqualTo(200);
    JsonNode gone = rest("DELETE", registration, bearer, null);
    assertThat(gone.path("status").asInt()).as("%s", gone).isEqualTo(404);
    assertThat(body(gone).path("details").get(0).path("id").asText()).isEqualTo("COMMAND-Hd9sd");
  }

  @Test
  void aPageOfAnotherOriginReadsNothingOfTheAdminApiAndChangesNothing() throws Exception {
    CreatedUser user = mock.hooks().createUser();
    StateSnapshot before = snapshot(user);
    String users = mock.baseUrl() + "/__admin/totp/users";

    // A "simple" text/plain POST: sent without preflight, refused before any hook runs.
    JsonNode simple = page(fetch(users, "POST", "text/plain", "{}", "cors"));
    assertThat(simple.path("error").asText()).as("%s", simple).startsWith("TypeError");
    JsonNode blind = page(fetch(users, "POST", "text/plain", "{}", "no-cors"));
    assertThat(blind.path("type").asText()).as("%s", blind).isEqualTo("opaque");
    assertThat(blind.path("body").asText()).isEmpty();
    // A JSON PUT needs a preflight, which gets no CORS headers: the PUT is never sent.
    String clock = mock.baseUrl() + "/__admin/totp/clock";
    JsonNode preflighted =
        page(
            fetch(
                clock,
                "PUT",
                "application/json",
                "{\"frozenAt\":\"2000-01-01T00:00:00Z\"}",
                "cors"));
    assertThat(preflighted.path("error").asText()).as("%s", preflighted).startsWith("TypeError");

    snapshot(user).assertUnchangedSince(before);
  }

  @Test
  void aDnsRebindingPageIsRefusedEvenThoughTheBrowserSeesItsOwnOrigin() throws Exception {
    CreatedUser user = mock.hooks().createUser();
    // The attacker's page, here served by the mock itself under the attacker's name: what the
    // browser shows once evil.example resolves to the server.
    new HostHttp(mock.baseUrl())
        .send(
            "POST",
            "/__admin/mappings",
            "127.0.0.1:" + mock.server().port(),
            "{\"request\":{\"method\":\"GET\",\"url\":\"/rebound.html\"},\"response\":{\"status\":200,"
                + "\"headers\":{\"Content-Type\":\"text/html\"},\"body\":\"<p id=state>rebound</p>\"}}");
    String rebound = "http://" + EVIL + ":" + mock.server().port();
    chrome.get(rebound + "/rebound.html");
    assertThat(chrome.findElement(By.id("state")).getText()).isEqualTo("rebound");
    StateSnapshot before = snapshot(user);

    JsonNode refused = page(fetch("/__admin/totp/users", "POST", "text/plain", "{}", "cors"));
    assertThat(refused.path("status").asInt()).as("%s", refused).isEqualTo(403);
    JsonNode status = JSON.readTree(refused.path("body").asText());
    assertThat(status.path("code").asInt()).isEqualTo(7);
    assertThat(status.path("message").asText()).isEqualTo(ErrorTable.foreignHost().message());

    snapshot(user).assertUnchangedSince(before);
  }

  private StateSnapshot snapshot(CreatedUser user) {
    return StateSnapshot.of(
        mock.server().service(), List.of(user.getUserId()), List.of(user.getToken()));
  }

  private JsonNode rpc(String protocol, String method, String authorization, Map<String, ?> request)
      throws Exception {
    Object answer =
        chrome.executeAsyncScript(
            "const done = arguments[arguments.length - 1];"
                + "window.totp.rpc(arguments[0], arguments[1], arguments[2], JSON.parse(arguments[3]))"
                + ".then(r => done(JSON.stringify(r)), e => done(JSON.stringify({thrown: String(e)})));",
            protocol,
            method,
            authorization,
            JSON.writeValueAsString(request));
    return JSON.readTree((String) answer);
  }

  private JsonNode rest(String method, String path, String authorization, String body)
      throws Exception {
    Object answer =
        chrome.executeAsyncScript(
            "const done = arguments[arguments.length - 1];"
                + "window.totp.rest(arguments[0], arguments[1], arguments[2], arguments[3])"
                + ".then(r => done(JSON.stringify(r)), e => done(JSON.stringify({thrown: String(e)})));",
            method,
            path,
            authorization,
            body);
    return JSON.readTree((String) answer);
  }

  // A fetch as the page's own script makes it: what it can read, or the error it gets.
  private static String fetch(String url, String method, String type, String body, String mode) {
    return "fetch("
        + quote(url)
        + ", {method: "
        + quote(method)
        + ", mode: "
        + quote(mode)
        + ", headers: {'Content-Type': "
        + quote(type)
        + "}, body: "
        + quote(body)
        + "}).then(async r => ({type: r.type, status: r.status, body: await r.text()}))"
        + ".catch(e => ({error: String(e)}))";
  }

  private JsonNode page(String promise) throws Exception {
    Object answer =
        chrome.executeAsyncScript(
            "const done = arguments[arguments.length - 1];"
                + promise
                + ".then(r => done(JSON.stringify(r)));");
    return JSON.readTree((String) answer);
  }

  private static String quote(String text) {
    try {
      return JSON.writeValueAsString(text);
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  private static JsonNode body(JsonNode answer) throws Exception {
    return JSON.readTree(answer.path("body").asText());
  }

  private static Map<String, String> verify(CreatedUser user, String totpId, String code) {
    return Map.of("id", user.getUserId(), "totpId", totpId, "code", code);
  }

  private static void assertError(JsonNode result, int code, String id, String text) {
    assertThat(result.path("code").asInt()).as("%s", result).isEqualTo(code);
    assertThat(result.path("message").asText()).isEqualTo(text + " (" + id + ")");
    JsonNode details = result.path("details");
    assertThat(details.size()).as("one detail in %s", result).isEqualTo(1);
    assertThat(details.get(0).path("type").asText()).isEqualTo("zitadel.v1.ErrorDetail");
    assertThat(details.get(0).path("id").asText()).isEqualTo(id);
    assertThat(details.get(0).path("message").asText()).isEqualTo(text);
  }
}
