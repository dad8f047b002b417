package org.totpkit.kit.steps;

import com.fasterxml.jackson.databind.JsonNode;
import io.cucumber.java.en.Then;
import io.cucumber.java.en.When;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import org.totpkit.kit.driver.ApiResponse;
import org.totpkit.kit.driver.Caller;
import org.totpkit.kit.driver.TotpApi;

/** The contract's error answers (CONTRACT.md §3): status, gRPC code, body shape and IDs. */
public class ErrorSteps {
  static final String ERROR_DETAIL_TYPE = "type.googleapis.com/zitadel.v1.ErrorDetail";

  private final World world;
  private final VerifySteps verify;

  public ErrorSteps(World world, VerifySteps verify) {
    this.world = world;
    this.verify = verify;
  }

  @Then("the server answers {int} with code {int}")
  public void answers(int status, int code) {
    expectError(world.last, status, code, Optional.empty());
  }

  @Then("the server answers {int} with code {int} and error {string}")
  public void answersWithError(int status, int code, String error) {
    expectError(world.last, status, code, Optional.of(error));
  }

  @Then("the error message says the code must have 6 to 9 characters")
  public void messageSaysLength() {
    String message = world.last.text("message").orElse("");
    Expect.that(
        message.contains("between 6 and 9 runes"),
        "the error message does not name the 6..9 length rule: " + message);
  }

  @Then("the error message says {string}")
  public void messageSays(String expected) {
    String message = world.last.text("message").orElse("");
    Expect.that(
        message.contains(expected),
        "the error message is \"" + message + "\", the contract wants \"" + expected + "\"");
  }

  @Then("the answer carries a WWW-Authenticate header")
  public void wwwAuthenticate() {
    Expect.that(
        world.last.header("WWW-Authenticate").filter(value -> !value.isBlank()).isPresent(),
        "a 401 without a WWW-Authenticate header");
  }

  @When("the user causes {}")
  public void causes(String situation) {
    World.Registration registration = world.registration();
    Caller user = world.user.caller();
    String userId = world.user.userId();
    switch (situation) {
      case "a request to a path that does not exist" ->
          world.last = world.api.unrouted(user, "GET", "/resources/v3alpha/kit-no-such-route");
      case "a known path with the wrong method" ->
          world.last = world.api.unrouted(user, "GET", TotpApi.startPathOf(userId));
      case "a verify body that is not a JSON string" ->
          world.last = world.api.verifyWithBody(user, userId, registration.totpId(), "[]");
      case "a request without a token" -> world.last = world.api.start(Caller.anonymous(), userId);
      case "a token lacking the Bearer prefix" ->
          world.last = world.api.start(Caller.rawAuthorization(world.user.bearerToken()), userId);
      case "an unknown token" ->
          world.last =
              world.api.start(Caller.bearer("kit-unknown-token-" + World.randomDigits(24)), userId);
      case "a code that is too short" -> verify.verify("12345");
      case "a start for an unknown user" ->
          world.last = world.api.start(user, "kit-unknown-user-" + World.randomDigits(12));
      case "a verify of an unknown registration" ->
          world.last =
              world.api.verify(
                  user,
                  userId,
                  World.randomDigits(18),
                  World.register(world.wrongCode(registration, 6)));
      case "a remove of an unknown registration" ->
          world.last = world.api.remove(user, userId, World.randomDigits(18));
      case "a wrong code" ->
          verify.verify(world.wrongCode(registration, registration.generator().digits()));
      case "a second verify" -> {
        verify.hasVerified();
        verify.verifyCurrent();
      }
      default -> throw new IllegalArgumentException("no such situation: " + situation);
    }
  }

  @Then("the error body is a status with HTTP {int}, code {int} and error {string}")
  public void errorBodyShape(int status, int code, String error) {
    expectError(
        world.last, status, code, "none".equals(error) ? Optional.empty() : Optional.of(error));
    Expect.that(
        world
            .last
            .header("Content-Type")
            .filter(type -> type.startsWith("application/json"))
            .isPresent(),
        "an error without Content-Type application/json");
    List<String> fields = new ArrayList<>();
    Iterator<String> names = world.last.json().fieldNames();
    names.forEachRemaining(fields::add);
    Expect.that(
        List.of("code", "message", "details").containsAll(fields),
        "the error body has fields beyond code, message and details: " + fields);
    if ("none".equals(error)) {
      Expect.that(
          !world.last.json().has("details"),
          "a plain validation, auth or routing error carries details; the contract omits them");
    }
  }

  /**
   * The answer is the error row: HTTP status, gRPC code, a message, and for a domain error one
   * zitadel.v1.ErrorDetail whose id ends the message as "text (ID)".
   */
  static void expectError(ApiResponse response, int status, int code, Optional<String> error) {
    Expect.status(response, status);
    JsonNode json = response.json();
    Expect.that(
        json.isObject(),
        response.operation() + " answered HTTP " + status + " without a JSON status body");
    Expect.that(
        json.path("code").isInt() && json.path("code").asInt() == code,
        response.operation()
            + " answered gRPC code "
            + json.path("code")
            + ", the contract wants "
            + code);
    String message = json.path("message").asText("");
    Expect.that(json.path("message").isTextual() && !message.isBlank(), "the error has no message");
    if (error.isPresent()) {
      JsonNode details = json.path("details");
      Expect.that(
          details.isArray() && details.size() == 1,
          "the error has "
              + (details.isArray() ? details.size() : 0)
              + " details, the contract wants one ErrorDetail");
      JsonNode detail = details.get(0);
      Expect.that(
          ERROR_DETAIL_TYPE.equals(detail.path("@type").asText()),
          "the detail's @type is "
              + detail.path("@type").asText("missing")
              + ", the contract wants "
              + ERROR_DETAIL_TYPE);
      Expect.that(
          error.get().equals(detail.path("id").asText()),
          "the error id is "
              + detail.path("id").asText("missing")
              + ", the contract wants "
              + error.get());
      String text = detail.path("message").asText("");
      Expect.that(
          message.equals(text + " (" + error.get() + ")"),
          "the message is \""
              + message
              + "\", the contract wants \"<detail message> ("
              + error.get()
              + ")\"");
    }
  }
}
