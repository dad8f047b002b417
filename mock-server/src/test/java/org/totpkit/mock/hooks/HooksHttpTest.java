package org.totpkit.mock.hooks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.totpkit.mock.testing.RpcStatusAssertions.assertDomainError;
import static org.totpkit.mock.testing.RpcStatusAssertions.assertInvalidCode;
import static org.totpkit.mock.testing.RpcStatusAssertions.assertPlainError;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.totpkit.contract.hooks.model.ClockState;
import org.totpkit.contract.hooks.model.CreatedUser;
import org.totpkit.contract.hooks.model.HashAlgorithm;
import org.totpkit.contract.hooks.model.ImportRegistrationRequest;
import org.totpkit.contract.hooks.model.OtpPolicy;
import org.totpkit.contract.hooks.model.OtpPolicyChange;
import org.totpkit.contract.hooks.model.Permission;
import org.totpkit.mock.ServerOptions;
import org.totpkit.mock.junit.HooksClient;
import org.totpkit.mock.junit.TotpMockServerExtension;
import org.totpkit.mock.testing.JceTotp;
import org.totpkit.mock.testing.RawHttp;
import org.totpkit.mock.testing.Reply;
import org.totpkit.mock.testing.ResetAfterEach;
import org.totpkit.mock.testing.TestEngine;

/** Every hook of contract/hooks.md through HTTP, its refusals, and its effect on the API. */
class HooksHttpTest {
  // Real and shifted clock readings are bounded by the wall clock around the hook call.
  private static final java.time.InstantSource WALL_CLOCK = java.time.InstantSource.system();

  @RegisterExtension static TotpMockServerExtension mock = TestEngine.onFreePort();
  @RegisterExtension static ResetAfterEach reset = new ResetAfterEach(mock);

  static final Instant NOW = Instant.parse("2030-01-01T00:00:10.250Z");
  static final String RFC_SEED = "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ";
  static final String DEFAULT_POLICY =
      "{\"algorithm\":\"SHA1\",\"digits\":6,\"period\":30,\"skew\":1,\"issuer\":\"ZITADEL\","
          + "\"maxFailedAttempts\":0,\"lockSeconds\":300,\"pendingTtlSeconds\":0}";

  final HooksClient hooks = mock.hooks();
  final RawHttp api = new RawHttp(mock.baseUrl());

  Reply hook(String method, String path, String body) {
    return api.hook(method, path, body);
  }

  static void assertBadHookRequest(Reply reply) {
    assertPlainError(reply, 400, 3);
  }

  /** Verifies {@code totpId} as its owner, {@code user}. */
  Reply verifyAs(CreatedUser user, String totpId, String code) {
    return api.verifyCode(user.getToken(), user.getUserId(), totpId, code);
  }

  static void assertVerified(Reply reply) {
    assertThat(reply.status()).as("%s", reply).isEqualTo(200);
  }

  @Nested
  @DisplayName("POST /users")
  class CreateUser {
    @ParameterizedTest
    @ValueSource(strings = {"", "{}"})
    void withoutFieldsMakesAUserInANewOrganization(String body) {
      hooks.freezeClock(NOW);
      Reply created = hook("POST", "/users", body.isEmpty() ? null : body);
      assertThat(created.status()).as("%s", created).isEqualTo(200);
      JsonNode user = created.json();
      assertThat(user.path("userId").asText()).matches("[0-9]+");
      assertThat(user.path("orgId").asText()).isNotBlank();
      assertThat(user.path("loginName").asText()).isNotBlank();
      assertThat(user.path("token").asText()).isNotBlank();
      assertThat(OffsetDateTime.parse(user.path("created").asText()).toInstant()).isEqualTo(NOW);

      Reply other = hook("POST", "/users", "{}");
      assertThat(other.text("orgId")).isNotEqualTo(user.path("orgId").asText());
      assertThat(other.text("userId")).isNotEqualTo(user.path("userId").asText());
      assertThat(other.text("token")).isNotEqualTo(user.path("token").asText());
    }

    @Test
    void withLoginNameAndOrgIdUsesThem() {
      Reply created =
          hook("POST", "/users", "{\"loginName\":\"ada@acme.example\",\"orgId\":\"acme\"}");
      assertThat(created.status()).as("%s", created).isEqualTo(200);
      assertThat(created.text("loginName")).isEqualTo("ada@acme.example");
      assertThat(created.text("orgId")).isEqualTo("acme");

      // The token acts as that user, whose login name labels the key URI; details name the org.
      Reply started = api.start(created.text("token"), created.text("userId"));
      assertThat(started.status()).as("%s", started).isEqualTo(200);
      assertThat(started.text("uri")).startsWith("otpauth://totp/ZITADEL:ada@acme.example?");
      assertThat(started.json().path("details").path("owner").path("id").asText())
          .isEqualTo("acme");

      Reply colleague = hook("POST", "/users", "{\"orgId\":\"acme\"}");
      assertThat(colleague.text("orgId")).isEqualTo("acme");
    }

    @ParameterizedTest
    @ValueSource(
        strings = {
          "{\"loginName\":5}",
          "{\"orgId\":true}",
          "{\"orgId\":[\"a\"]}",
          "{\"loginName\":null}",
          "{\"nickname\":\"x\"}",
          "[]",
          "\"x\"",
          "{",
          "{\"orgId\":\"\"}"
        })
    void badBodiesAre400(String body) {
      assertBadHookRequest(hook("POST", "/users", body));
    }
  }

  @Nested
  @DisplayName("POST /tokens")
  class CreateToken {
    @Test
    void noPermissionsIsAuthenticatedButForbidden() {
      CreatedUser user = hooks.createUser();
      Reply created =
          hook("POST", "/tokens", "{\"orgId\":\"" + user.getOrgId() + "\",\"permissions\":[]}");
      assertThat(created.status()).as("%s", created).isEqualTo(200);
      assertDomainError(
          api.start(created.text("token"), user.getUserId()),
          403,
          7,
          "AUTH-AWfge",
          "No matching permissions found");
    }

    @Test
    void permissionsAreHeldInThatOrganization() {
      CreatedUser user = hooks.createUser();
      Reply created =
          hook(
              "POST",
              "/tokens",
              "{\"orgId\":\""
                  + user.getOrgId()
                  + "\",\"permissions\":[\"user.credential.write\"]}");
      assertThat(api.start(created.text("token"), user.getUserId()).status()).isEqualTo(200);
    }

    @ParameterizedTest
    @ValueSource(
        strings = {
          "{\"orgId\":\"o\",\"permissions\":[\"user.read\"]}",
          "{\"orgId\":\"o\",\"permissions\":[\"USER_WRITE\"]}",
          "{\"orgId\":\"o\",\"permissions\":[null]}",
          "{\"orgId\":\"o\",\"permissions\":\"user.write\"}",
          "{\"orgId\":\"o\",\"permissions\":null}",
          "{\"orgId\":\"o\"}",
          "{\"permissions\":[]}",
          "{\"orgId\":5,\"permissions\":[]}",
          "{\"orgId\":\"o\",\"permissions\":[],\"extra\":1}",
          ""
        })
    void badBodiesAre400(String body) {
      assertBadHookRequest(hook("POST", "/tokens", body.isEmpty() ? null : body));
    }
  }

  @Nested
  @DisplayName("POST /users/{userId}/totp")
  class ImportRegistration {
    @Test
    void defaultsComeFromThePolicy() {
      hooks.freezeClock(Instant.ofEpochSecond(1111111111));
      CreatedUser user = hooks.createUser();
      Reply imported =
          hook("POST", "/users/" + user.getUserId() + "/totp", "{\"secret\":\"" + RFC_SEED + "\"}");
      assertThat(imported.status()).as("%s", imported).isEqualTo(200);
      String totpId = imported.text("totpId");
      assertThat(totpId).matches("[0-9]+");
      assertVerified(verifyAs(user, totpId, "050471"));
    }

    @Test
    void algorithmDigitsAndPeriodAreTheRegistrations() {
      long now = 1111111111;
      hooks.freezeClock(Instant.ofEpochSecond(now));
      CreatedUser user = hooks.createUser();
      String totpId =
          hook(
                  "POST",
                  "/users/" + user.getUserId() + "/totp",
                  "{\"secret\":\""
                      + RFC_SEED
                      + "\",\"algorithm\":\"SHA512\",\"digits\":8,\"period\":60}")
              .text("totpId");
      byte[] key = JceTotp.base32(RFC_SEED);
      assertInvalidCode(verifyAs(user, totpId, JceTotp.totp("SHA1", key, now, 30, 6, 0)));
      assertInvalidCode(verifyAs(user, totpId, JceTotp.totp("SHA512", key, now, 30, 8, 0)));
      assertVerified(verifyAs(user, totpId, JceTotp.totp("SHA512", key, now, 60, 8, 0)));
    }

    @Test
    void policyChangesApplyToLaterImportsOnly() {
      long now = 1111111111;
      hooks.freezeClock(Instant.ofEpochSecond(now));
      CreatedUser user = hooks.createUser();
      String before =
          hooks.importRegistration(
              user.getUserId(), new ImportRegistrationRequest().secret(RFC_SEED));
      hooks.changePolicy(new OtpPolicyChange().digits(9).algorithm(HashAlgorithm.SHA256));
      String after =
          hooks.importRegistration(
              user.getUserId(), new ImportRegistrationRequest().secret(RFC_SEED));
      byte[] key = JceTotp.base32(RFC_SEED);
      assertVerified(verifyAs(user, before, JceTotp.totp("SHA1", key, now, 30, 6, 0)));
      assertVerified(verifyAs(user, after, JceTotp.totp("SHA256", key, now, 30, 9, 0)));
    }

    @ParameterizedTest
    @ValueSource(
        strings = {
          "{\"secret\":\"NOT*BASE32\"}",
          "{\"secret\":\"GEZDGNBVGY3TQOJ1\"}",
          "{\"secret\":\"GEZDGNBVGY3TQOJ0\"}",
          "{\"secret\":\"\"}",
          "{\"secret\":\"G\"}",
          "{\"secret\":null}",
          "{\"secret\":12345}",
          "{}",
          "{\"secret\":\"GEZDGNBVGY3TQOJQ\",\"digits\":5}",
          "{\"secret\":\"GEZDGNBVGY3TQOJQ\",\"digits\":10}",
          "{\"secret\":\"GEZDGNBVGY3TQOJQ\",\"digits\":\"6\"}",
          "{\"secret\":\"GEZDGNBVGY3TQOJQ\",\"digits\":6.5}",
          "{\"secret\":\"GEZDGNBVGY3TQOJQ\",\"period\":0}",
          "{\"secret\":\"GEZDGNBVGY3TQOJQ\",\"period\":-30}",
          "{\"secret\":\"GEZDGNBVGY3TQOJQ\",\"algorithm\":\"MD5\"}",
          "{\"secret\":\"GEZDGNBVGY3TQOJQ\",\"algorithm\":\"sha1\"}",
          "{\"secret\":\"GEZDGNBVGY3TQOJQ\",\"algorithm\":1}",
          "{\"secret\":\"GEZDGNBVGY3TQOJQ\",\"issuer\":\"x\"}",
          "[\"GEZDGNBVGY3TQOJQ\"]"
        })
    void badBodiesAre400AndImportNothing(String body) {
      CreatedUser user = hooks.createUser();
      assertBadHookRequest(hook("POST", "/users/" + user.getUserId() + "/totp", body));
    }

    @Test
    void unknownUserIs404() {
      Reply reply = hook("POST", "/users/404404404/totp", "{\"secret\":\"" + RFC_SEED + "\"}");
      assertDomainError(reply, 404, 5, "COMMAND-4g3xq", "User could not be found");
    }
  }

  @Nested
  @DisplayName("/clock")
  class Clock {
    @Test
    void readsRealTimeByDefault() {
      long before = WALL_CLOCK.millis();
      ClockState clock = hooks.clock();
      long after = WALL_CLOCK.millis();
      assertThat(clock.getFrozen()).isFalse();
      assertThat(clock.getOffsetMillis()).isZero();
      assertThat(clock.getEpochMillis()).isBetween(before, after);
    }

    @Test
    void freezeHoldsTheInstantAndTheApiUsesIt() {
      Reply frozen = hook("PUT", "/clock", "{\"epochMillis\":1111111111000}");
      assertThat(frozen.status()).as("%s", frozen).isEqualTo(200);
      assertThat(frozen.json().path("epochMillis").asLong()).isEqualTo(1111111111000L);
      assertThat(frozen.json().path("frozen").asBoolean()).isTrue();
      assertThat(frozen.json().path("offsetMillis").asLong()).isZero();
      assertThat(hooks.clock().getEpochMillis()).isEqualTo(1111111111000L);

      CreatedUser user = hooks.createUser();
      assertThat(user.getCreated().toInstant()).isEqualTo(Instant.ofEpochMilli(1111111111000L));
      Reply started = api.start(user.getToken(), user.getUserId());
      assertThat(started.json().path("details").path("changed").asText())
          .isEqualTo("2005-03-18T01:58:31Z");
    }

    @Test
    void shiftRunsAtRealTimePlusTheOffset() {
      long before = WALL_CLOCK.millis();
      Reply shifted = hook("PUT", "/clock", "{\"offsetMillis\":-86400000}");
      long after = WALL_CLOCK.millis();
      assertThat(shifted.status()).as("%s", shifted).isEqualTo(200);
      assertThat(shifted.json().path("frozen").asBoolean()).isFalse();
      assertThat(shifted.json().path("offsetMillis").asLong()).isEqualTo(-86_400_000L);
      assertThat(shifted.json().path("epochMillis").asLong())
          .isBetween(before - 86_400_000L, after - 86_400_000L);
    }

    @ParameterizedTest
    @ValueSource(strings = {"0", "253402300799000"})
    void aShiftIsCheckedAgainstRealTimeEvenFromAFrozenClock(String frozenAt) {
      // The shift replaces the freeze: real time plus the offset is what must be in range.
      assertThat(hook("PUT", "/clock", "{\"epochMillis\":" + frozenAt + "}").status())
          .isEqualTo(200);
      for (long offset : new long[] {-86_400_000L, 86_400_000L}) {
        long before = WALL_CLOCK.millis();
        Reply shifted = hook("PUT", "/clock", "{\"offsetMillis\":" + offset + "}");
        long after = WALL_CLOCK.millis();
        assertThat(shifted.status()).as("%s", shifted).isEqualTo(200);
        assertThat(shifted.json().path("frozen").asBoolean()).isFalse();
        assertThat(shifted.json().path("epochMillis").asLong())
            .isBetween(before + offset, after + offset);
        hooks.freezeClock(Instant.ofEpochMilli(Long.parseLong(frozenAt)));
      }
    }

    @Test
    void advanceMovesAFrozenOrShiftedClockForward() {
      hooks.freezeClock(NOW);
      ClockState advanced = hooks.advanceClock(Duration.ofMillis(1500));
      assertThat(advanced.getEpochMillis()).isEqualTo(NOW.toEpochMilli() + 1500);
      assertThat(advanced.getFrozen()).isTrue();
      assertThat(hooks.clock().getEpochMillis()).isEqualTo(NOW.toEpochMilli() + 1500);

      hooks.shiftClock(Duration.ofHours(1));
      ClockState shifted = hooks.advanceClock(Duration.ofMinutes(1));
      assertThat(shifted.getFrozen()).isFalse();
      assertThat(shifted.getOffsetMillis()).isEqualTo(Duration.ofMinutes(61).toMillis());

      Reply zero = hook("POST", "/clock/advance", "{\"millis\":0}");
      assertThat(zero.status()).isEqualTo(200);
    }

    @Test
    void deleteReturnsToRealTime() {
      hooks.freezeClock(NOW);
      long before = WALL_CLOCK.millis();
      Reply real = hook("DELETE", "/clock", null);
      long after = WALL_CLOCK.millis();
      assertThat(real.status()).as("%s", real).isEqualTo(200);
      assertThat(real.json().path("frozen").asBoolean()).isFalse();
      assertThat(real.json().path("offsetMillis").asLong()).isZero();
      assertThat(real.json().path("epochMillis").asLong()).isBetween(before, after);
    }

    @ParameterizedTest
    @ValueSource(
        strings = {
          "{}",
          "{\"epochMillis\":1111111111000,\"offsetMillis\":0}",
          "{\"epochMillis\":\"1111111111000\"}",
          "{\"epochMillis\":1.5}",
          "{\"epochMillis\":true}",
          "{\"epochMillis\":null}",
          "{\"offsetMillis\":\"1\"}",
          "{\"offsetMillis\":null}",
          "{\"epochMillis\":1,\"extra\":1}",
          "[]",
          "{"
        })
    void badSettingsAre400AndChangeNothing(String body) {
      hooks.freezeClock(NOW);
      assertBadHookRequest(hook("PUT", "/clock", body));
      assertThat(hooks.clock().getEpochMillis()).isEqualTo(NOW.toEpochMilli());
      assertThat(hooks.clock().getFrozen()).isTrue();
    }

    @ParameterizedTest
    @ValueSource(
        strings = {
          "{\"millis\":-1}",
          "{}",
          "{\"millis\":null}",
          "{\"millis\":\"5\"}",
          "{\"millis\":0.5}",
          "{\"millis\":9223372036854775807}",
          ""
        })
    void badAdvancesAre400AndChangeNothing(String body) {
      hooks.freezeClock(NOW);
      assertBadHookRequest(hook("POST", "/clock/advance", body.isEmpty() ? null : body));
      assertThat(hooks.clock().getEpochMillis()).isEqualTo(NOW.toEpochMilli());
    }
  }

  @Nested
  @DisplayName("/policy")
  class Policy {
    @Test
    void defaults() {
      Reply policy = hook("GET", "/policy", null);
      assertThat(policy.status()).isEqualTo(200);
      assertThat(policy.json()).isEqualTo(json(DEFAULT_POLICY));
    }

    @Test
    void anySubsetChangesOnlyThoseFields() {
      Reply changed = hook("PUT", "/policy", "{\"digits\":8,\"issuer\":\"ACME Corp\"}");
      assertThat(changed.status()).as("%s", changed).isEqualTo(200);
      assertThat(changed.json())
          .isEqualTo(
              json(
                  DEFAULT_POLICY
                      .replace("\"digits\":6", "\"digits\":8")
                      .replace("ZITADEL", "ACME Corp")));
      Reply all =
          hook(
              "PUT",
              "/policy",
              "{\"algorithm\":\"SHA512\",\"digits\":9,\"period\":60,\"skew\":10,\"issuer\":\"X\","
                  + "\"maxFailedAttempts\":5,\"lockSeconds\":1,\"pendingTtlSeconds\":600}");
      assertThat(all.json().toString())
          .isEqualTo(
              "{\"algorithm\":\"SHA512\",\"digits\":9,\"period\":60,\"skew\":10,\"issuer\":\"X\","
                  + "\"maxFailedAttempts\":5,\"lockSeconds\":1,\"pendingTtlSeconds\":600}");
      assertThat(hook("GET", "/policy", null).json()).isEqualTo(all.json());
      Reply none = hook("PUT", "/policy", "{}");
      assertThat(none.json()).isEqualTo(all.json());
      Reply lowest = hook("PUT", "/policy", "{\"digits\":6,\"period\":1,\"skew\":0}");
      assertThat(lowest.status()).isEqualTo(200);
    }

    @ParameterizedTest
    @ValueSource(
        strings = {
          "{\"digits\":5}",
          "{\"digits\":10}",
          "{\"period\":0}",
          "{\"period\":-1}",
          "{\"skew\":-1}",
          "{\"skew\":11}",
          "{\"algorithm\":\"MD5\"}",
          "{\"algorithm\":\"\"}",
          "{\"algorithm\":1}",
          "{\"digits\":\"8\"}",
          "{\"digits\":8.0}",
          "{\"digits\":true}",
          "{\"issuer\":7}",
          "{\"maxFailedAttempts\":\"3\"}",
          "{\"lockSeconds\":[60]}",
          "{\"pendingTtlSeconds\":{}}",
          "{\"digits\":null}",
          "{\"algorithm\":null}",
          "{\"issuer\":null}",
          "{\"maxFailedAttempts\":-1}",
          "{\"lockSeconds\":-1}",
          "{\"pendingTtlSeconds\":-1}",
          "{\"digits\":8,\"skew\":11}",
          "{\"digits\":8,\"color\":\"red\"}",
          "[]",
          "{"
        })
    void invalidValuesAre400AndChangeNothing(String body) {
      OtpPolicy before =
          hooks.changePolicy(new OtpPolicyChange().digits(7).skew(2).issuer("Before"));
      assertBadHookRequest(hook("PUT", "/policy", body));
      assertThat(hooks.policy()).isEqualTo(before);
    }

    @Test
    void digitsAndAlgorithmReachTheKeyUriAndTheVerifier() {
      long now = 1111111111;
      hooks.freezeClock(Instant.ofEpochSecond(now));
      hooks.changePolicy(new OtpPolicyChange().digits(8).algorithm(HashAlgorithm.SHA256));
      CreatedUser user = hooks.createUser();
      Reply started = api.start(user.getToken(), user.getUserId());
      assertThat(started.text("uri"))
          .contains(
              "?algorithm=SHA256&digits=8&issuer=ZITADEL&period=30&secret="
                  + started.text("secret"));
      String code = JceTotp.totp("SHA256", JceTotp.base32(started.text("secret")), now, 30, 8, 0);
      assertThat(code).hasSize(8);
      assertVerified(verifyAs(user, started.text("totpId"), code));
    }

    @Test
    void periodIssuerAndSkewReachTheRegistration() {
      long now = 1111111111;
      hooks.freezeClock(Instant.ofEpochSecond(now));
      hooks.changePolicy(new OtpPolicyChange().period(60).issuer("ACME Corp").skew(0));
      CreatedUser user = hooks.createUser();
      Reply started = api.start(user.getToken(), user.getUserId());
      assertThat(started.text("uri"))
          .startsWith("otpauth://totp/ACME%20Corp:")
          .contains("&issuer=ACME%20Corp&period=60&");
      byte[] key = JceTotp.base32(started.text("secret"));
      // Skew 0: the previous step no longer verifies; the current one does.
      assertInvalidCode(
          verifyAs(user, started.text("totpId"), JceTotp.totp("SHA1", key, now, 60, 6, -1)));
      assertVerified(
          verifyAs(user, started.text("totpId"), JceTotp.totp("SHA1", key, now, 60, 6, 0)));
    }

    @Test
    void registrationParametersAreCopiedWhenStarted() {
      long now = 1111111111;
      hooks.freezeClock(Instant.ofEpochSecond(now));
      CreatedUser user = hooks.createUser();
      Reply started = api.start(user.getToken(), user.getUserId());
      hooks.changePolicy(new OtpPolicyChange().digits(9).algorithm(HashAlgorithm.SHA512).skew(0));
      String previousStep =
          JceTotp.totp("SHA1", JceTotp.base32(started.text("secret")), now, 30, 6, -1);
      assertVerified(verifyAs(user, started.text("totpId"), previousStep));
    }
  }

  @Nested
  @DisplayName(
      "the admin namespace serves the hooks, health and WireMock's stub and journal API only")
  class AdminSurface {
    // WireMock's stub, journal, scenario and settings routes are open (JournalAndAdminHttpTest);
    // what writes files or stops the server is not.
    @ParameterizedTest
    @ValueSource(
        strings = {
          "POST /mappings/save",
          "GET /files",
          "PUT /files/x.txt",
          "POST /recordings/start",
          "GET /certs/wiremock-ca.crt",
          "GET /docs",
          "POST /shutdown",
          "GET /",
          "GET ",
          "GET /totp",
          "GET /totp/",
          "GET /totp/nothing",
          "POST /totp/users/",
          "POST /totp/users//totp",
          "POST /totp/users/1/totp/2",
        })
    void wireMocksClosedRoutesAndUnknownPathsAreNotFound(String call) {
      String[] parts = call.split(" ", 2);
      Reply reply = api.send(parts[0], "/__admin" + parts[1], "{\"fixedDelay\":60000}");
      assertPlainError(reply, 404, 5, "Not Found");
      assertThat(api.send("GET", "/__admin/health", null).status()).isEqualTo(200);
    }

    @ParameterizedTest
    @ValueSource(
        strings = {
          "PUT /totp/users GET, POST",
          "DELETE /totp/users/1 GET",
          "GET /totp/users/1/totp/start POST",
          "POST /totp/users/1/totp/2/window GET",
          "POST /totp/events GET",
          "DELETE /totp/tokens POST",
          "GET /totp/users/1/totp POST",
          "POST /totp/clock GET, PUT, DELETE",
          "PATCH /totp/clock GET, PUT, DELETE",
          "GET /totp/clock/advance POST",
          "DELETE /totp/policy GET, PUT",
          "GET /totp/reset POST",
          "POST /health GET",
        })
    void aServedPathWithAnotherMethodIsMethodNotAllowed(String call) {
      String[] parts = call.split(" ", 3);
      Reply reply = api.send(parts[0], "/__admin" + parts[1], "{}");
      assertPlainError(reply, 405, 12, "Method Not Allowed");
      assertThat(reply.header("Allow")).contains(parts[2]);
    }
  }

  @Nested
  @DisplayName("POST /reset")
  class Reset {
    @Test
    void forgetsEverythingAndRestoresDefaults() {
      CreatedUser user = hooks.createUser();
      String admin = hooks.createToken(user.getOrgId(), Permission.USER_WRITE);
      hooks.changePolicy(new OtpPolicyChange().digits(8).maxFailedAttempts(3));
      hooks.freezeClock(NOW);

      Reply reset = hook("POST", "/reset", null);
      assertThat(reset.status()).isEqualTo(200);
      assertThat(reset.json().isObject() && reset.json().isEmpty()).as("%s", reset).isTrue();

      for (String token : new String[] {user.getToken(), admin}) {
        Reply refused = api.start(token, user.getUserId());
        assertDomainError(refused, 401, 16, "AUTH-7fs1e", "Errors.Token.Invalid");
      }
      assertDomainError(
          hook("POST", "/users/" + user.getUserId() + "/totp", "{\"secret\":\"" + RFC_SEED + "\"}"),
          404,
          5,
          "COMMAND-4g3xq",
          "User could not be found");
      assertThat(hook("GET", "/policy", null).json()).isEqualTo(json(DEFAULT_POLICY));
      ClockState clock = hooks.clock();
      assertThat(clock.getFrozen()).isFalse();
      assertThat(clock.getOffsetMillis()).isZero();
    }
  }

  static JsonNode json(String text) {
    return new Reply(200, java.util.Map.of(), text).json();
  }

  @Nested
  @DisplayName("a server with an admin token")
  class WithAdminToken {
    @RegisterExtension
    static TotpMockServerExtension guarded =
        TestEngine.with(
            ServerOptions.defaults().withPort(0).withDemoData(false).withAdminToken("s3cret"));

    RawHttp raw;

    @BeforeEach
    void connectToTheGuardedServer() {
      raw = new RawHttp(guarded.baseUrl());
    }

    @Test
    void refusesEveryHookWithoutTheToken() {
      String[][] calls = {
        {"POST", "/users", "{}"},
        {"POST", "/tokens", "{\"orgId\":\"o\",\"permissions\":[]}"},
        {"POST", "/users/1/totp", "{\"secret\":\"" + RFC_SEED + "\"}"},
        {"GET", "/clock", null},
        {"PUT", "/clock", "{\"epochMillis\":0}"},
        {"POST", "/clock/advance", "{\"millis\":1000}"},
        {"DELETE", "/clock", null},
        {"GET", "/policy", null},
        {"PUT", "/policy", "{\"digits\":8}"},
        {"POST", "/reset", null}
      };
      for (String[] headers :
          new String[][] {{}, {"Authorization", "Bearer wrong"}, {"Authorization", "s3cret"}}) {
        for (String[] call : calls) {
          Reply refused = raw.hook(call[0], call[1], call[2], headers);
          assertPlainError(refused, 401, 16);
          assertThat(refused.header("WWW-Authenticate")).as("%s %s", call[0], call[1]).isPresent();
        }
      }
      assertThat(guarded.hooks().policy().getDigits()).isEqualTo(6);
      assertThat(guarded.hooks().clock().getFrozen()).isFalse();
    }

    @Test
    void acceptsHooksWithTheToken() {
      Reply created = raw.hook("POST", "/users", "{}", "Authorization", "Bearer s3cret");
      assertThat(created.status()).as("%s", created).isEqualTo(200);
      Reply started = raw.start(created.text("token"), created.text("userId"));
      assertThat(started.status()).isEqualTo(200);
      assertThat(guarded.hooks().freezeClock(NOW).getFrozen()).isTrue();
      guarded.hooks().reset();
    }

    @Test
    void keepsTheHealthCheckOpen() {
      Reply health = raw.send("GET", "/__admin/health", null);
      assertThat(health.status()).isEqualTo(200);
    }

    @ParameterizedTest
    @ValueSource(
        strings = {
          "/__admin/mappings",
          "/__admin/requests",
          "/__admin/totp/../mappings",
          "/__admin/totp/%2e%2e/mappings",
          "/__admin/health/../mappings",
          "/__admin/health/../totp/policy",
          "/__admin/healthy/../mappings"
        })
    void keepsWireMocksOwnAdminApiClosed(String path) {
      Reply reply = raw.send("GET", path, null);
      assertThat(reply.status()).as("%s", reply).isIn(401, 404);
      assertThat(reply.body()).doesNotContain("mappings\"").doesNotContain("\"digits\"");
    }
  }
}
