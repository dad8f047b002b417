package org.totpkit.mock.transport;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.totpkit.contract.hooks.model.CreatedUser;
import org.totpkit.contract.hooks.model.OtpPolicyChange;
import org.totpkit.contract.hooks.model.Permission;
import org.totpkit.mock.junit.HooksClient;
import org.totpkit.mock.junit.TotpMockServerExtension;
import org.totpkit.mock.testing.JceTotp;
import org.totpkit.mock.testing.ResetAfterEach;

/**
 * The official ZITADEL TypeScript client ({@code @zitadel/client}, pinned in {@code
 * interop/zitadel-client}) against the reference server, used as an application uses it: the
 * generated user-service clients of its {@code v3alpha} and {@code v2} entry points ({@code
 * ZITADELUsers}, {@code UserService}) over the transports the package makes (gRPC from its {@code
 * node} entry point, gRPC-Web from its {@code web} one) and over connect-es's Connect transport in
 * JSON and in binary. Every operation, and every error row a client can reach, read back through
 * the client's {@code ConnectError} with its {@code zitadel.v1.ErrorDetail}, decoded with the
 * schema ZITADEL publishes beside the client. Codes come from the JDK's HMAC ({@link JceTotp}), not
 * the server's.
 */
class ZitadelClientInteropTest {
  @RegisterExtension static TotpMockServerExtension mock = TotpMockServerExtension.onFreePort();
  @RegisterExtension static ResetAfterEach reset = new ResetAfterEach(mock);

  static final Instant NOW = Instant.parse("2030-01-01T00:00:10.250Z");
  static final String NOW_JSON = "2030-01-01T00:00:10.250Z";
  static final String UNKNOWN_USER = "999999999999999999";
  static final ObjectMapper JSON = new ObjectMapper();

  final HooksClient hooks = mock.hooks();

  @BeforeEach
  void freezeTime() {
    hooks.freezeClock(NOW);
  }

  @ParameterizedTest
  @ValueSource(strings = {"grpc", "grpc-web", "connect", "connect-proto"})
  void v3alphaStartsVerifiesAndRemoves(String transport) throws Exception {
    CreatedUser user = hooks.createUser();
    String admin =
        hooks.createToken(user.getOrgId(), Permission.USER_CREDENTIAL_WRITE, Permission.USER_WRITE);
    try (OfficialClient client = new OfficialClient(transport)) {
      for (String caller : new String[] {user.getToken(), admin}) {
        JsonNode started =
            client.ok("v3alpha", "StartTOTPRegistration", caller, v3(user.getUserId(), null, null));
        String totpId = started.path("totpId").asText();
        String secret = started.path("secret").asText();
        assertThat(totpId).matches("[0-9]+");
        assertThat(secret).matches("[A-Z2-7]{32}");
        assertThat(started.path("uri").asText())
            .startsWith("otpauth://totp/ZITADEL:")
            .contains("secret=" + secret);
        assertV3alphaDetails(started, user);

        String code = JceTotp.totp(secret, NOW.getEpochSecond());
        JsonNode verified =
            client.ok(
                "v3alpha", "VerifyTOTPRegistration", caller, v3(user.getUserId(), totpId, code));
        assertV3alphaDetails(verified, user);
        assertError(
            client.call(
                "v3alpha", "VerifyTOTPRegistration", caller, v3(user.getUserId(), totpId, code)),
            9,
            "COMMAND-qx4ls",
            "Multifactor OTP (OneTimePassword) is already set up");

        JsonNode removed =
            client.ok(
                "v3alpha", "RemoveTOTPAuthenticator", caller, v3(user.getUserId(), totpId, null));
        assertV3alphaDetails(removed, user);
        assertError(
            client.call(
                "v3alpha", "RemoveTOTPAuthenticator", caller, v3(user.getUserId(), totpId, null)),
            5,
            "COMMAND-Hd9sd",
            "Multifactor OTP (OneTimePassword) doesn't exist");
      }
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"grpc", "grpc-web", "connect", "connect-proto"})
  void v3alphaErrorRowsCarryTheirErrorDetail(String transport) throws Exception {
    CreatedUser user = hooks.createUser();
    CreatedUser other = hooks.createUser();
    String credentialWriter = hooks.createToken(user.getOrgId(), Permission.USER_CREDENTIAL_WRITE);
    String own = user.getToken();
    String id = user.getUserId();
    try (OfficialClient client = new OfficialClient(transport)) {
      JsonNode started = client.ok("v3alpha", "StartTOTPRegistration", own, v3(id, null, null));
      String totpId = started.path("totpId").asText();
      String secret = started.path("secret").asText();
      String code = JceTotp.totp(secret, NOW.getEpochSecond());

      JsonNode missing = client.call("v3alpha", "StartTOTPRegistration", null, v3(id, null, null));
      assertPlainError(missing, 16, "auth header missing");
      assertError(
          client.call("v3alpha", "StartTOTPRegistration", own, "Basic x", v3(id, null, null)),
          16,
          "AUTH-toLo1",
          "invalid auth header");
      assertError(
          client.call("v3alpha", "VerifyTOTPRegistration", "nope", v3(id, totpId, code)),
          16,
          "AUTH-7fs1e",
          "Errors.Token.Invalid");
      assertPlainError(
          client.call("v3alpha", "VerifyTOTPRegistration", own, v3(id, totpId, "12345")),
          3,
          "invalid VerifyTOTPRegistrationRequest.Code: value length must be between 6 and 9"
              + " runes, inclusive");
      assertError(
          client.call("v3alpha", "StartTOTPRegistration", own, v3(UNKNOWN_USER, null, null)),
          5,
          "COMMAND-4g3xq",
          "User could not be found");
      assertError(
          client.call("v3alpha", "VerifyTOTPRegistration", other.getToken(), v3(id, totpId, code)),
          7,
          "AUTH-AWfge",
          "No matching permissions found");
      assertError(
          client.call("v3alpha", "RemoveTOTPAuthenticator", credentialWriter, v3(id, totpId, null)),
          7,
          "AUTH-AWfge",
          "No matching permissions found");
      assertError(
          client.call("v3alpha", "VerifyTOTPRegistration", own, v3(id, "1", code)),
          5,
          "COMMAND-3Mif9s",
          "Multifactor OTP (OneTimePassword) doesn't exist");
      assertError(
          client.call("v3alpha", "RemoveTOTPAuthenticator", own, v3(id, "1", null)),
          5,
          "COMMAND-Hd9sd",
          "Multifactor OTP (OneTimePassword) doesn't exist");
      assertError(
          client.call(
              "v3alpha", "VerifyTOTPRegistration", own, v3(id, totpId, wrongCode(secret, NOW))),
          3,
          "EVENT-8isk2",
          "Invalid code");

      // None of the refusals changed the registration: the right code still verifies, once.
      client.ok("v3alpha", "VerifyTOTPRegistration", own, v3(id, totpId, code));
      assertError(
          client.call("v3alpha", "VerifyTOTPRegistration", own, v3(id, totpId, code)),
          9,
          "COMMAND-qx4ls",
          "Multifactor OTP (OneTimePassword) is already set up");
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"grpc", "grpc-web", "connect", "connect-proto"})
  void v3alphaLockoutCarriesRetryAfter(String transport) throws Exception {
    hooks.changePolicy(new OtpPolicyChange().maxFailedAttempts(1).lockSeconds(60));
    CreatedUser user = hooks.createUser();
    String own = user.getToken();
    String id = user.getUserId();
    try (OfficialClient client = new OfficialClient(transport)) {
      JsonNode started = client.ok("v3alpha", "StartTOTPRegistration", own, v3(id, null, null));
      String totpId = started.path("totpId").asText();
      String secret = started.path("secret").asText();

      assertError(
          client.call(
              "v3alpha", "VerifyTOTPRegistration", own, v3(id, totpId, wrongCode(secret, NOW))),
          3,
          "EVENT-8isk2",
          "Invalid code");
      JsonNode locked =
          client.call(
              "v3alpha",
              "VerifyTOTPRegistration",
              own,
              v3(id, totpId, JceTotp.totp(secret, NOW.getEpochSecond())));
      assertError(locked, 8, "COMMAND-lOck8s", "Too many failed attempts, try again later");
      assertThat(locked.path("retryAfter").asText()).as("%s", locked).isEqualTo("60");

      Instant later = NOW.plusSeconds(60);
      hooks.advanceClock(Duration.ofSeconds(60));
      client.ok(
          "v3alpha",
          "VerifyTOTPRegistration",
          own,
          v3(id, totpId, JceTotp.totp(secret, later.getEpochSecond())));
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"grpc", "grpc-web", "connect", "connect-proto"})
  void v2RegistersVerifiesAndRemoves(String transport) throws Exception {
    CreatedUser user = hooks.createUser();
    String admin =
        hooks.createToken(user.getOrgId(), Permission.USER_CREDENTIAL_WRITE, Permission.USER_WRITE);
    String id = user.getUserId();
    try (OfficialClient client = new OfficialClient(transport)) {
      for (String caller : new String[] {user.getToken(), admin}) {
        JsonNode registered = client.ok("v2", "RegisterTOTP", caller, v2(id, null));
        String secret = registered.path("secret").asText();
        assertThat(secret).matches("[A-Z2-7]{32}");
        assertThat(registered.path("uri").asText())
            .startsWith("otpauth://totp/ZITADEL:")
            .contains("secret=" + secret);
        long sequence = assertV2Details(registered, user);

        // Surrounding whitespace is trimmed, as upstream's verifier does.
        String code = JceTotp.totp(secret, NOW.getEpochSecond());
        JsonNode verified =
            client.ok("v2", "VerifyTOTPRegistration", caller, v2(id, " " + code + "\t"));
        assertThat(assertV2Details(verified, user)).isEqualTo(sequence + 1);

        assertError(
            client.call("v2", "RegisterTOTP", caller, v2(id, null)),
            6,
            "COMMAND-do9se",
            "Multifactor OTP (OneTimePassword) is already set up");
        assertError(
            client.call("v2", "VerifyTOTPRegistration", caller, v2(id, code)),
            9,
            "COMMAND-qx4ls",
            "Errors.Users.MFA.OTP.AlreadyReady");

        JsonNode removed = client.ok("v2", "RemoveTOTP", caller, v2(id, null));
        assertThat(assertV2Details(removed, user)).isEqualTo(sequence + 2);
        assertError(
            client.call("v2", "RemoveTOTP", caller, v2(id, null)),
            5,
            "COMMAND-Hd9sd",
            "Multifactor OTP (OneTimePassword) doesn't exist");
        assertError(
            client.call("v2", "VerifyTOTPRegistration", caller, v2(id, code)),
            5,
            "COMMAND-3Mif9s",
            "Multifactor OTP (OneTimePassword) doesn't exist");
      }
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"grpc", "grpc-web", "connect", "connect-proto"})
  void v2ErrorRowsCarryTheirErrorDetail(String transport) throws Exception {
    // v2 registration verify has no lockout, whatever the policy says.
    hooks.changePolicy(new OtpPolicyChange().maxFailedAttempts(1).lockSeconds(60));
    CreatedUser user = hooks.createUser();
    CreatedUser other = hooks.createUser();
    String noPermissions = hooks.createToken(user.getOrgId());
    String credentialWriter = hooks.createToken(user.getOrgId(), Permission.USER_CREDENTIAL_WRITE);
    String own = user.getToken();
    String id = user.getUserId();
    try (OfficialClient client = new OfficialClient(transport)) {
      assertError(
          client.call("v2", "VerifyTOTPRegistration", own, v2(id, "123456")),
          5,
          "COMMAND-3Mif9s",
          "Multifactor OTP (OneTimePassword) doesn't exist");
      assertError(
          client.call("v2", "RemoveTOTP", own, v2(id, null)),
          5,
          "COMMAND-Hd9sd",
          "Multifactor OTP (OneTimePassword) doesn't exist");

      String stale = client.ok("v2", "RegisterTOTP", own, v2(id, null)).path("secret").asText();
      // Registering over a pending TOTP replaces it: the first secret stops verifying.
      String secret = client.ok("v2", "RegisterTOTP", own, v2(id, null)).path("secret").asText();
      assertThat(secret).isNotEqualTo(stale);
      String code = JceTotp.totp(secret, NOW.getEpochSecond());

      assertPlainError(
          client.call("v2", "RegisterTOTP", null, v2(id, null)), 16, "auth header missing");
      assertError(
          client.call("v2", "RegisterTOTP", own, "Basic x", v2(id, null)),
          16,
          "AUTH-toLo1",
          "invalid auth header");
      assertError(
          client.call("v2", "VerifyTOTPRegistration", "nope", v2(id, code)),
          16,
          "AUTH-7fs1e",
          "Errors.Token.Invalid");
      assertError(
          client.call("v2", "RegisterTOTP", own, v2(UNKNOWN_USER, null)),
          9,
          "COMMAND-SqyJz",
          "User could not be found");
      assertError(
          client.call("v2", "VerifyTOTPRegistration", own, v2(UNKNOWN_USER, code)),
          5,
          "COMMAND-4g3xq",
          "User could not be found");
      assertPlainError(
          client.call("v2", "VerifyTOTPRegistration", own, v2(id, "")),
          3,
          "invalid VerifyTOTPRegistrationRequest.Code: value length must be between 1 and 200"
              + " runes, inclusive");
      assertPlainError(
          client.call("v2", "RegisterTOTP", own, v2("", null)),
          3,
          "invalid RegisterTOTPRequest.UserId: value length must be between 1 and 200 runes,"
              + " inclusive");
      assertError(
          client.call("v2", "RegisterTOTP", noPermissions, v2(id, null)),
          7,
          "AUTH-AWfge",
          "No matching permissions found");
      assertError(
          client.call("v2", "VerifyTOTPRegistration", noPermissions, v2(id, code)),
          7,
          "AUTH-AWfge",
          "No matching permissions found");
      assertError(
          client.call("v2", "RemoveTOTP", credentialWriter, v2(id, null)),
          7,
          "AUTH-AWfge",
          "No matching permissions found");
      assertError(
          client.call("v2", "VerifyTOTPRegistration", other.getToken(), v2(id, code)),
          5,
          "AUTHZ-cdgFk",
          "membership not found");
      for (String wrong :
          new String[] {
            JceTotp.totp(stale, NOW.getEpochSecond()), wrongCode(secret, NOW), "123", "1234567"
          }) {
        assertError(
            client.call("v2", "VerifyTOTPRegistration", own, v2(id, wrong)),
            3,
            "EVENT-8isk2",
            "Invalid code");
      }

      // None of the refusals changed the TOTP, and no failure locked it: the right code verifies.
      client.ok("v2", "VerifyTOTPRegistration", own, v2(id, code));
      assertError(
          client.call("v2", "RegisterTOTP", own, v2(id, null)),
          6,
          "COMMAND-do9se",
          "Multifactor OTP (OneTimePassword) is already set up");
    }
  }

  static ObjectNode v2(String userId, String code) {
    ObjectNode request = JSON.createObjectNode().put("userId", userId);
    if (code != null) {
      request.put("code", code);
    }
    return request;
  }

  /** {@code zitadel.object.v2.Details} of a change now to {@code user}; its sequence. */
  static long assertV2Details(JsonNode response, CreatedUser user) {
    JsonNode details = response.path("details");
    assertThat(details.path("changeDate").asText()).as("%s", response).isEqualTo(NOW_JSON);
    assertThat(details.path("resourceOwner").asText())
        .as("%s", response)
        .isEqualTo(user.getOrgId());
    assertThat(details.has("creationDate")).as("%s", response).isFalse();
    // protojson writes a uint64 as a JSON string.
    assertThat(details.path("sequence").isTextual()).as("%s", response).isTrue();
    assertThat(details.path("sequence").asText()).matches("[1-9][0-9]*");
    return Long.parseLong(details.path("sequence").asText());
  }

  static ObjectNode v3(String id, String totpId, String code) {
    ObjectNode request = JSON.createObjectNode().put("id", id);
    if (totpId != null) {
      request.put("totpId", totpId);
    }
    if (code != null) {
      request.put("code", code);
    }
    return request;
  }

  static void assertV3alphaDetails(JsonNode response, CreatedUser user) {
    JsonNode details = response.path("details");
    assertThat(details.path("id").asText()).as("%s", response).isEqualTo(user.getUserId());
    assertThat(details.path("changed").asText()).as("%s", response).isEqualTo(NOW_JSON);
    assertThat(details.path("owner").path("type").asText()).isEqualTo("OWNER_TYPE_ORG");
    assertThat(details.path("owner").path("id").asText()).isEqualTo(user.getOrgId());
  }

  /** A six-digit code that is none of the three the server accepts at {@code at}. */
  static String wrongCode(String secret, Instant at) {
    Set<String> window = new HashSet<>();
    for (int step = -1; step <= 1; step++) {
      window.add(JceTotp.totp("SHA1", JceTotp.base32(secret), at.getEpochSecond(), 30, 6, step));
    }
    for (int candidate = 0; ; candidate++) {
      String code = String.format("%06d", candidate);
      if (!window.contains(code)) {
        return code;
      }
    }
  }

  /** An error row with an ID: the status, and exactly one ErrorDetail the client decoded. */
  static void assertError(JsonNode result, int code, String id, String text) {
    assertThat(result.path("code").asInt()).as("%s", result).isEqualTo(code);
    assertThat(result.path("message").asText()).as("%s", result).isEqualTo(text + " (" + id + ")");
    assertThat(result.path("detailCount").asInt()).as("%s", result).isEqualTo(1);
    JsonNode details = result.path("details");
    assertThat(details.size()).as("one zitadel.v1.ErrorDetail in %s", result).isEqualTo(1);
    assertThat(details.get(0).path("id").asText()).isEqualTo(id);
    assertThat(details.get(0).path("message").asText()).isEqualTo(text);
  }

  /** An error row without an ID: the status and no detail at all. */
  static void assertPlainError(JsonNode result, int code, String message) {
    assertThat(result.path("code").asInt()).as("%s", result).isEqualTo(code);
    assertThat(result.path("message").asText()).as("%s", result).isEqualTo(message);
    assertThat(result.path("detailCount").asInt()).as("no detail in %s", result).isZero();
  }

  /** The node process of {@code interop/zitadel-client}, one call per line each way. */
  static final class OfficialClient implements AutoCloseable {
    private final Process process;
    private final Writer in;
    private final BufferedReader out;

    OfficialClient(String transport) throws IOException {
      Path dir =
          Path.of(
              System.getProperty("totp.interop.zitadel-client.dir", "../interop/zitadel-client"));
      process =
          new ProcessBuilder(
                  "node", dir.resolve("client.mjs").toString(), transport, mock.baseUrl())
              .redirectError(ProcessBuilder.Redirect.INHERIT)
              .start();
      in = new OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8);
      out =
          new BufferedReader(
              new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
    }

    /** A call that must succeed; its response as protojson. */
    JsonNode ok(String dialect, String method, String token, ObjectNode request)
        throws IOException {
      JsonNode result = call(dialect, method, token, request);
      assertThat(result.path("code").asInt()).as("%s %s", method, result).isZero();
      return result.path("response");
    }

    JsonNode call(String dialect, String method, String token, ObjectNode request)
        throws IOException {
      return call(dialect, method, token, null, request);
    }

    /**
     * One call through a client made with {@code token} (null: no Authorization at all), its header
     * replaced by {@code authorization} when that is not null.
     */
    JsonNode call(
        String dialect, String method, String token, String authorization, ObjectNode request)
        throws IOException {
      ObjectNode line = JSON.createObjectNode().put("dialect", dialect).put("method", method);
      if (token != null) {
        line.put("token", token);
      }
      if (authorization != null) {
        line.put("authorization", authorization);
      }
      line.set("request", request);
      in.write(line + "\n");
      in.flush();
      String answer = out.readLine();
      assertThat(answer).as("node answered %s", method).isNotNull();
      JsonNode result = JSON.readTree(answer);
      assertThat(result.has("error")).as("%s", result).isFalse();
      return result;
    }

    @Override
    public void close() throws Exception {
      in.close();
      if (!process.waitFor(20, TimeUnit.SECONDS)) {
        process.destroyForcibly();
      }
      assertThat(process.exitValue()).as("node's exit status").isZero();
    }
  }
}
