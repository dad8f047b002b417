package org.totpkit.mock.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.totpkit.mock.testing.RawHttp.USERS;
import static org.totpkit.mock.testing.RpcStatusAssertions.assertClientErrorShape;
import static org.totpkit.mock.testing.RpcStatusAssertions.assertPlainError;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.totpkit.mock.junit.HooksClient;
import org.totpkit.mock.junit.TotpMockServerExtension;
import org.totpkit.mock.testing.PendingRegistration;
import org.totpkit.mock.testing.RawHttp;
import org.totpkit.mock.testing.Reply;
import org.totpkit.mock.testing.ResetAfterEach;
import org.totpkit.mock.testing.TestEngine;

/**
 * "Never a 5xx for anything a client sends" (contract/v3alpha.md section 3): odd paths, methods,
 * bodies, queries and headers, each answered with a 4xx in the rpcStatus shape.
 */
class NoServerErrorHttpTest {
  @RegisterExtension static TotpMockServerExtension mock = TestEngine.onFreePort();
  @RegisterExtension static ResetAfterEach reset = new ResetAfterEach(mock);

  final HooksClient hooks = mock.hooks();
  final RawHttp api = new RawHttp(mock.baseUrl());
  PendingRegistration r;

  @BeforeEach
  void aRealRegistration() {
    r = PendingRegistration.start(hooks, api);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "%E2%82%AC/totp",
        "%F0%9F%98%80/totp/%F0%9F%98%80/_verify",
        "%F0%9F%98%80/totp/%F0%9F%98%80",
        "%2F/totp",
        "%25/totp",
        "%C3%28/totp",
        "%FF%FE/totp/%FF/_verify",
        "..%2F..%2F__admin%2Ftotp/totp",
        "%2e%2e/totp",
        "a;b=c/totp",
        "a%20b/totp",
        "a+b/totp",
        "/totp",
        "{me}/totp/",
        "{me}/totp//_verify",
        "{me}//totp",
        "{me}/totp/{totp}/_verify/",
        "{me}/totp?instance.id=%E2%82%AC&organization.orgId=%FF",
        "{me}/totp?=&&=&organization.orgId&instance.id",
        "{me}/totp?organization.orgId=a&organization.orgId=b",
        "{me}/totp/{totp}/_verify?organization.orgDomain=%00",
        "{me}/totp/{totp}?instance.domain=" + "d",
      })
  void oddPathsAndQueries(String tail) {
    String target =
        USERS
            + tail.replace("{me}", RawHttp.segment(r.userId()))
                .replace("{totp}", RawHttp.segment(r.totpId()));
    for (String method :
        new String[] {"POST", "DELETE", "GET", "PUT", "PATCH", "OPTIONS", "TRACE", "PROPFIND"}) {
      Reply reply = api.send(method, target, "\"12345\"", "Authorization", "Bearer " + r.token());
      assertThat(reply.status()).as("%s %s: %s", method, target, reply).isLessThan(500);
      if (reply.status() != 200) {
        assertClientErrorShape(reply);
      }
      Reply anonymous = api.send(method, target, "{", "Content-Type", "application/json");
      assertClientErrorShape(anonymous);
    }
  }

  @Test
  void veryLongIds() {
    String message =
        "invalid StartTOTPRegistrationRequest.Id: value length must be between 1 and 200 runes, inclusive";
    assertPlainError(api.start(r.token(), "1".repeat(201)), 400, 3, message);
    assertPlainError(api.start(r.token(), "1".repeat(4000)), 400, 3, message);
    assertPlainError(api.start(r.token(), "\u00fc".repeat(1000)), 400, 3, message);
    assertClientErrorShape(api.remove(r.token(), r.userId(), "9".repeat(4000)));
    assertClientErrorShape(api.verifyCode(r.token(), r.userId(), "9".repeat(4000), "123456"));
  }

  @Test
  void headRequests() {
    for (String path : new String[] {RawHttp.startPath(r.userId()), "/", USERS + "x"}) {
      Reply reply = api.send("HEAD", path, null, "Authorization", "Bearer " + r.token());
      assertThat(reply.status()).as("HEAD %s", path).isBetween(400, 499);
    }
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "\"\\ud800\"",
        "\"\\u0000\\u0000\\u0000\\u0000\\u0000\\u0000\"",
        "\"123456\\u0000\"",
        "\uFEFF\"123456\"",
        "\"123456\" \"654321\"",
        "\"123456\"garbage",
        "{\"a\":{\"b\":{\"c\":[1,2,{\"d\":null}]}}}",
        "1e999999",
        "-",
        "\"\\x41\"",
        "\"\\u12\""
      })
  void oddBodies(String body) {
    Reply reply = api.verify(r.token(), r.userId(), r.totpId(), body);
    assertClientErrorShape(reply);
  }

  @Test
  void hugeAndDeepBodies() {
    assertClientErrorShape(
        api.verify(r.token(), r.userId(), r.totpId(), "\"" + "1".repeat(200_000) + "\""));
    assertClientErrorShape(
        api.verify(r.token(), r.userId(), r.totpId(), "[".repeat(5000) + "]".repeat(5000)));
    assertClientErrorShape(
        api.verify(
            r.token(), r.userId(), r.totpId(), "{\"a\":".repeat(5000) + "1" + "}".repeat(5000)));
    assertClientErrorShape(api.verify(r.token(), r.userId(), r.totpId(), "9".repeat(100_000)));
  }

  @Test
  void oddHeaders() {
    String start = RawHttp.startPath("no-such-user");
    String[][] headerSets = {
      {"Authorization", "Bearer " + "a".repeat(4000)},
      {"Authorization", "Bearer \u00e9t\u00e9"},
      {"Authorization", "Bearer a b c"},
      {"Authorization", "Bearer " + r.token(), "Content-Type", "application/grpc"},
      {"Authorization", "Bearer " + r.token(), "Content-Type", "text/plain; charset=utf-16"},
      {"Authorization", "Bearer " + r.token(), "Content-Encoding", "gzip"},
      {"Authorization", "Bearer " + r.token(), "Accept", "application/grpc-web+proto"},
    };
    for (String[] headers : headerSets) {
      Reply reply = api.send("POST", start, "\"123456\"", headers);
      assertClientErrorShape(reply);
    }
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "application/json; charset=foo",
        "application/json; charset=",
        "application/json; charset=utf-16",
        "application/x-www-form-urlencoded",
        "multipart/form-data; boundary=x",
        "multipart/form-data",
        ";;==",
      })
  void theContentTypeNeverChangesHowABodyIsRead(String contentType) {
    // Every body is UTF-8 JSON, whatever the header claims (curl -d sends a form content type).
    long now = hooks.freezeClock(java.time.Instant.ofEpochSecond(1_700_000_000L)).getEpochMillis();
    String auth = "Bearer " + r.token();
    String verify = RawHttp.registrationPath(r.userId(), r.totpId()) + "/_verify";
    Reply wrong =
        api.send("POST", verify, "\"%zz%\"", "Authorization", auth, "Content-Type", contentType);
    assertPlainError(
        wrong,
        400,
        3,
        "invalid VerifyTOTPRegistrationRequest.Code: value length must be between 6 and 9 runes, inclusive");
    Reply started =
        api.send(
            "POST",
            RawHttp.startPath(r.userId()),
            "a=%zz",
            "Authorization",
            auth,
            "Content-Type",
            contentType);
    assertThat(started.status()).as("start: %s", started).isEqualTo(200);
    String code = r.codeAt(now / 1000);
    Reply verified =
        api.send(
            "POST",
            verify,
            RawHttp.jsonString(code),
            "Authorization",
            auth,
            "Content-Type",
            contentType);
    assertThat(verified.status()).as("verify: %s", verified).isEqualTo(200);
    Reply user =
        api.send(
            "POST",
            "/__admin/totp/users",
            "{\"loginName\":\"100% \u00fc&a=b\"}",
            "Content-Type",
            contentType);
    assertThat(user.status()).as("hook: %s", user).isEqualTo(200);
    assertThat(user.text("loginName")).isEqualTo("100% \u00fc&a=b");
  }

  @ParameterizedTest
  @ValueSource(strings = {"CONNECT", "post", "Post", "delete"})
  void methodsWireMockWouldMisreadAreWrongMethods(String method) {
    // Methods are case-sensitive (RFC 9110); WireMock upper-cases them and answers CONNECT itself.
    String verify = RawHttp.registrationPath(r.userId(), r.totpId()) + "/_verify";
    for (String path : new String[] {RawHttp.startPath(r.userId()), verify}) {
      Reply reply = api.sendVerbatim(method, path);
      assertPlainError(reply, 405, 12, "Method Not Allowed");
      assertThat(reply.header("Allow")).contains("POST");
    }
    assertPlainError(api.sendVerbatim(method, "/nowhere"), 404, 5, "Not Found");
    assertPlainError(api.sendVerbatim(method, "/__admin/totp/users"), 404, 5, "Not Found");
  }

  @Test
  void malformedQueryEscapesAreAClientError() {
    for (String query :
        new String[] {"?%zz=1", "?instance.id=%zz", "?a=%", "?%", "?organization.orgId=%E"}) {
      Reply reply = api.sendVerbatim("POST", RawHttp.startPath(r.userId()) + query);
      assertPlainError(reply, 400, 3);
      Reply hook = api.sendVerbatim("GET", "/__admin/totp/policy" + query);
      assertThat(hook.status()).as("hook with %s", query).isBetween(400, 499);
    }
    // Routing still answers first.
    assertPlainError(api.sendVerbatim("POST", "/nowhere?%zz"), 404, 5, "Not Found");
    assertPlainError(
        api.sendVerbatim("GET", RawHttp.startPath(r.userId()) + "?%zz"),
        405,
        12,
        "Method Not Allowed");
  }

  @Test
  void requestTargetsTheHttpLayerRefusesAreStillClientErrors() {
    // Invalid percent-encoding in the path never reaches the API: Jetty refuses the request line.
    for (String target :
        new String[] {
          USERS + "%zz/totp", USERS + "a%00b/totp", USERS + "%/totp", USERS + "%C/totp"
        }) {
      Reply reply = api.sendVerbatim("POST", target);
      assertThat(reply.status()).as("%s: %s", target, reply).isBetween(400, 499);
    }
  }
}
