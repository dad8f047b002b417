package org.totpkit.mock.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.totpkit.mock.testing.RawHttp.USERS;
import static org.totpkit.mock.testing.RpcStatusAssertions.assertClientErrorShape;
import static org.totpkit.mock.testing.RpcStatusAssertions.assertDomainError;
import static org.totpkit.mock.testing.RpcStatusAssertions.assertInvalidCode;
import static org.totpkit.mock.testing.RpcStatusAssertions.assertPlainError;

import java.time.Instant;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.totpkit.contract.hooks.model.CreateUserRequest;
import org.totpkit.contract.hooks.model.CreatedUser;
import org.totpkit.contract.hooks.model.OtpPolicyChange;
import org.totpkit.contract.hooks.model.Permission;
import org.totpkit.mock.junit.HooksClient;
import org.totpkit.mock.junit.TotpMockServerExtension;
import org.totpkit.mock.testing.PendingRegistration;
import org.totpkit.mock.testing.RawHttp;
import org.totpkit.mock.testing.Reply;
import org.totpkit.mock.testing.ResetAfterEach;
import org.totpkit.mock.testing.TestEngine;

/**
 * Every row of the error table (contract/v3alpha.md section 3) through HTTP, and the order of the
 * rows.
 */
class ErrorTableHttpTest {
  @RegisterExtension static TotpMockServerExtension mock = TestEngine.onFreePort();
  @RegisterExtension static ResetAfterEach reset = new ResetAfterEach(mock);

  static final Instant NOW = Instant.parse("2030-01-01T00:00:10.250Z");
  static final long NOW_S = NOW.getEpochSecond();

  /** An error that has an ID: its ErrorDetail's id and message. */
  record IdentifiedError(String id, String text) {}

  static final IdentifiedError NOT_BEARER =
      new IdentifiedError("AUTH-toLo1", "invalid auth header");
  static final IdentifiedError UNKNOWN_TOKEN =
      new IdentifiedError("AUTH-7fs1e", "Errors.Token.Invalid");
  static final String NOT_FOUND_USER = "COMMAND-4g3xq";
  static final String USER_NOT_FOUND = "User could not be found";
  static final String NO_PERMISSION = "No matching permissions found";
  static final String OTP_MISSING = "Multifactor OTP (OneTimePassword) doesn't exist";
  static final String CODE_LENGTH =
      "invalid VerifyTOTPRegistrationRequest.Code: value length must be between 6 and 9 runes, inclusive";

  final HooksClient hooks = mock.hooks();
  final RawHttp api = new RawHttp(mock.baseUrl());

  @BeforeEach
  void freezeTime() {
    hooks.freezeClock(NOW);
  }

  PendingRegistration pending() {
    return PendingRegistration.start(hooks, api);
  }

  /** A registration that one counted failure would lock: proof that a refusal was not counted. */
  PendingRegistration pendingThatLocksOnOneFailure() {
    hooks.changePolicy(new OtpPolicyChange().maxFailedAttempts(1));
    return pending();
  }

  void assertStillVerifies(PendingRegistration registration) {
    Reply verified = registration.verify(api, registration.codeAt(NOW_S));
    assertThat(verified.status()).as("the registration is unchanged: %s", verified).isEqualTo(200);
  }

  static String idOf(int runes, String unit) {
    return unit.repeat(runes);
  }

  @Nested
  @DisplayName("row 1: no route")
  class NoRoute {
    @ParameterizedTest
    @ValueSource(
        strings = {
          "/",
          "/resources",
          "/resources/v3alpha/users",
          "/resources/v3alpha/users/1",
          "/resources/v3alpha/users/1/otp",
          "/resources/v3alpha/users/1/TOTP",
          "/resources/v3alpha/users/1/totp/2/verify",
          "/resources/v3alpha/users/1/totp/2/3",
          "/resources/v3alpha/users/1/totp/2/_verify/3",
          "/resources/v2/users/1/totp",
          // v2's routes are served since the v2 dialect; these paths are near them and not.
          "/v2/users/1/otp",
          "/v2/users/1/totp/verify/2",
          "/v2/users/1/totp/2",
          "/v2/users/1",
          "/RESOURCES/v3alpha/users/1/totp"
        })
    void answers404WithoutLookingAtAuthOrBody(String path) {
      for (String method : new String[] {"POST", "DELETE", "GET"}) {
        Reply reply = api.send(method, path, "{broken");
        assertPlainError(reply, 404, 5, "Not Found");
      }
    }
  }

  @Nested
  @DisplayName("row 2: known path, wrong method")
  class WrongMethod {
    @ParameterizedTest
    @CsvSource({
      "GET, /1/totp, POST",
      "PUT, /1/totp, POST",
      "PATCH, /1/totp, POST",
      "DELETE, /1/totp, POST",
      "OPTIONS, /1/totp, POST",
      "GET, /1/totp/2/_verify, POST",
      "PUT, /1/totp/2/_verify, POST",
      "DELETE, /1/totp/2/_verify, POST",
      "GET, /1/totp/2, DELETE",
      "POST, /1/totp/2, DELETE",
      "PUT, /1/totp/2, DELETE",
      "PATCH, /1/totp/2, DELETE"
    })
    void answers405WithAllowBeforeBodyAndAuth(String method, String path, String allowed) {
      Reply reply = api.send(method, USERS.substring(0, USERS.length() - 1) + path, "{broken");
      assertPlainError(reply, 405, 12, "Method Not Allowed");
      assertThat(reply.header("Allow")).hasValue(allowed);
    }

    @Test
    void headIsAWrongMethodToo() {
      Reply reply = api.send("HEAD", USERS + "1/totp", null);
      assertThat(reply.status()).isEqualTo(405);
      assertThat(reply.header("Allow")).hasValue("POST");
    }
  }

  @Nested
  @DisplayName("row 3: verify body is not a JSON string")
  class UndecodableBody {
    @ParameterizedTest
    @ValueSource(
        strings = {
          "123456",
          "{\"code\":\"123456\"}",
          "null",
          "[]",
          "[\"123456\"]",
          "true",
          "\"123456",
          "{",
          "'123456'",
          "123456\"",
          "0123456"
        })
    void isRefusedBeforeAuthAndNotCounted(String body) {
      PendingRegistration registration = pendingThatLocksOnOneFailure();

      Reply withoutAuth = api.verify(null, registration.userId(), registration.totpId(), body);
      assertPlainError(withoutAuth, 400, 3);
      Reply unknownToken = api.verify("nope", registration.userId(), registration.totpId(), body);
      assertPlainError(unknownToken, 400, 3);
      Reply asTheUser =
          api.verify(registration.token(), registration.userId(), registration.totpId(), body);
      assertPlainError(asTheUser, 400, 3);

      assertStillVerifies(registration);
    }

    @Test
    void evenForAnUnknownUserOrRegistration() {
      Reply reply = api.verify("nope", "no-such-user", "no-such-totp", "123456");
      assertPlainError(reply, 400, 3);
    }
  }

  @Nested
  @DisplayName("rows 4 to 6: authentication")
  class Authentication {
    @Test
    void missingHeaderIs401OnAllThreeOperations() {
      PendingRegistration r = pending();
      String code = r.codeAt(NOW_S);
      assertUnauthenticated(api.start(null, r.userId()), "auth header missing");
      assertUnauthenticated(
          api.verifyCode(null, r.userId(), r.totpId(), code), "auth header missing");
      assertUnauthenticated(api.remove(null, r.userId(), r.totpId()), "auth header missing");
      assertStillVerifies(r);
    }

    @Test
    void headerWithoutTheBearerPrefixIs401ToLo1() {
      PendingRegistration r = pending();
      for (String header :
          new String[] {
            "Basic dXNlcjpwYXNz",
            "Token abc",
            "Bearer",
            "Bearer ",
            "Bearerabc",
            r.token(),
            "Bearer:" + r.token(),
            // The prefix is case-sensitive, as upstream checks it.
            "bearer " + r.token(),
            "BEARER " + r.token()
          }) {
        Reply start =
            api.send("POST", RawHttp.startPath(r.userId()), null, "Authorization", header);
        assertUnauthenticated(start, NOT_BEARER);
        Reply verify =
            api.send(
                "POST",
                RawHttp.registrationPath(r.userId(), r.totpId()) + "/_verify",
                RawHttp.jsonString(r.codeAt(NOW_S)),
                "Authorization",
                header);
        assertUnauthenticated(verify, NOT_BEARER);
        Reply remove =
            api.send(
                "DELETE",
                RawHttp.registrationPath(r.userId(), r.totpId()),
                null,
                "Authorization",
                header);
        assertUnauthenticated(remove, NOT_BEARER);
      }
      assertStillVerifies(r);
    }

    @Test
    void unknownTokenIs401Token7fs1e() {
      PendingRegistration r = pending();
      // " " + token: the header is "Bearer  <token>", and the token is everything after "Bearer ".
      for (String token :
          new String[] {"nope", r.token() + "x", r.token().substring(1), " " + r.token()}) {
        assertUnauthenticated(api.start(token, r.userId()), UNKNOWN_TOKEN);
        assertUnauthenticated(
            api.verifyCode(token, r.userId(), r.totpId(), r.codeAt(NOW_S)), UNKNOWN_TOKEN);
        assertUnauthenticated(api.remove(token, r.userId(), r.totpId()), UNKNOWN_TOKEN);
      }
      assertStillVerifies(r);
    }

    @Test
    void authComesBeforeFieldValidation() {
      PendingRegistration r = pending();
      assertUnauthenticated(api.verifyCode("nope", r.userId(), r.totpId(), "12345"), UNKNOWN_TOKEN);
      assertUnauthenticated(api.start(null, "x".repeat(201)), "auth header missing");
      assertUnauthenticated(
          api.send("POST", RawHttp.startPath("x".repeat(201)), null, "Authorization", "Basic x"),
          NOT_BEARER);
    }

    /** Row 4: no ID, so no details. */
    void assertUnauthenticated(Reply reply, String message) {
      assertPlainError(reply, 401, 16, message);
      assertThat(reply.header("WWW-Authenticate"))
          .as("WWW-Authenticate of %s", reply)
          .hasValue(message);
    }

    /** Rows 5 and 6 have an ID, so they carry exactly one ErrorDetail. */
    void assertUnauthenticated(Reply reply, IdentifiedError error) {
      assertDomainError(reply, 401, 16, error.id(), error.text());
      assertThat(reply.header("WWW-Authenticate"))
          .as("WWW-Authenticate of %s", reply)
          .hasValue(error.text() + " (" + error.id() + ")");
    }
  }

  @Nested
  @DisplayName("row 7: field lengths")
  class FieldLengths {
    @Test
    void idOutside1To200RunesOnStart() {
      CreatedUser caller = hooks.createUser();
      String message =
          "invalid StartTOTPRegistrationRequest.Id: value length must be between 1 and 200 runes, inclusive";
      assertPlainError(api.start(caller.getToken(), "x".repeat(201)), 400, 3, message);
      assertPlainError(api.start(caller.getToken(), ""), 400, 3, message);
      assertPlainError(api.start(caller.getToken(), idOf(201, "\uD83D\uDE00")), 400, 3, message);
      // 200 runes pass validation even when they are 400 UTF-16 units; then the user is unknown.
      assertDomainError(
          api.start(caller.getToken(), "x".repeat(200)), 404, 5, NOT_FOUND_USER, USER_NOT_FOUND);
      assertDomainError(
          api.start(caller.getToken(), idOf(200, "\uD83D\uDE00")),
          404,
          5,
          NOT_FOUND_USER,
          USER_NOT_FOUND);
      assertDomainError(
          api.start(caller.getToken(), idOf(200, "\u00e9")),
          404,
          5,
          NOT_FOUND_USER,
          USER_NOT_FOUND);
    }

    @Test
    void idAndTotpIdOnVerifyAndRemove() {
      PendingRegistration r = pending();
      String longId = "1".repeat(201);
      String code = RawHttp.jsonString(r.codeAt(NOW_S));
      assertPlainError(
          api.verify(r.token(), longId, r.totpId(), code),
          400,
          3,
          "invalid VerifyTOTPRegistrationRequest.Id: value length must be between 1 and 200 runes, inclusive");
      assertPlainError(
          api.verify(r.token(), r.userId(), longId, code),
          400,
          3,
          "invalid VerifyTOTPRegistrationRequest.TotpId: value length must be between 1 and 200 runes, inclusive");
      assertPlainError(
          api.remove(r.token(), longId, r.totpId()),
          400,
          3,
          "invalid RemoveTOTPAuthenticatorRequest.Id: value length must be between 1 and 200 runes, inclusive");
      String removeTotpId =
          "invalid RemoveTOTPAuthenticatorRequest.TotpId: value length must be between 1 and 200 runes, inclusive";
      assertPlainError(api.remove(r.token(), r.userId(), longId), 400, 3, removeTotpId);
      assertPlainError(api.remove(r.token(), r.userId(), ""), 400, 3, removeTotpId);
      assertStillVerifies(r);
    }

    @Test
    void fieldsAreCheckedInProtoOrderIdTotpIdCode() {
      PendingRegistration r = pending();
      String longId = "1".repeat(201);
      assertThat(api.verify(r.token(), longId, longId, "\"1\"").text("message"))
          .startsWith("invalid VerifyTOTPRegistrationRequest.Id:");
      assertThat(api.verify(r.token(), r.userId(), longId, "\"1\"").text("message"))
          .startsWith("invalid VerifyTOTPRegistrationRequest.TotpId:");
    }

    @ParameterizedTest
    @ValueSource(
        strings = {
          "",
          "1",
          "12345",
          "1234567890",
          "\u0661\u0662\u0663\u0664\u0665",
          "\uFF11\uFF12\uFF13\uFF14\uFF15\uFF16\uFF17\uFF18\uFF19\uFF10",
          "\uD83D\uDE00\uD83D\uDE00\uD83D\uDE00"
        })
    void codeOutside6To9RunesIsRefusedAndNotCounted(String code) {
      PendingRegistration r = pendingThatLocksOnOneFailure();
      assertPlainError(r.verify(api, code), 400, 3, CODE_LENGTH);
      assertStillVerifies(r);
    }

    @Test
    void emptyOrBlankBodyIsAnEmptyCode() {
      PendingRegistration r = pending();
      assertPlainError(api.verify(r.token(), r.userId(), r.totpId(), null), 400, 3, CODE_LENGTH);
      assertPlainError(api.verify(r.token(), r.userId(), r.totpId(), ""), 400, 3, CODE_LENGTH);
      assertPlainError(api.verify(r.token(), r.userId(), r.totpId(), " \n"), 400, 3, CODE_LENGTH);
      assertStillVerifies(r);
    }

    @Test
    void runesNotBytesOrUtf16UnitsAreCounted() {
      PendingRegistration r = pending();
      // 6 emoji are 12 UTF-16 units and 24 bytes, 9 full-width digits 27 bytes: both in range.
      assertInvalidCode(r.verify(api, "\uD83D\uDE00".repeat(6)));
      assertInvalidCode(r.verify(api, "\uFF11".repeat(9)));
      assertStillVerifies(r);
    }

    @Test
    void validationComesBeforeScopeUserAndPermission() {
      PendingRegistration r = pending();
      String noPermission = hooks.createToken(r.orgId());
      assertPlainError(r.verifyAs(api, noPermission, "12345"), 400, 3, CODE_LENGTH);
      assertPlainError(
          api.verify(r.token(), r.userId(), r.totpId(), "\"12345\"", "?instance.id=elsewhere"),
          400,
          3,
          CODE_LENGTH);
      assertPlainError(
          api.verify(r.token(), "no-such-user", r.totpId(), "\"12345\""), 400, 3, CODE_LENGTH);
    }
  }

  @Nested
  @DisplayName("row 8: instance and organization scope")
  class Scope {
    @ParameterizedTest
    @ValueSource(
        strings = {
          "?instance.id=another-instance",
          "?instance.domain=another.example",
          "?organization.orgId=999",
          "?organization.org_id=999",
          "?organization.orgDomain=another.example",
          "?organization.org_domain=another.example",
          "?organization.orgId=999&organization.org_id=",
        })
    void anotherInstanceOrOrganizationIsNotFoundOnAllThreeOperations(String query) {
      PendingRegistration r = pending();
      assertPlainError(api.start(r.token(), r.userId(), query), 404, 5, "not found");
      assertPlainError(
          api.verify(r.token(), r.userId(), r.totpId(), RawHttp.jsonString(r.codeAt(NOW_S)), query),
          404,
          5,
          "not found");
      assertPlainError(api.remove(r.token(), r.userId(), r.totpId(), query), 404, 5, "not found");
      assertStillVerifies(r);
    }

    @ParameterizedTest
    @ValueSource(
        strings = {
          "instance.id=reference-instance&instance.id=another-instance",
          "instance.domain=localhost&instance.domain=localhost",
          "organization.orgId={org}&organization.orgId=999",
          "organization.org_id=999&organization.org_id={org}",
          "organization.orgDomain=&organization.orgDomain=another.example",
          "organization.org_domain=a&organization.org_domain=b",
        })
    void aRepeatedScopeParameterIsA400BeforeAuth(String query) {
      // grpc-gateway: "too many values" for a singular field; never first or last one wins.
      PendingRegistration r = pending();
      String q = "?" + query.replace("{org}", r.orgId());
      Reply start = api.start(r.token(), r.userId(), q);
      assertPlainError(start, 400, 3);
      assertThat(start.text("message")).startsWith("too many values for query parameter ");
      assertPlainError(api.start(null, r.userId(), q), 400, 3);
      String wrong = RawHttp.jsonString(r.wrongCodeAt(NOW_S));
      for (int i = 0; i < 3; i++) {
        assertPlainError(api.verify(r.token(), r.userId(), r.totpId(), wrong, q), 400, 3);
      }
      assertPlainError(api.remove(r.token(), r.userId(), r.totpId(), q), 400, 3);
      // A broken body still answers first (row 3).
      assertThat(api.verify(r.token(), r.userId(), r.totpId(), "{", q).text("message"))
          .doesNotStartWith("too many values");
      assertStillVerifies(r);
    }

    @Test
    void theUsersOwnOrganizationPasses() {
      PendingRegistration r = pending();
      assertThat(api.start(r.token(), r.userId(), "?organization.orgId=" + r.orgId()).status())
          .isEqualTo(200);
      assertThat(api.start(r.token(), r.userId(), "?organization.org_id=" + r.orgId()).status())
          .isEqualTo(200);
      // An empty value is the protobuf default: not given.
      assertThat(api.start(r.token(), r.userId(), "?organization.orgId=").status()).isEqualTo(200);
      Reply verified =
          api.verify(
              r.token(),
              r.userId(),
              r.totpId(),
              RawHttp.jsonString(r.codeAt(NOW_S)),
              "?organization.orgId=" + r.orgId());
      assertThat(verified.status()).as("%s", verified).isEqualTo(200);
      Reply removed =
          api.remove(r.token(), r.userId(), r.totpId(), "?organization.org_id=" + r.orgId());
      assertThat(removed.status()).as("%s", removed).isEqualTo(200);
    }

    @Test
    void theOrganizationOfAnotherExistingUserIsStillNotTheUsers() {
      PendingRegistration r = pending();
      CreatedUser elsewhere = hooks.createUser();
      assertPlainError(
          api.start(r.token(), r.userId(), "?organization.orgId=" + elsewhere.getOrgId()),
          404,
          5,
          "not found");
    }

    @Test
    void theInstanceTheRequestIsAddressedToPasses() {
      PendingRegistration r = pending();
      String host = java.net.URI.create(mock.baseUrl()).getHost();
      assertThat(api.start(r.token(), r.userId(), "?instance.domain=" + host).status())
          .isEqualTo(200);
    }

    @Test
    void scopeComesBeforeUserAndPermission() {
      PendingRegistration r = pending();
      // Another instance is not found even for an unknown user, and without permission.
      assertPlainError(
          api.start(r.token(), "no-such-user", "?instance.id=another-instance"),
          404,
          5,
          "not found");
      String noPermission = hooks.createToken(r.orgId());
      assertPlainError(
          api.start(noPermission, r.userId(), "?organization.orgId=999"), 404, 5, "not found");
      assertPlainError(
          api.remove(noPermission, r.userId(), "no-such-totp", "?organization.orgId=999"),
          404,
          5,
          "not found");
    }
  }

  @Nested
  @DisplayName("row 9: unknown user")
  class UnknownUser {
    @Test
    void isNotFoundOnAllThreeOperations() {
      CreatedUser caller = hooks.createUser();
      String t = caller.getToken();
      assertDomainError(api.start(t, "404404404"), 404, 5, NOT_FOUND_USER, USER_NOT_FOUND);
      assertDomainError(
          api.verifyCode(t, "404404404", "1", "123456"), 404, 5, NOT_FOUND_USER, USER_NOT_FOUND);
      assertDomainError(api.remove(t, "404404404", "1"), 404, 5, NOT_FOUND_USER, USER_NOT_FOUND);
    }

    @Test
    void comesBeforePermission() {
      CreatedUser user = hooks.createUser();
      String noPermission = hooks.createToken(user.getOrgId());
      assertDomainError(
          api.start(noPermission, "404404404"), 404, 5, NOT_FOUND_USER, USER_NOT_FOUND);
      assertDomainError(
          api.verifyCode(noPermission, "404404404", "1", "123456"),
          404,
          5,
          NOT_FOUND_USER,
          USER_NOT_FOUND);
      assertDomainError(
          api.remove(noPermission, "404404404", "1"), 404, 5, NOT_FOUND_USER, USER_NOT_FOUND);
    }
  }

  @Nested
  @DisplayName("row 10: permission")
  class PermissionChecks {
    PendingRegistration r;
    String none;
    String userWrite;
    String credentialWrite;
    String admin;
    String adminElsewhere;
    String colleague;

    @BeforeEach
    void callers() {
      r = pending();
      none = hooks.createToken(r.orgId());
      userWrite = hooks.createToken(r.orgId(), Permission.USER_WRITE);
      credentialWrite = hooks.createToken(r.orgId(), Permission.USER_CREDENTIAL_WRITE);
      admin = hooks.createToken(r.orgId(), Permission.USER_WRITE, Permission.USER_CREDENTIAL_WRITE);
      String otherOrg = hooks.createUser().getOrgId();
      adminElsewhere =
          hooks.createToken(otherOrg, Permission.USER_WRITE, Permission.USER_CREDENTIAL_WRITE);
      colleague = hooks.createUser(new CreateUserRequest().orgId(r.orgId())).getToken();
    }

    @Test
    void startNeedsCredentialWriteInTheUsersOrganization() {
      for (String refused : new String[] {none, userWrite, adminElsewhere, colleague}) {
        assertForbidden(api.start(refused, r.userId()));
      }
      for (String allowed : new String[] {credentialWrite, admin, r.token()}) {
        Reply started = api.start(allowed, r.userId());
        assertThat(started.status()).as("%s", started).isEqualTo(200);
        assertThat(started.json().path("details").path("id").asText()).isEqualTo(r.userId());
      }
    }

    @Test
    void verifyNeedsCredentialWriteInTheUsersOrganization() {
      String code = r.codeAt(NOW_S);
      for (String refused : new String[] {none, userWrite, adminElsewhere, colleague}) {
        assertForbidden(r.verifyAs(api, refused, code));
      }
      // Callers that pass row 10 reach the code check.
      String wrong = r.wrongCodeAt(NOW_S);
      for (String allowed : new String[] {credentialWrite, admin, r.token()}) {
        assertInvalidCode(r.verifyAs(api, allowed, wrong));
      }
      Reply verified = r.verifyAs(api, credentialWrite, code);
      assertThat(verified.status()).as("%s", verified).isEqualTo(200);
    }

    @Test
    void removeNeedsUserWriteInTheUsersOrganization() {
      for (String refused : new String[] {none, credentialWrite, adminElsewhere, colleague}) {
        assertForbidden(api.remove(refused, r.userId(), r.totpId()));
      }
      for (String allowed : new String[] {userWrite, admin, r.token()}) {
        String totpId = api.start(r.token(), r.userId()).text("totpId");
        Reply removed = api.remove(allowed, r.userId(), totpId);
        assertThat(removed.status()).as("%s", removed).isEqualTo(200);
      }
      assertStillVerifies(r);
    }

    @Test
    void comesBeforeTheRegistrationLookup() {
      assertForbidden(api.verifyCode(none, r.userId(), "no-such-totp", "123456"));
      assertForbidden(api.remove(none, r.userId(), "no-such-totp"));
    }

    void assertForbidden(Reply reply) {
      assertDomainError(reply, 403, 7, "AUTH-AWfge", NO_PERMISSION);
    }
  }

  @Nested
  @DisplayName("row 11: no such registration")
  class NoSuchRegistration {
    @Test
    void neverStarted() {
      CreatedUser user = hooks.createUser();
      assertDomainError(
          api.verifyCode(user.getToken(), user.getUserId(), "1", "123456"),
          404,
          5,
          "COMMAND-3Mif9s",
          OTP_MISSING);
      assertDomainError(
          api.remove(user.getToken(), user.getUserId(), "1"), 404, 5, "COMMAND-Hd9sd", OTP_MISSING);
    }

    @Test
    void anotherUsersRegistrationIsNotFoundAndStaysIntact() {
      PendingRegistration theirs = pending();
      CreatedUser me = hooks.createUser(new CreateUserRequest().orgId(theirs.orgId()));
      String admin =
          hooks.createToken(
              theirs.orgId(), Permission.USER_WRITE, Permission.USER_CREDENTIAL_WRITE);
      for (String caller : new String[] {me.getToken(), admin}) {
        assertDomainError(
            api.verifyCode(caller, me.getUserId(), theirs.totpId(), theirs.codeAt(NOW_S)),
            404,
            5,
            "COMMAND-3Mif9s",
            OTP_MISSING);
        assertDomainError(
            api.remove(caller, me.getUserId(), theirs.totpId()),
            404,
            5,
            "COMMAND-Hd9sd",
            OTP_MISSING);
      }
      assertStillVerifies(theirs);
    }

    @Test
    void removedRegistrationIsGone() {
      PendingRegistration r = pending();
      Reply removed = api.remove(r.token(), r.userId(), r.totpId());
      assertThat(removed.status()).as("%s", removed).isEqualTo(200);
      assertThat(removed.json().path("details").path("id").asText()).isEqualTo(r.userId());
      // The user was created and the registration removed at the frozen NOW, written as protojson
      // writes a Timestamp (3, 6 or 9 fraction digits: .250, not .25).
      assertThat(removed.json().path("details").path("created").asText())
          .isEqualTo("2030-01-01T00:00:10.250Z");
      assertThat(removed.json().path("details").path("changed").asText())
          .isEqualTo("2030-01-01T00:00:10.250Z");
      assertThat(removed.json().path("details").path("owner").path("type").asText())
          .isEqualTo("OWNER_TYPE_ORG");
      assertThat(removed.json().path("details").path("owner").path("id").asText())
          .isEqualTo(r.orgId());

      assertDomainError(r.verify(api, r.codeAt(NOW_S)), 404, 5, "COMMAND-3Mif9s", OTP_MISSING);
      assertDomainError(
          api.remove(r.token(), r.userId(), r.totpId()), 404, 5, "COMMAND-Hd9sd", OTP_MISSING);
    }

    @Test
    void aVerifiedRegistrationCanBeRemoved() {
      PendingRegistration r = pending();
      assertStillVerifies(r);
      assertThat(api.remove(r.token(), r.userId(), r.totpId()).status()).isEqualTo(200);
      assertDomainError(r.verify(api, r.codeAt(NOW_S)), 404, 5, "COMMAND-3Mif9s", OTP_MISSING);
    }

    @Test
    void expiredPendingRegistrationIsNotFound() {
      hooks.changePolicy(new OtpPolicyChange().pendingTtlSeconds(60));
      PendingRegistration r = pending();
      hooks.advanceClock(java.time.Duration.ofSeconds(61));
      long now = NOW_S + 61;
      assertDomainError(r.verify(api, r.codeAt(now)), 404, 5, "COMMAND-3Mif9s", OTP_MISSING);
      assertDomainError(
          api.remove(r.token(), r.userId(), r.totpId()), 404, 5, "COMMAND-Hd9sd", OTP_MISSING);
    }

    @Test
    void pendingExpiresOnlyWhenOlderThanTheTtl() {
      hooks.changePolicy(new OtpPolicyChange().pendingTtlSeconds(60));
      PendingRegistration exactlyTtlOld = pending();
      PendingRegistration older = pending();
      hooks.advanceClock(java.time.Duration.ofSeconds(60));
      Reply verified = exactlyTtlOld.verify(api, exactlyTtlOld.codeAt(NOW_S + 60));
      assertThat(verified.status())
          .as("60 s old is not older than 60 s: %s", verified)
          .isEqualTo(200);
      hooks.advanceClock(java.time.Duration.ofMillis(1));
      assertDomainError(
          older.verify(api, older.codeAt(NOW_S + 60)), 404, 5, "COMMAND-3Mif9s", OTP_MISSING);
    }

    @Test
    void theTtlIsReadAtVerifyTime() {
      PendingRegistration r = pending();
      hooks.advanceClock(java.time.Duration.ofSeconds(120));
      hooks.changePolicy(new OtpPolicyChange().pendingTtlSeconds(60));
      assertDomainError(
          r.verify(api, r.codeAt(NOW_S + 120)), 404, 5, "COMMAND-3Mif9s", OTP_MISSING);
      hooks.changePolicy(new OtpPolicyChange().pendingTtlSeconds(0));
      assertThat(r.verify(api, r.codeAt(NOW_S + 120)).status()).isEqualTo(200);
    }

    @Test
    void aVerifiedRegistrationDoesNotExpire() {
      hooks.changePolicy(new OtpPolicyChange().pendingTtlSeconds(60));
      PendingRegistration r = pending();
      assertStillVerifies(r);
      hooks.advanceClock(java.time.Duration.ofHours(1));
      assertDomainError(
          r.verify(api, r.codeAt(NOW_S + 3600)),
          400,
          9,
          "COMMAND-qx4ls",
          "Multifactor OTP (OneTimePassword) is already set up");
      assertThat(api.remove(r.token(), r.userId(), r.totpId()).status()).isEqualTo(200);
    }
  }

  @Nested
  @DisplayName("row 12: already verified")
  class AlreadyVerified {
    @Test
    void answers400Code9WhateverTheCode() {
      PendingRegistration r = pendingThatLocksOnOneFailure();
      String code = r.codeAt(NOW_S);
      assertThat(r.verify(api, code).status()).isEqualTo(200);
      for (String again : new String[] {code, r.wrongCodeAt(NOW_S), r.wrongCodeAt(NOW_S), code}) {
        assertDomainError(
            r.verify(api, again),
            400,
            9,
            "COMMAND-qx4ls",
            "Multifactor OTP (OneTimePassword) is already set up");
      }
      // Field validation still comes first.
      assertPlainError(r.verify(api, "12345"), 400, 3, CODE_LENGTH);
    }
  }

  @Nested
  @DisplayName("row 13: locked")
  class Locked {
    @Test
    void aLockedRegistrationAnswers429EvenForAWrongCode() {
      hooks.changePolicy(new OtpPolicyChange().maxFailedAttempts(2).lockSeconds(60));
      PendingRegistration r = pending();
      String wrong = r.wrongCodeAt(NOW_S);
      assertInvalidCode(r.verify(api, wrong));
      assertInvalidCode(r.verify(api, wrong));
      for (String code : new String[] {wrong, r.codeAt(NOW_S)}) {
        Reply locked = r.verify(api, code);
        assertClientErrorShape(locked);
        assertThat(locked.status()).isEqualTo(429);
        assertThat(locked.json().path("code").asInt()).isEqualTo(8);
        assertThat(locked.json().path("details")).hasSize(1);
        assertThat(locked.header("Retry-After")).hasValue("60");
      }
      assertPlainError(r.verify(api, "12345"), 400, 3, CODE_LENGTH);
    }
  }

  @Nested
  @DisplayName("row 14: wrong code")
  class WrongCode {
    @Test
    void answers400Code3Event8isk2() {
      PendingRegistration r = pending();
      assertInvalidCode(r.verify(api, r.wrongCodeAt(NOW_S)));
      assertStillVerifies(r);
    }
  }
}
