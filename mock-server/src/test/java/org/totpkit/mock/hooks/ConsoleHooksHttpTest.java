package org.totpkit.mock.hooks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.totpkit.mock.testing.RpcStatusAssertions.assertDomainError;
import static org.totpkit.mock.testing.RpcStatusAssertions.assertPlainError;

import com.fasterxml.jackson.databind.JsonNode;
import com.google.zxing.BinaryBitmap;
import com.google.zxing.LuminanceSource;
import com.google.zxing.RGBLuminanceSource;
import com.google.zxing.common.HybridBinarizer;
import com.google.zxing.qrcode.QRCodeReader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.totpkit.contract.hooks.model.CreateUserRequest;
import org.totpkit.contract.hooks.model.CreatedUser;
import org.totpkit.contract.hooks.model.ImportRegistrationRequest;
import org.totpkit.contract.hooks.model.OtpPolicyChange;
import org.totpkit.mock.junit.HooksClient;
import org.totpkit.mock.junit.TotpMockServerExtension;
import org.totpkit.mock.testing.JceTotp;
import org.totpkit.mock.testing.PendingRegistration;
import org.totpkit.mock.testing.RawHttp;
import org.totpkit.mock.testing.Reply;
import org.totpkit.mock.testing.ResetAfterEach;
import org.totpkit.mock.testing.TestEngine;

/**
 * The hooks the web console reads (users and their state, a registration's window of codes, the
 * API's answers) and the one it enrols with, through HTTP: what they show, what they never show (a
 * secret, a code sent, a token), and their refusals.
 */
class ConsoleHooksHttpTest {
  @RegisterExtension static TotpMockServerExtension mock = TestEngine.onFreePort();
  @RegisterExtension static ResetAfterEach reset = new ResetAfterEach(mock);

  static final Instant NOW = Instant.parse("2030-01-01T00:00:10.250Z");
  static final String RFC_SEED = "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ";

  final HooksClient hooks = mock.hooks();
  final RawHttp api = new RawHttp(mock.baseUrl());

  @Test
  void theUserListShowsEachRegistrationsStateAndNeverItsSecret() {
    hooks.freezeClock(NOW);
    CreatedUser ada = hooks.createUser(new CreateUserRequest().loginName("ada@acme.example"));
    PendingRegistration started = PendingRegistration.startFor(ada, api);
    String imported =
        hooks.importRegistration(
            ada.getUserId(), new ImportRegistrationRequest().secret(RFC_SEED).digits(8).period(60));
    assertThat(started.verify(api, started.codeAt(NOW.getEpochSecond())).status()).isEqualTo(200);
    CreatedUser later = hooks.createUser();

    Reply list = api.hook("GET", "/users", null);
    assertThat(list.status()).as("%s", list).isEqualTo(200);
    assertThat(list.json().path("total").asInt()).isEqualTo(2);
    JsonNode users = list.json().path("users");
    // Newest first.
    assertThat(users.get(0).path("userId").asText()).isEqualTo(later.getUserId());
    JsonNode user = users.get(1);
    assertThat(user.path("loginName").asText()).isEqualTo("ada@acme.example");
    JsonNode registrations = user.path("registrations");
    assertThat(registrations).hasSize(2);
    JsonNode verified = registrations.get(0);
    assertThat(verified.path("totpId").asText()).isEqualTo(started.totpId());
    assertThat(verified.path("state").asText()).isEqualTo("verified");
    assertThat(verified.path("algorithm").asText()).isEqualTo("SHA1");
    assertThat(verified.path("digits").asInt()).isEqualTo(6);
    assertThat(verified.path("period").asInt()).isEqualTo(30);
    JsonNode pending = registrations.get(1);
    assertThat(pending.path("totpId").asText()).isEqualTo(imported);
    assertThat(pending.path("state").asText()).isEqualTo("pending");
    assertThat(pending.path("digits").asInt()).isEqualTo(8);
    assertThat(pending.path("period").asInt()).isEqualTo(60);
    assertThat(pending.path("locked").asBoolean()).isFalse();
    assertThat(pending.has("lockedUntil")).isFalse();

    assertThat(list.body()).doesNotContain(started.secret(), RFC_SEED, ada.getToken());
    Reply one = api.hook("GET", "/users/" + ada.getUserId(), null);
    assertThat(one.json()).isEqualTo(user);
    assertThat(one.body()).doesNotContain(started.secret(), RFC_SEED, ada.getToken());
  }

  @Test
  void theListShowsFailuresAndTheLockWithItsEnd() {
    hooks.freezeClock(NOW);
    hooks.changePolicy(new OtpPolicyChange().maxFailedAttempts(2).lockSeconds(60));
    PendingRegistration r = PendingRegistration.start(hooks, api);
    String wrong = r.wrongCodeAt(NOW.getEpochSecond());
    r.verify(api, wrong);
    JsonNode once = registration(r);
    assertThat(once.path("failedAttempts").asInt()).isEqualTo(1);
    assertThat(once.path("locked").asBoolean()).isFalse();

    r.verify(api, wrong);
    JsonNode locked = registration(r);
    assertThat(locked.path("locked").asBoolean()).isTrue();
    assertThat(Instant.parse(locked.path("lockedUntil").asText())).isEqualTo(NOW.plusSeconds(60));

    hooks.advanceClock(Duration.ofSeconds(60));
    JsonNode over = registration(r);
    assertThat(over.path("locked").asBoolean()).isFalse();
    assertThat(over.has("lockedUntil")).isFalse();
  }

  @Test
  void aPendingRegistrationPastItsTtlIsShownExpired() {
    hooks.freezeClock(NOW);
    hooks.changePolicy(new OtpPolicyChange().pendingTtlSeconds(60));
    PendingRegistration r = PendingRegistration.start(hooks, api);
    assertThat(registration(r).path("expired").asBoolean()).isFalse();
    hooks.advanceClock(Duration.ofSeconds(61));
    assertThat(registration(r).path("expired").asBoolean()).isTrue();
  }

  @Test
  void theListIsBoundedByItsLimit() {
    for (int i = 0; i < 3; i++) {
      hooks.createUser();
    }
    Reply two = api.hook("GET", "/users?limit=2", null);
    assertThat(two.json().path("users")).hasSize(2);
    assertThat(two.json().path("total").asInt()).isEqualTo(3);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "/users?limit=0",
        "/users?limit=1001",
        "/users?limit=x",
        "/users?limit=1&limit=2",
        "/events?after=-1",
        "/events?after=1.5",
        "/events?limit=0"
      })
  void badQueriesAre400(String pathAndQuery) {
    assertPlainError(api.hook("GET", pathAndQuery, null), 400, 3);
  }

  @Test
  void unknownUsersAndRegistrationsAre404() {
    CreatedUser user = hooks.createUser();
    assertDomainError(
        api.hook("GET", "/users/123", null), 404, 5, "COMMAND-4g3xq", "User could not be found");
    assertDomainError(
        api.hook("POST", "/users/123/totp/start", null),
        404,
        5,
        "COMMAND-4g3xq",
        "User could not be found");
    assertDomainError(
        api.hook("GET", "/users/" + user.getUserId() + "/totp/123/window", null),
        404,
        5,
        "COMMAND-3Mif9s",
        "Multifactor OTP (OneTimePassword) doesn't exist");
    // Another user's registration is not this user's.
    PendingRegistration other = PendingRegistration.start(hooks, api);
    assertThat(
            api.hook(
                    "GET",
                    "/users/" + user.getUserId() + "/totp/" + other.totpId() + "/window",
                    null)
                .status())
        .isEqualTo(404);
  }

  @Test
  void startingFromTheHooksIsTheApisStartWithItsSecretAndQrCodeOnce() throws Exception {
    hooks.freezeClock(NOW);
    CreatedUser user = hooks.createUser(new CreateUserRequest().loginName("bo@acme.example"));
    Reply started = api.hook("POST", "/users/" + user.getUserId() + "/totp/start", null);
    assertThat(started.status()).as("%s", started).isEqualTo(200);
    String secret = started.text("secret");
    String uri = started.text("uri");
    assertThat(uri)
        .startsWith("otpauth://totp/ZITADEL:bo@acme.example?")
        .contains("secret=" + secret);
    assertThat(decodeQr(started.text("qrCode"))).isEqualTo(uri);

    // The secret works: the code computed from it verifies through the API, as the user.
    String totpId = started.text("totpId");
    Reply verified =
        api.verifyCode(
            user.getToken(), user.getUserId(), totpId, JceTotp.totp(secret, NOW.getEpochSecond()));
    assertThat(verified.status()).as("%s", verified).isEqualTo(200);
    assertThat(api.hook("GET", "/users/" + user.getUserId(), null).body()).doesNotContain(secret);
  }

  @Test
  void theWindowHoldsTheCodeOfEveryAcceptedStep() {
    hooks.freezeClock(NOW);
    hooks.changePolicy(new OtpPolicyChange().skew(2));
    PendingRegistration r = PendingRegistration.start(hooks, api);
    Reply window =
        api.hook("GET", "/users/" + r.userId() + "/totp/" + r.totpId() + "/window", null);
    assertThat(window.status()).as("%s", window).isEqualTo(200);
    JsonNode body = window.json();
    long step = NOW.getEpochSecond() / 30;
    assertThat(body.path("step").asLong()).isEqualTo(step);
    assertThat(body.path("epochMillis").asLong()).isEqualTo(NOW.toEpochMilli());
    // 10.250 s into the step: 19.750 s left.
    assertThat(body.path("validForMillis").asLong()).isEqualTo(19_750);
    JsonNode codes = body.path("codes");
    assertThat(codes).hasSize(5);
    for (int i = 0; i < 5; i++) {
      int offset = i - 2;
      assertThat(codes.get(i).path("offset").asInt()).isEqualTo(offset);
      assertThat(codes.get(i).path("step").asLong()).isEqualTo(step + offset);
      assertThat(codes.get(i).path("code").asText())
          .isEqualTo(
              JceTotp.totp(
                  "SHA1", JceTotp.base32(r.secret()), NOW.getEpochSecond(), 30, 6, offset));
    }
  }

  @Test
  void theEventsLogTheApisAnswersWithTheirRowButNeverTheCodeOrToken() {
    hooks.freezeClock(NOW);
    PendingRegistration r = PendingRegistration.start(hooks, api);
    String wrong = r.wrongCodeAt(NOW.getEpochSecond());
    r.verify(api, wrong);
    r.verifyAs(api, "not-a-token", wrong);
    r.verify(api, "12");
    r.verify(api, r.codeAt(NOW.getEpochSecond()));

    Reply page = api.hook("GET", "/events", null);
    assertThat(page.status()).as("%s", page).isEqualTo(200);
    JsonNode events = page.json().path("events");
    assertThat(events).hasSize(5);
    assertThat(events.get(0).path("method").asText()).isEqualTo("StartTOTPRegistration");
    assertThat(events.get(0).path("totpId").asText()).isEqualTo(r.totpId());
    assertThat(events.get(0).path("outcome").asText()).isEqualTo("ok");
    assertThat(events.get(0).path("dialect").asText()).isEqualTo("v3alpha");
    JsonNode invalid = events.get(1);
    assertThat(invalid.path("method").asText()).isEqualTo("VerifyTOTPRegistration");
    assertThat(invalid.path("userId").asText()).isEqualTo(r.userId());
    assertThat(invalid.path("totpId").asText()).isEqualTo(r.totpId());
    assertThat(invalid.path("outcome").asText()).isEqualTo("error");
    assertThat(invalid.path("row").asInt()).isEqualTo(14);
    assertThat(invalid.path("code").asInt()).isEqualTo(3);
    assertThat(invalid.path("errorId").asText()).isEqualTo("EVENT-8isk2");
    assertThat(Instant.parse(invalid.path("at").asText())).isEqualTo(NOW);
    assertThat(events.get(2).path("row").asInt()).isEqualTo(6);
    assertThat(events.get(3).path("row").asInt()).isEqualTo(7);
    assertThat(events.get(3).has("errorId")).isFalse();
    assertThat(events.get(4).path("outcome").asText()).isEqualTo("ok");
    assertThat(page.body())
        .doesNotContain(wrong, r.codeAt(NOW.getEpochSecond()), r.token(), r.secret());

    long seq = events.get(4).path("seq").asLong();
    assertThat(page.json().path("next").asLong()).isEqualTo(seq);
    Reply after = api.hook("GET", "/events?after=" + (seq - 1), null);
    assertThat(after.json().path("events")).hasSize(1);
    Reply none = api.hook("GET", "/events?after=" + seq, null);
    assertThat(none.json().path("events")).isEmpty();
    assertThat(none.json().path("next").asLong()).isEqualTo(seq);
  }

  @Test
  void theResetEmptiesTheEventsButTheirNumbersKeepGrowing() {
    PendingRegistration first = PendingRegistration.start(hooks, api);
    long before = api.hook("GET", "/events", null).json().path("next").asLong();
    assertThat(first.totpId()).isNotBlank();
    hooks.reset();
    assertThat(api.hook("GET", "/events", null).json().path("events")).isEmpty();
    PendingRegistration.start(hooks, api);
    JsonNode events = api.hook("GET", "/events?after=" + before, null).json().path("events");
    assertThat(events).hasSize(1);
    assertThat(events.get(0).path("seq").asLong()).isGreaterThan(before);
  }

  /** The one registration of {@code r}'s user, as the user list shows it. */
  private JsonNode registration(PendingRegistration r) {
    Reply user = api.hook("GET", "/users/" + r.userId(), null);
    assertThat(user.status()).as("%s", user).isEqualTo(200);
    return user.json().path("registrations").get(0);
  }

  /** The text of the QR code drawn in an SVG data URI, read back with zxing's decoder. */
  static String decodeQr(String dataUri) throws Exception {
    String prefix = "data:image/svg+xml;base64,";
    assertThat(dataUri).startsWith(prefix);
    String svg =
        new String(
            Base64.getDecoder().decode(dataUri.substring(prefix.length())), StandardCharsets.UTF_8);
    Matcher size = Pattern.compile("viewBox=\"0 0 (\\d+) (\\d+)\"").matcher(svg);
    assertThat(size.find()).as("viewBox in %s", svg).isTrue();
    int width = Integer.parseInt(size.group(1));
    int height = Integer.parseInt(size.group(2));
    int scale = 4;
    int[] pixels = new int[width * scale * height * scale];
    java.util.Arrays.fill(pixels, 0xFFFFFFFF);
    Matcher module = Pattern.compile("M(\\d+) (\\d+)h1v1h-1z").matcher(svg);
    while (module.find()) {
      int x = Integer.parseInt(module.group(1));
      int y = Integer.parseInt(module.group(2));
      for (int dy = 0; dy < scale; dy++) {
        for (int dx = 0; dx < scale; dx++) {
          pixels[(y * scale + dy) * width * scale + x * scale + dx] = 0xFF000000;
        }
      }
    }
    LuminanceSource source = new RGBLuminanceSource(width * scale, height * scale, pixels);
    // A drawn image, not a photograph: read as a pure barcode, as MainTest reads the terminal's.
    // The
    // finder-pattern search made for photos missed some drawings (a FormatException in CI).
    return new QRCodeReader()
        .decode(
            new BinaryBitmap(new HybridBinarizer(source)),
            java.util.Map.of(com.google.zxing.DecodeHintType.PURE_BARCODE, true))
        .getText();
  }
}
