package org.totpkit.mock.browser;

import static org.assertj.core.api.Assertions.assertThat;
import static org.totpkit.mock.testing.RpcStatusAssertions.assertPlainError;

import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.totpkit.mock.junit.TotpMockServerExtension;
import org.totpkit.mock.testing.Reply;
import org.totpkit.mock.testing.TestEngine;

/**
 * The contract API's CORS over HTTP, as upstream serves it: a preflight from any origin is answered
 * 204 with the methods and request headers of REST, gRPC-Web and Connect clients; every answer to a
 * page (success, error, stub) names the page's origin and exposes the headers a client reads.
 * ({@link BrowserCorsTest} proves the same in a real browser.)
 */
class ApiCorsHttpTest {
  @RegisterExtension static TotpMockServerExtension mock = TestEngine.onFreePort();

  static final String APP = "http://localhost:5173";
  static final String CONNECT_START =
      "/zitadel.resources.user.v3alpha.ZITADELUsers/StartTOTPRegistration";

  HostHttp http;
  String host;

  @BeforeEach
  void connect() {
    http = new HostHttp(mock.baseUrl());
    host = "127.0.0.1:" + mock.server().port();
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "/resources/v3alpha/users/1/totp",
        "/v2/users/1/totp",
        CONNECT_START,
        "/zitadel.user.v2.UserService/RegisterTOTP"
      })
  void aPreflightFromAnyOriginIsAnsweredWithWhatBrowserClientsSend(String path) {
    for (String origin : List.of(APP, "https://spa.example.com", "null")) {
      Reply preflight =
          http.send(
              "OPTIONS",
              path,
              host,
              null,
              "Origin",
              origin,
              "Access-Control-Request-Method",
              "POST",
              "Access-Control-Request-Headers",
              "authorization,content-type,x-grpc-web,x-user-agent,connect-protocol-version");
      assertThat(preflight.status()).as("%s", preflight).isEqualTo(204);
      assertThat(preflight.header("Access-Control-Allow-Origin")).contains(origin);
      assertThat(preflight.header("Access-Control-Allow-Credentials")).contains("true");
      assertThat(preflight.header("Access-Control-Allow-Methods").orElseThrow())
          .contains("POST", "DELETE", "GET");
      assertThat(preflight.header("Access-Control-Allow-Headers").orElseThrow().split(", "))
          .contains(
              "authorization",
              "content-type",
              "x-grpc-web",
              "x-user-agent",
              "connect-protocol-version",
              "connect-timeout-ms",
              "grpc-timeout",
              "x-zitadel-orgid");
      assertThat(preflight.header("Access-Control-Max-Age")).contains("7200");
    }
  }

  @Test
  void errorsOfEveryTransportNameThePageAndExposeTheirHeaders() {
    Reply rest = http.send("POST", "/resources/v3alpha/users/1/totp", host, "", "Origin", APP);
    assertPlainError(rest, 401, 16, "auth header missing");
    assertCorsFor(rest, APP);
    assertThat(rest.header("Access-Control-Expose-Headers").orElseThrow())
        .contains("www-authenticate", "retry-after");

    Reply connect =
        http.send(
            "POST",
            CONNECT_START,
            host,
            "{\"id\":\"1\"}",
            "Origin",
            APP,
            "Content-Type",
            "application/json",
            "Connect-Protocol-Version",
            "1");
    assertThat(connect.status()).as("%s", connect).isEqualTo(401);
    assertThat(connect.text("code")).isEqualTo("unauthenticated");
    assertCorsFor(connect, APP);

    Reply grpcWeb =
        http.send(
            "POST",
            CONNECT_START,
            host,
            "\0\0\0\0\0",
            "Origin",
            APP,
            "Content-Type",
            "application/grpc-web+proto",
            "X-Grpc-Web",
            "1");
    assertThat(grpcWeb.status()).as("%s", grpcWeb).isEqualTo(200);
    assertCorsFor(grpcWeb, APP);
    assertThat(grpcWeb.header("Access-Control-Expose-Headers").orElseThrow())
        .contains("grpc-status", "grpc-message", "grpc-status-details-bin");
  }

  @Test
  void aStubOverTheContractCarriesCorsToo() {
    Reply stub =
        http.send(
            "POST",
            "/__admin/mappings",
            host,
            "{\"request\":{\"method\":\"GET\",\"url\":\"/resources/v3alpha/stubbed\"},"
                + "\"response\":{\"status\":503,\"body\":\"down\"}}");
    assertThat(stub.status()).as("%s", stub).isEqualTo(201);
    Reply answer = http.send("GET", "/resources/v3alpha/stubbed", host, null, "Origin", APP);
    assertThat(answer.status()).isEqualTo(503);
    assertCorsFor(answer, APP);
  }

  @Test
  void noCorsOutsideTheApiNorWithoutOrigin() {
    Reply elsewhere = http.send("GET", "/not-the-api", host, null, "Origin", APP);
    assertThat(elsewhere.header("Access-Control-Allow-Origin")).isEmpty();
    Reply curl = http.send("POST", "/resources/v3alpha/users/1/totp", host, "");
    assertThat(curl.status()).isEqualTo(401);
    assertThat(curl.header("Access-Control-Allow-Origin")).isEmpty();
  }

  static void assertCorsFor(Reply reply, String origin) {
    assertThat(reply.header("Access-Control-Allow-Origin")).as("%s", reply).contains(origin);
    assertThat(reply.header("Access-Control-Allow-Credentials")).contains("true");
    assertThat(reply.headers().get("Vary")).as("Vary of %s", reply.headers()).contains("Origin");
  }
}
