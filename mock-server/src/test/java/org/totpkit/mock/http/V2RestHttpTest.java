package org.totpkit.mock.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.totpkit.mock.testing.RpcStatusAssertions.assertDomainError;
import static org.totpkit.mock.testing.RpcStatusAssertions.assertInvalidCode;
import static org.totpkit.mock.testing.RpcStatusAssertions.assertPlainError;
import static org.totpkit.mock.testing.RpcStatusAssertions.assertRpcStatus;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.totpkit.contract.hooks.model.CreatedUser;
import org.totpkit.contract.hooks.model.HashAlgorithm;
import org.totpkit.contract.hooks.model.ImportRegistrationRequest;
import org.totpkit.contract.hooks.model.OtpPolicyChange;
import org.totpkit.contract.hooks.model.Permission;
import org.totpkit.mock.junit.HooksClient;
import org.totpkit.mock.junit.TotpMockServerExtension;
import org.totpkit.mock.testing.JceTotp;
import org.totpkit.mock.testing.RawHttp;
import org.totpkit.mock.testing.Reply;
import org.totpkit.mock.testing.ResetAfterEach;
import org.totpkit.mock.testing.TestEngine;

/**
 * The v2 dialect over REST, every rule in its order: routing, decoding, authentication, field
 * rules, then per operation the user, the caller's permission or membership, the TOTP's state and
 * the code; the success bodies with their per-user sequence; one state with v3alpha and the hooks.
 */
class V2RestHttpTest {
  @RegisterExtension static TotpMockServerExtension mock = TestEngine.onFreePort();
  @RegisterExtension static ResetAfterEach reset = new ResetAfterEach(mock);

  static final Instant NOW = Instant.parse("2030-01-01T00:00:10.250Z");
  static final long NOW_S = NOW.getEpochSecond();
  static final String USER_NOT_FOUND = "User could not be found";
  static final String NO_PERMISSION = "No matching permissions found";
  static final String OTP_MISSING = "Multifactor OTP (OneTimePassword) doesn't exist";
  static final String OTP_SET_UP = "Multifactor OTP (OneTimePassword) is already set up";

  final HooksClient hooks = mock.hooks();
  final RawHttp http = new RawHttp(mock.baseUrl());

  @BeforeEach
  void freezeTime() {
    hooks.freezeClock(NOW);
  }

  // --- how to ask (grpc-gateway's HTTP rules of the three RPCs)

  static String totpPath(String userId) {
    return "/v2/users/" + RawHttp.segment(userId) + "/totp";
  }

  Reply register(String token, String userId, String body) {
    return http.send("POST", totpPath(userId), body, headers(token));
  }

  Reply register(String token, String userId) {
    return register(token, userId, "{}");
  }

  Reply verifyBody(String token, String userId, String body) {
    return http.send("POST", totpPath(userId) + "/verify", body, headers(token));
  }

  Reply verify(String token, String userId, String code) {
    return verifyBody(token, userId, "{\"code\":" + RawHttp.jsonString(code) + "}");
  }

  Reply remove(String token, String userId) {
    return http.send("DELETE", totpPath(userId), null, headers(token));
  }

  static String[] headers(String token) {
    return token == null
        ? new String[] {"Content-Type", "application/json"}
        : new String[] {"Content-Type", "application/json", "Authorization", "Bearer " + token};
  }

  /** A user with a pending v2 TOTP, registered as that user. */
  record Pending(CreatedUser user, String secret, Reply registered) {
    String id() {
      return user.getUserId();
    }

    String token() {
      return user.getToken();
    }

    String code() {
      return JceTotp.totp(secret, NOW_S);
    }
  }

  Pending pending() {
    CreatedUser user = hooks.createUser();
    Reply registered = register(user.getToken(), user.getUserId());
    assertThat(registered.status()).as("register: %s", registered).isEqualTo(200);
    return new Pending(user, registered.text("secret"), registered);
  }

  Pending ready() {
    Pending pending = pending();
    Reply verified = verify(pending.token(), pending.id(), pending.code());
    assertThat(verified.status()).as("verify: %s", verified).isEqualTo(200);
    return pending;
  }

  String member(String orgId, Permission... permissions) {
    return hooks.createToken(orgId, permissions);
  }

  /** The sequence in a success body's details, which is a JSON string (protojson's uint64). */
  static long sequenceOf(Reply reply) {
    JsonNode sequence = reply.json().path("details").path("sequence");
    assertThat(sequence.isTextual()).as("sequence as a JSON string in %s", reply).isTrue();
    return Long.parseLong(sequence.asText());
  }

  static List<String> fieldsOf(JsonNode node) {
    List<String> fields = new ArrayList<>();
    node.fieldNames().forEachRemaining(fields::add);
    return fields;
  }

  @Nested
  @DisplayName("success bodies and the per-user sequence")
  class Successes {
    @Test
    void registerAnswersDetailsUriAndSecretAsGrpcGatewayWritesThem() {
      CreatedUser user = hooks.createUser();
      Reply reply = register(user.getToken(), user.getUserId());
      assertThat(reply.status()).as("%s", reply).isEqualTo(200);
      assertThat(fieldsOf(reply.json())).containsExactlyInAnyOrder("details", "uri", "secret");
      JsonNode details = reply.json().path("details");
      assertThat(fieldsOf(details))
          .as("creationDate is not set")
          .containsExactlyInAnyOrder("sequence", "changeDate", "resourceOwner");
      assertThat(sequenceOf(reply)).as("1 at creation, 2 after register").isEqualTo(2);
      assertThat(OffsetDateTime.parse(details.path("changeDate").asText()).toInstant())
          .isEqualTo(NOW);
      assertThat(details.path("changeDate").asText()).endsWith("Z");
      assertThat(details.path("resourceOwner").asText()).isEqualTo(user.getOrgId());
      String secret = reply.text("secret");
      assertThat(secret).matches("[A-Z2-7]{32}");
      assertThat(reply.text("uri"))
          .isEqualTo(
              "otpauth://totp/ZITADEL:"
                  + user.getLoginName()
                  + "?algorithm=SHA1&digits=6&issuer=ZITADEL&period=30&secret="
                  + secret);
    }

    @Test
    void verifyAndRemoveAnswerDetailsWithTheNextSequences() {
      Pending pending = pending();
      Reply verified = verify(pending.token(), pending.id(), pending.code());
      assertThat(verified.status()).as("%s", verified).isEqualTo(200);
      assertThat(fieldsOf(verified.json())).containsExactly("details");
      assertThat(sequenceOf(verified)).isEqualTo(3);
      hooks.advanceClock(Duration.ofSeconds(5));
      Reply removed = remove(pending.token(), pending.id());
      assertThat(removed.status()).as("%s", removed).isEqualTo(200);
      assertThat(fieldsOf(removed.json())).containsExactly("details");
      assertThat(sequenceOf(removed)).isEqualTo(4);
      assertThat(
              OffsetDateTime.parse(removed.json().path("details").path("changeDate").asText())
                  .toInstant())
          .as("the time of this change on the server's clock")
          .isEqualTo(NOW.plusSeconds(5));
      assertThat(removed.json().path("details").path("resourceOwner").asText())
          .isEqualTo(pending.user().getOrgId());
    }

    @Test
    void theSequenceCountsChangesInEitherDialectAndThroughTheHooks() {
      CreatedUser user = hooks.createUser();
      assertThat(http.start(user.getToken(), user.getUserId()).status()).isEqualTo(200);
      hooks.importRegistration(
          user.getUserId(), new ImportRegistrationRequest().secret("JBSWY3DPEHPK3PXP"));
      // 1 created, 2 v3alpha start, 3 imported through the hooks, 4 this register.
      Reply registered = register(user.getToken(), user.getUserId());
      assertThat(sequenceOf(registered)).isEqualTo(4);
      // Refusals change nothing: a wrong code, a second register over a ready TOTP.
      assertInvalidCode(verify(user.getToken(), user.getUserId(), "000000x"));
      String code = JceTotp.totp(registered.text("secret"), NOW_S);
      assertThat(sequenceOf(verify(user.getToken(), user.getUserId(), code))).isEqualTo(5);
      assertThat(register(user.getToken(), user.getUserId()).status()).isEqualTo(409);
      assertThat(sequenceOf(remove(user.getToken(), user.getUserId()))).isEqualTo(6);
    }

    @Test
    void theOtpPolicyDoesNotApplyToTheV2Totp() {
      hooks.changePolicy(
          new OtpPolicyChange()
              .algorithm(HashAlgorithm.SHA256)
              .digits(8)
              .period(60)
              .issuer("Acme")
              .maxFailedAttempts(1)
              .pendingTtlSeconds(60));
      Pending pending = pending();
      assertThat(pending.registered().text("uri"))
          .contains("otpauth://totp/ZITADEL:")
          .contains("?algorithm=SHA1&digits=6&issuer=ZITADEL&period=30&secret=");
      // No lockout: three wrong codes against a policy that locks on one.
      for (int i = 0; i < 3; i++) {
        assertInvalidCode(verify(pending.token(), pending.id(), "000000"));
      }
      // No expiry: older than the policy's pending TTL, and the code of that moment still counts.
      hooks.advanceClock(Duration.ofSeconds(600));
      String code = JceTotp.totp(pending.secret(), NOW_S + 600);
      assertThat(verify(pending.token(), pending.id(), code).status()).isEqualTo(200);
    }

    @Test
    void aUserIdInTheBodyIsIgnoredAndUnknownFieldsToo() {
      CreatedUser user = hooks.createUser();
      CreatedUser other = hooks.createUser();
      Reply registered =
          register(
              user.getToken(),
              user.getUserId(),
              "{\"userId\":\"" + other.getUserId() + "\",\"unknown\":{\"x\":[1]}}");
      assertThat(registered.status()).as("%s", registered).isEqualTo(200);
      assertThat(registered.json().path("details").path("resourceOwner").asText())
          .isEqualTo(user.getOrgId());
      String code = JceTotp.totp(registered.text("secret"), NOW_S);
      Reply verified =
          verifyBody(
              user.getToken(),
              user.getUserId(),
              "{\"user_id\":\"" + other.getUserId() + "\",\"code\":\"" + code + "\",\"x\":1}");
      assertThat(verified.status()).as("the path's user: %s", verified).isEqualTo(200);
      assertDomainError(
          remove(other.getToken(), other.getUserId()), 404, 5, "COMMAND-Hd9sd", OTP_MISSING);
    }

    @Test
    void theCurrentCodeHookReachesTheV2Totp() {
      CreatedUser user = hooks.createUser();
      Reply none = http.hook("GET", "/users/" + user.getUserId() + "/totp/code", null);
      assertThat(none.status()).isEqualTo(404);
      Pending pending = pending();
      Reply code = http.hook("GET", "/users/" + pending.id() + "/totp/code", null);
      assertThat(code.status()).as("%s", code).isEqualTo(200);
      assertThat(code.text("code")).isEqualTo(pending.code());
      assertThat(verify(pending.token(), pending.id(), code.text("code")).status()).isEqualTo(200);
    }

    @Test
    void anEmptyRegisterBodyIsAnEmptyMessage() {
      CreatedUser user = hooks.createUser();
      assertThat(register(user.getToken(), user.getUserId(), null).status()).isEqualTo(200);
      CreatedUser second = hooks.createUser();
      assertThat(register(second.getToken(), second.getUserId(), "").status()).isEqualTo(200);
    }
  }

  @Test
  void hostileBodiesAreClientErrorsAndChangeNothing() throws Exception {
    Pending pending = pending();
    List<byte[]> bodies =
        List.of(
            "[".repeat(5000).getBytes(java.nio.charset.StandardCharsets.UTF_8),
            ("{\"code\":" + "[".repeat(3000) + "]".repeat(3000) + "}")
                .getBytes(java.nio.charset.StandardCharsets.UTF_8),
            new byte[] {'{', '"', 'c', 'o', 'd', 'e', '"', ':', '"', (byte) 0xC3, '"', '}'},
            "{\"code\":\"\u0000\"}".getBytes(java.nio.charset.StandardCharsets.UTF_8),
            "{\"code\":1e999999}".getBytes(java.nio.charset.StandardCharsets.UTF_8),
            "{\"code\":\"\\ud800\"}".getBytes(java.nio.charset.StandardCharsets.UTF_8),
            ("{\"code\":\"" + "9".repeat(100_000) + "\"}")
                .getBytes(java.nio.charset.StandardCharsets.UTF_8));
    java.net.http.HttpClient client = java.net.http.HttpClient.newHttpClient();
    String verifyPath = totpPath(pending.id()) + "/verify";
    for (String path : List.of(totpPath(pending.id()), verifyPath)) {
      // Register has no code field: a body that is a JSON object is a message to it.
      for (byte[] body : path.equals(verifyPath) ? bodies : bodies.subList(0, 3)) {
        java.net.http.HttpResponse<String> response =
            client.send(
                java.net.http.HttpRequest.newBuilder(java.net.URI.create(mock.baseUrl() + path))
                    .header("Content-Type", "application/json")
                    .header("Authorization", "Bearer " + pending.token())
                    .POST(java.net.http.HttpRequest.BodyPublishers.ofByteArray(body))
                    .build(),
                java.net.http.HttpResponse.BodyHandlers.ofString());
        Reply reply = new Reply(response.statusCode(), response.headers().map(), response.body());
        org.totpkit.mock.testing.RpcStatusAssertions.assertClientErrorShape(reply);
      }
    }
    assertThat(sequenceOf(verify(pending.token(), pending.id(), pending.code())))
        .as("still the pending TOTP of the fixture, nothing counted")
        .isEqualTo(3);
  }

  @Test
  void aStubOverAV2PathAnswersFirstAndTheContractTheRest() {
    com.github.tomakehurst.wiremock.client.WireMock wireMock =
        new com.github.tomakehurst.wiremock.client.WireMock("127.0.0.1", mock.server().port());
    var stub =
        wireMock.register(
            com.github.tomakehurst.wiremock.client.WireMock.post(
                    com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo(
                        "/v2/users/stubbed/totp"))
                .willReturn(
                    com.github.tomakehurst.wiremock.client.WireMock.aResponse()
                        .withStatus(503)
                        .withBody("down for maintenance")));
    try {
      Reply stubbed = register(null, "stubbed");
      assertThat(stubbed.status()).isEqualTo(503);
      assertThat(stubbed.body()).isEqualTo("down for maintenance");
      assertPlainError(register(null, "other"), 401, 16, "auth header missing");
    } finally {
      wireMock.removeStubMapping(stub);
    }
  }

  @Test
  void theJournalKeepsNoV2SecretCodeOrToken() {
    Pending pending = pending();
    String code = pending.code();
    // A body that does not parse still holds the code: a verify body is redacted whole.
    assertPlainError(
        verifyBody(pending.token(), pending.id(), "{\"code\":\"" + code + "\""), 400, 3);
    assertThat(verify(pending.token(), pending.id(), code).status()).isEqualTo(200);
    Reply journal = http.send("GET", "/__admin/requests", null);
    assertThat(journal.status()).isEqualTo(200);
    assertThat(journal.body())
        .contains("/v2/users/" + pending.id() + "/totp/verify")
        .doesNotContain(pending.secret())
        .doesNotContain(code)
        .doesNotContain(pending.token());
  }

  @Nested
  @DisplayName("REST's own rows: route, method, body")
  class RestRows {
    @ParameterizedTest
    @ValueSource(
        strings = {
          "/v2/users/1/totp/2",
          "/v2/users/1/otp",
          "/v2/users/1/totp/verify/x",
          "/v2/users/",
          "/v2/users/1",
          "/v2/users/1/",
          "/v2/users/1/totp/",
          "/v2/users/1/totpx",
          "/v2/users/1/totp/verif",
          "/v2/users/1/totp/verifyx",
          "/v2/users/1/totp//verify"
        })
    void anUnknownPathIs404(String path) {
      assertPlainError(http.send("POST", path, "{broken", headers(null)), 404, 5, "Not Found");
    }

    @Test
    void aKnownPathWithAnotherMethodIs405BeforeAnythingElse() {
      Reply reply = http.send("GET", "/v2/users/1/totp", null);
      assertPlainError(reply, 405, 12, "Method Not Allowed");
      assertThat(reply.header("Allow")).hasValue("POST, DELETE");
      Reply verify = http.send("DELETE", "/v2/users/1/totp/verify", "{broken");
      assertPlainError(verify, 405, 12, "Method Not Allowed");
      assertThat(verify.header("Allow")).hasValue("POST");
      assertPlainError(http.send("PUT", "/v2/users/1/totp", "{}"), 405, 12);
    }

    @ParameterizedTest
    @ValueSource(
        strings = {
          "{broken",
          "[]",
          "\"123456\"",
          "123456",
          "null",
          "{\"code\":123456}",
          "{\"code\":{}}",
          "{\"userId\":5}",
          "{\"code\":\"1\"} trailing"
        })
    void aVerifyBodyThatIsNotTheMessageIsADecodeErrorBeforeAuthentication(String body) {
      // No Authorization header at all: decoding comes first (400, not 401).
      assertPlainError(verifyBody(null, "1", body), 400, 3);
    }

    @ParameterizedTest
    @ValueSource(strings = {"{broken", "[]", "\"x\"", "null", "{\"user_id\":[]}"})
    void aRegisterBodyThatIsNotTheMessageIsADecodeError(String body) {
      assertPlainError(register(null, "1", body), 400, 3);
    }

    @Test
    void aCodeInARegisterBodyIsAnUnknownFieldAndIgnored() {
      CreatedUser user = hooks.createUser();
      Reply reply = register(user.getToken(), user.getUserId(), "{\"code\":[1,2]}");
      assertThat(reply.status()).as("%s", reply).isEqualTo(200);
    }

    @Test
    void aPercentEncodedUserIdNamesTheSameUser() {
      Pending pending = pending();
      StringBuilder encoded = new StringBuilder();
      for (char c : pending.id().toCharArray()) {
        encoded.append('%').append(String.format("%02X", (int) c));
      }
      String path = "/v2/users/" + encoded + "/totp/verify";

      Reply wrong = http.send("POST", path, "{\"code\":\"x\"}", headers(pending.token()));
      assertInvalidCode(wrong);
      Reply right =
          http.send(
              "POST", path, "{\"code\":\"" + pending.code() + "\"}", headers(pending.token()));
      assertThat(right.status()).as("%s", right).isEqualTo(200);
    }

    @Test
    void removeHasNoBodyToDecode() {
      Pending pending = pending();
      Reply removed =
          http.send("DELETE", totpPath(pending.id()), "{broken", headers(pending.token()));
      assertThat(removed.status()).as("%s", removed).isEqualTo(200);
    }
  }

  @Nested
  @DisplayName("authentication, as v3alpha's rows 4 to 6")
  class Authentication {
    @Test
    void noHeaderIsUnauthenticatedWithoutDetail() {
      Reply reply = register(null, "1");
      assertPlainError(reply, 401, 16, "auth header missing");
      assertThat(reply.header("WWW-Authenticate")).hasValue("auth header missing");
    }

    @Test
    void aHeaderWithoutBearerAndAnUnknownToken() {
      assertDomainError(
          http.send("DELETE", totpPath("1"), null, "Authorization", "Basic dXNlcjpwYXNz"),
          401,
          16,
          "AUTH-toLo1",
          "invalid auth header");
      assertDomainError(
          verify("no-such-token", "1", "123456"), 401, 16, "AUTH-7fs1e", "Errors.Token.Invalid");
    }

    /**
     * Callers take turns on one kept-alive connection (as a proxy's or the kit's do): each request
     * is judged by its own Authorization header, whatever the one before it carried.
     */
    @Test
    void onOneKeptAliveConnectionEachRequestIsItsOwnCaller() throws Exception {
      Pending a = pending();
      Pending b = pending();
      String wrong = "{\"code\":\"x\"}";
      URI base = URI.create(mock.baseUrl());
      try (Socket socket = new Socket(base.getHost(), base.getPort())) {
        socket.setSoTimeout(20_000);
        OutputStream out = socket.getOutputStream();
        InputStream in = new BufferedInputStream(socket.getInputStream());

        assertThat(exchange(out, in, a.id(), "Bearer " + a.token(), wrong))
            .startsWith("400 ")
            .contains("EVENT-8isk2");
        assertThat(exchange(out, in, a.id(), "Bearer " + b.token(), wrong))
            .startsWith("404 ")
            .contains("AUTHZ-cdgFk");
        assertThat(exchange(out, in, a.id(), "bearer " + a.token(), wrong))
            .startsWith("401 ")
            .contains("AUTH-toLo1");
        assertThat(exchange(out, in, a.id(), "Bearer no-such-token", wrong))
            .startsWith("401 ")
            .contains("AUTH-7fs1e");
        assertThat(exchange(out, in, a.id(), "Bearer " + a.token(), code(a))).startsWith("200 ");
        assertThat(exchange(out, in, b.id(), "Bearer " + b.token(), code(b))).startsWith("200 ");
      }
    }

    private String code(Pending pending) {
      return "{\"code\":\"" + pending.code() + "\"}";
    }

    /** One verify on the open connection: the answer's status and body, as "STATUS BODY". */
    private String exchange(
        OutputStream out, InputStream in, String userId, String authorization, String body)
        throws IOException {
      byte[] content = body.getBytes(StandardCharsets.UTF_8);
      String head =
          "POST "
              + totpPath(userId)
              + "/verify HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n"
              + "Authorization: "
              + authorization
              + "\r\nContent-Length: "
              + content.length
              + "\r\n\r\n";
      out.write(head.getBytes(StandardCharsets.US_ASCII));
      out.write(content);
      out.flush();
      String status = line(in).split(" ")[1];
      int length = -1;
      for (String header = line(in); !header.isEmpty(); header = line(in)) {
        if (header.toLowerCase(Locale.ROOT).startsWith("content-length:")) {
          length = Integer.parseInt(header.substring("content-length:".length()).trim());
        }
      }
      assertThat(length).as("a Content-Length on a kept-alive connection").isNotNegative();
      return status + " " + new String(in.readNBytes(length), StandardCharsets.UTF_8);
    }

    private String line(InputStream in) throws IOException {
      StringBuilder line = new StringBuilder();
      for (int c = in.read(); c != '\n'; c = in.read()) {
        assertThat(c).as("the connection stays open").isNotNegative();
        if (c != '\r') {
          line.append((char) c);
        }
      }
      return line.toString();
    }

    @Test
    void authenticationComesBeforeFieldRules() {
      assertPlainError(verify(null, "x".repeat(201), ""), 401, 16, "auth header missing");
    }
  }

  @Nested
  @DisplayName("field rules: user id and code 1..200 runes")
  class FieldRules {
    @Test
    void theUserIdIsOneTo200Runes() {
      String token = hooks.createUser().getToken();
      assertPlainError(
          register(token, "x".repeat(201)),
          400,
          3,
          "invalid RegisterTOTPRequest.UserId: value length must be between 1 and 200 runes,"
              + " inclusive");
      assertPlainError(
          remove(token, ""),
          400,
          3,
          "invalid RemoveTOTPRequest.UserId: value length must be between 1 and 200 runes,"
              + " inclusive");
      // 200 runes in 400 UTF-16 units passes the rule and reaches the user check.
      assertDomainError(
          register(token, "\uD83D\uDE00".repeat(200)), 400, 9, "COMMAND-SqyJz", USER_NOT_FOUND);
    }

    @Test
    void theCodeIsOneTo200RunesAndAMissingCodeIsEmpty() {
      Pending pending = pending();
      String rule =
          "invalid VerifyTOTPRegistrationRequest.Code: value length must be between 1 and 200"
              + " runes, inclusive";
      assertPlainError(verify(pending.token(), pending.id(), ""), 400, 3, rule);
      assertPlainError(verify(pending.token(), pending.id(), "1".repeat(201)), 400, 3, rule);
      assertPlainError(verifyBody(pending.token(), pending.id(), "{}"), 400, 3, rule);
      assertPlainError(verifyBody(pending.token(), pending.id(), null), 400, 3, rule);
      assertPlainError(verifyBody(pending.token(), pending.id(), "{\"code\":null}"), 400, 3, rule);
      // The field rule comes before the user: an unknown user with a bad code is the rule.
      assertPlainError(verify(pending.token(), "no-such-user", ""), 400, 3, rule);
      // 200 runes is a length the rule takes; as a code it is wrong.
      assertInvalidCode(verify(pending.token(), pending.id(), "1".repeat(200)));
    }
  }

  @Nested
  @DisplayName("register: user, permission or membership, state")
  class Register {
    @Test
    void anUnknownUserIs400Over9BeforeThePermission() {
      String stranger = hooks.createUser().getToken();
      assertDomainError(
          register(stranger, "no-such-user"), 400, 9, "COMMAND-SqyJz", USER_NOT_FOUND);
    }

    @Test
    void aMemberWithoutThePermissionIs403AndNoMembershipIs404() {
      CreatedUser user = hooks.createUser();
      String orgId = user.getOrgId();
      for (String token :
          List.of(
              member(orgId),
              member(orgId, Permission.USER_WRITE),
              member("another-org", Permission.USER_CREDENTIAL_WRITE))) {
        assertDomainError(register(token, user.getUserId()), 403, 7, "AUTH-AWfge", NO_PERMISSION);
      }
      CreatedUser neighbour =
          hooks.createUser(new org.totpkit.contract.hooks.model.CreateUserRequest().orgId(orgId));
      assertDomainError(
          register(neighbour.getToken(), user.getUserId()),
          404,
          5,
          "AUTHZ-cdgFk",
          "membership not found");
    }

    @Test
    void theUserOrAHolderOfUserCredentialWriteMayRegister() {
      CreatedUser user = hooks.createUser();
      assertThat(
              register(member(user.getOrgId(), Permission.USER_CREDENTIAL_WRITE), user.getUserId())
                  .status())
          .isEqualTo(200);
    }

    @Test
    void aPendingTotpIsReplacedAndItsSecretStopsVerifying() {
      Pending first = pending();
      Reply again = register(first.token(), first.id());
      assertThat(again.status()).as("%s", again).isEqualTo(200);
      assertThat(again.text("secret")).isNotEqualTo(first.secret());
      assertThat(sequenceOf(again)).isEqualTo(3);
      assertInvalidCode(verify(first.token(), first.id(), first.code()));
      String code = JceTotp.totp(again.text("secret"), NOW_S);
      assertThat(verify(first.token(), first.id(), code).status()).isEqualTo(200);
    }

    @Test
    void aReadyTotpIs409AndStaysReady() {
      Pending ready = ready();
      assertDomainError(register(ready.token(), ready.id()), 409, 6, "COMMAND-do9se", OTP_SET_UP);
      assertRpcStatus(verify(ready.token(), ready.id(), ready.code()), 400, 9);
    }

    @Test
    void aPermissionProblemComesBeforeTheReadyState() {
      Pending ready = ready();
      assertDomainError(
          register(member(ready.user().getOrgId()), ready.id()),
          403,
          7,
          "AUTH-AWfge",
          NO_PERMISSION);
    }
  }

  @Nested
  @DisplayName("verify: user, permission or membership, state, code")
  class Verify {
    @Test
    void anUnknownUserIs404BeforeThePermission() {
      String stranger = hooks.createUser().getToken();
      assertDomainError(
          verify(stranger, "no-such-user", "123456"), 404, 5, "COMMAND-4g3xq", USER_NOT_FOUND);
    }

    @Test
    void thePermissionComesBeforeTheStateOfTheTotp() {
      CreatedUser withoutTotp = hooks.createUser();
      assertDomainError(
          verify(hooks.createUser().getToken(), withoutTotp.getUserId(), "123456"),
          404,
          5,
          "AUTHZ-cdgFk",
          "membership not found");
      assertDomainError(
          verify(member(withoutTotp.getOrgId()), withoutTotp.getUserId(), "123456"),
          403,
          7,
          "AUTH-AWfge",
          NO_PERMISSION);
    }

    @Test
    void noTotpIs404AndAV3alphaRegistrationIsNotAdopted() {
      CreatedUser user = hooks.createUser();
      assertDomainError(
          verify(user.getToken(), user.getUserId(), "123456"),
          404,
          5,
          "COMMAND-3Mif9s",
          OTP_MISSING);
      Reply started = http.start(user.getToken(), user.getUserId());
      String code = JceTotp.totp(started.text("secret"), NOW_S);
      assertDomainError(
          verify(user.getToken(), user.getUserId(), code), 404, 5, "COMMAND-3Mif9s", OTP_MISSING);
    }

    @Test
    void aReadyTotpIs400Over9WithUpstreamsRawKey() {
      Pending ready = ready();
      assertDomainError(
          verify(ready.token(), ready.id(), ready.code()),
          400,
          9,
          "COMMAND-qx4ls",
          "Errors.Users.MFA.OTP.AlreadyReady");
    }

    @ParameterizedTest
    @ValueSource(
        strings = {"123", "1234567", "12345 6", "abcdef", "\u0661\u0662\u0663\u0664\u0665\u0666"})
    void anyLengthButSixOrANonDigitIsAWrongCode(String code) {
      Pending pending = pending();
      assertInvalidCode(verify(pending.token(), pending.id(), code));
      assertThat(verify(pending.token(), pending.id(), pending.code()).status())
          .as("nothing counted, no lock")
          .isEqualTo(200);
    }

    @ParameterizedTest
    @ValueSource(strings = {" %s", "%s ", "\t%s\n", "\u00a0%s\u3000", "\r\n %s \u2028"})
    void surroundingWhitespaceIsTrimmed(String shape) {
      Pending pending = pending();
      Reply verified = verify(pending.token(), pending.id(), shape.formatted(pending.code()));
      assertThat(verified.status()).as("%s", verified).isEqualTo(200);
    }

    @Test
    void theWindowIsOneStepEitherSide() {
      Pending pending = pending();
      String twoBack = JceTotp.totp("SHA1", JceTotp.base32(pending.secret()), NOW_S, 30, 6, -2);
      String oneBack = JceTotp.totp("SHA1", JceTotp.base32(pending.secret()), NOW_S, 30, 6, -1);
      if (!twoBack.equals(oneBack) && !twoBack.equals(pending.code())) {
        assertInvalidCode(verify(pending.token(), pending.id(), twoBack));
      }
      assertThat(verify(pending.token(), pending.id(), oneBack).status()).isEqualTo(200);
    }

    @Test
    void exactlyOneOfManySimultaneousRightCodesVerifies() throws Exception {
      Pending pending = pending();
      int threads = 16;
      ExecutorService pool = Executors.newFixedThreadPool(threads);
      try {
        CountDownLatch go = new CountDownLatch(1);
        List<Future<Reply>> replies = new ArrayList<>();
        for (int i = 0; i < threads; i++) {
          replies.add(
              pool.submit(
                  () -> {
                    go.await();
                    return verify(pending.token(), pending.id(), pending.code());
                  }));
        }
        go.countDown();
        int ok = 0;
        for (Future<Reply> reply : replies) {
          Reply answer = reply.get(60, TimeUnit.SECONDS);
          if (answer.status() == 200) {
            ok++;
            assertThat(sequenceOf(answer)).isEqualTo(3);
          } else {
            assertDomainError(answer, 400, 9, "COMMAND-qx4ls", "Errors.Users.MFA.OTP.AlreadyReady");
          }
        }
        assertThat(ok).as("successes").isEqualTo(1);
      } finally {
        pool.shutdownNow();
      }
    }
  }

  @Nested
  @DisplayName("remove: the TOTP first, then user.write")
  class Remove {
    @Test
    void noTotpOrAnUnknownUserIs404BeforeThePermission() {
      String stranger = hooks.createUser().getToken();
      assertDomainError(remove(stranger, "no-such-user"), 404, 5, "COMMAND-Hd9sd", OTP_MISSING);
      CreatedUser withoutTotp = hooks.createUser();
      assertDomainError(
          remove(stranger, withoutTotp.getUserId()), 404, 5, "COMMAND-Hd9sd", OTP_MISSING);
    }

    @Test
    void thenTheCallerNeedsUserWrite() {
      Pending pending = pending();
      assertDomainError(
          remove(hooks.createUser().getToken(), pending.id()),
          404,
          5,
          "AUTHZ-cdgFk",
          "membership not found");
      String orgId = pending.user().getOrgId();
      assertDomainError(
          remove(member(orgId, Permission.USER_CREDENTIAL_WRITE), pending.id()),
          403,
          7,
          "AUTH-AWfge",
          NO_PERMISSION);
      assertThat(remove(member(orgId, Permission.USER_WRITE), pending.id()).status())
          .isEqualTo(200);
    }

    @Test
    void removesAReadyTotpAndAfterwardsThereIsNone() {
      Pending ready = ready();
      assertThat(remove(ready.token(), ready.id()).status()).isEqualTo(200);
      assertDomainError(remove(ready.token(), ready.id()), 404, 5, "COMMAND-Hd9sd", OTP_MISSING);
      assertDomainError(
          verify(ready.token(), ready.id(), ready.code()), 404, 5, "COMMAND-3Mif9s", OTP_MISSING);
      assertThat(register(ready.token(), ready.id()).status())
          .as("a new TOTP after removal")
          .isEqualTo(200);
    }

    @Test
    void aV3alphaRemoveOfTheV2RegistrationLeavesNone() {
      // The v2 TOTP is a registration like any other; its id is not in v2's answers, but the
      // v3alpha start of a second registration does not make it the v2 one either.
      Pending pending = pending();
      assertThat(http.start(pending.token(), pending.id()).status()).isEqualTo(200);
      assertThat(remove(pending.token(), pending.id()).status()).isEqualTo(200);
      assertDomainError(
          remove(pending.token(), pending.id()), 404, 5, "COMMAND-Hd9sd", OTP_MISSING);
    }
  }
}
