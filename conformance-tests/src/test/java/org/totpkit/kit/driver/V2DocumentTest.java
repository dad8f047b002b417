package org.totpkit.kit.driver;

import static org.assertj.core.api.Assertions.assertThat;

import com.atlassian.oai.validator.OpenApiInteractionValidator;
import com.atlassian.oai.validator.model.Request;
import com.atlassian.oai.validator.model.SimpleResponse;
import com.atlassian.oai.validator.report.LevelResolver;
import com.atlassian.oai.validator.report.ValidationReport;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.totpkit.contract.hooks.model.CreatedUser;
import org.totpkit.kit.totp.Base32Secret;
import org.totpkit.kit.totp.MacAlgorithm;
import org.totpkit.kit.totp.TotpGenerator;
import org.totpkit.mock.ReferenceServer;
import org.totpkit.mock.ServerOptions;
import org.totpkit.mock.junit.HooksClient;

/**
 * The v2 OpenAPI document ({@code openapi/totp-v2.openapi.yaml}) against the reference server:
 * every answer of the three operations, successes and errors, validates against it, and the closed
 * schemas catch a field too many or too few.
 */
class V2DocumentTest {
  static ReferenceServer server;
  static OpenApiInteractionValidator validator;
  static final HttpClient HTTP = HttpClient.newHttpClient();

  @BeforeAll
  static void start() throws Exception {
    server = ReferenceServer.start(ServerOptions.defaults().withPort(0).withDemoData(false));
    try (InputStream in =
        V2DocumentTest.class.getClassLoader().getResourceAsStream("openapi/totp-v2.openapi.yaml")) {
      validator =
          OpenApiInteractionValidator.createForInlineApiSpecification(
                  new String(in.readAllBytes(), StandardCharsets.UTF_8))
              .withLevelResolver(
                  LevelResolver.create()
                      .withLevel("validation.request", ValidationReport.Level.IGNORE)
                      .build())
              .build();
    }
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  record Answer(String method, String path, int status, String body, String wwwAuthenticate) {}

  static Answer send(String method, String path, String token, String body) throws Exception {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create(server.baseUrl() + path))
            .header("Content-Type", "application/json")
            .method(
                method,
                body == null
                    ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofString(body));
    if (token != null) {
      request.header("Authorization", "Bearer " + token);
    }
    HttpResponse<String> response =
        HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    return new Answer(
        method,
        path,
        response.statusCode(),
        response.body(),
        response.headers().firstValue("WWW-Authenticate").orElse(null));
  }

  static List<String> violations(Answer answer) {
    SimpleResponse.Builder response =
        SimpleResponse.Builder.status(answer.status())
            .withContentType("application/json")
            .withBody(answer.body());
    if (answer.wwwAuthenticate() != null) {
      response.withHeader("WWW-Authenticate", answer.wwwAuthenticate());
    }
    return validator
        .validateResponse(answer.path(), Request.Method.valueOf(answer.method()), response.build())
        .getMessages()
        .stream()
        .filter(m -> m.getLevel() == ValidationReport.Level.ERROR)
        .map(m -> m.getKey() + ": " + m.getMessage())
        .toList();
  }

  @Test
  void everyAnswerOfTheThreeOperationsMatchesTheDocument() throws Exception {
    HooksClient hooks = new HooksClient(server.hooksUrl(), null);
    hooks.freezeClock(Instant.parse("2030-01-01T00:00:00Z"));
    CreatedUser user = hooks.createUser();
    String totp = "/v2/users/" + user.getUserId() + "/totp";
    Answer registered = send("POST", totp, user.getToken(), "{}");
    String secret = registered.body().replaceAll(".*\"secret\":\"([A-Z2-7]+)\".*", "$1");
    String code =
        new TotpGenerator(Base32Secret.decode(secret), MacAlgorithm.named("SHA1"), 6, 30)
            .codeAt(Instant.parse("2030-01-01T00:00:00Z"));
    List<Answer> answers =
        List.of(
            registered,
            send("POST", totp + "/verify", user.getToken(), "{\"code\":\"123\"}"),
            send("POST", totp + "/verify", user.getToken(), "{\"code\":\"" + code + "\"}"),
            send("POST", totp, user.getToken(), "{}"),
            send("POST", totp + "/verify", user.getToken(), "{\"code\":\"" + code + "\"}"),
            send("POST", totp, null, "{}"),
            send("POST", "/v2/users/404/totp", user.getToken(), "{}"),
            send("DELETE", totp, hooks.createUser().getToken(), null),
            send("DELETE", totp, user.getToken(), null),
            send("DELETE", totp, user.getToken(), null),
            send("POST", totp + "/verify", user.getToken(), "[]"));
    assertThat(answers)
        .extracting(Answer::status)
        .containsExactly(200, 400, 200, 409, 400, 401, 400, 404, 200, 404, 400);
    for (Answer answer : answers) {
      assertThat(violations(answer))
          .as("%s %s -> %d", answer.method(), answer.path(), answer.status())
          .isEmpty();
    }
  }

  @Test
  void theClosedSchemasCatchAMissingOrAnExtraField() {
    String path = "/v2/users/1/totp";
    Answer noSequence =
        new Answer(
            "DELETE",
            path,
            200,
            "{\"details\":{\"changeDate\":\"2030-01-01T00:00:00Z\",\"resourceOwner\":\"1\"}}",
            null);
    Answer numericSequence =
        new Answer(
            "DELETE",
            path,
            200,
            "{\"details\":{\"sequence\":2,\"changeDate\":\"2030-01-01T00:00:00Z\",\"resourceOwner\":\"1\"}}",
            null);
    Answer extra =
        new Answer(
            "DELETE",
            path,
            200,
            "{\"details\":{\"sequence\":\"2\",\"changeDate\":\"2030-01-01T00:00:00Z\",\"resourceOwner\":\"1\"},\"totpId\":\"5\"}",
            null);
    assertThat(violations(noSequence)).isNotEmpty();
    assertThat(violations(numericSequence)).isNotEmpty();
    assertThat(violations(extra)).isNotEmpty();
  }
}
