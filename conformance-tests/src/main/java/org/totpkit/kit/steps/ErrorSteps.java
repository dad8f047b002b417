package org.totpkit.kit.steps;

import io.cucumber.java.en.Then;
import io.cucumber.java.en.When;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import org.totpkit.kit.driver.ApiResponse;
import org.totpkit.kit.driver.Caller;

/** The contract's error answers (contract/v3alpha.md §3): status, gRPC code, body shape and IDs. */
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

  /** Row 3 comes before row 7: a body that does not decode is not refused by a field rule. */
  @Then("the error message is not a field rule's")
  public void messageIsNotAFieldRule() {
    String message = world.last.message();
    Expect.that(
        !message.contains("value length must be between"),
        "a body that is not a JSON string was refused by a field rule (row 7), not as a body that"
            + " does not decode (row 3): "
            + message);
  }

  @Then("the error message says the code must have 6 to 9 characters")
  public void messageSaysLength() {
    String message = world.last.message();
    Expect.that(
        message.contains("between 6 and 9 runes"),
        "the error message does not name the 6..9 length rule: " + message);
  }

  @Then("the error message says {string}")
  public void messageSays(String expected) {
    String message = world.last.message();
    Expect.that(
        message.contains(expected),
        "the error message is \"" + message + "\", the contract wants \"" + expected + "\"");
  }

  @Then("the answer carries a WWW-Authenticate header")
  public void wwwAuthenticate() {
    Expect.that(
        world.last.metadata("WWW-Authenticate").filter(value -> !value.isBlank()).isPresent(),
        "a 401 without a WWW-Authenticate header");
  }

  @Then("the answer carries no WWW-Authenticate header")
  public void noWwwAuthenticate() {
    Expect.that(
        world.last.metadata("WWW-Authenticate").isEmpty(),
        "an RPC 401 carries WWW-Authenticate, which the contract gives to REST alone");
  }

  @When("the user causes {}")
  public void causes(String situation) {
    World.Registration registration = world.registration();
    Caller user = world.user.caller();
    String userId = world.user.userId();
    switch (situation) {
      case "a request to a path that does not exist" ->
          world.last = world.api.pathThatDoesNotExist(user);
      case "a known path with the wrong method" ->
          world.last = world.api.startWithTheWrongMethod(user, userId);
      case "a verify body that is not a JSON object" ->
          world.last = world.api.verifyWithBody(user, userId, registration.totpId(), "[]");
      case "a register body that is not a JSON object" ->
          world.last = world.api.startWithBody(user, userId, "[]");
      case "a verify body whose code is a JSON number",
          "a verify body whose code is true",
          "a verify body whose code is an object",
          "a verify body whose code is an array",
          "a verify body whose userId is a number",
          "a verify body that is not strict JSON" ->
          world.last =
              world.api.verifyWithBody(
                  user,
                  userId,
                  registration.totpId(),
                  notAString(situation, World.register(world.wrongCode(registration, 6))));
      case "a register body whose userId is false" ->
          world.last = world.api.startWithBody(user, userId, "{\"userId\": false}");
      case "a register over a ready TOTP" -> {
        verify.hasVerified();
        world.last = world.api.start(user, userId);
      }
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

  /** A v2 verify body with a wrong code in it, whose values are not what the message takes. */
  private static String notAString(String situation, String code) {
    return switch (situation) {
      case "a verify body whose code is a JSON number" -> "{\"code\": 1" + code + "}";
      case "a verify body whose code is true" -> "{\"code\": true}";
      case "a verify body whose code is an object" -> "{\"code\": {\"value\": \"" + code + "\"}}";
      case "a verify body whose code is an array" -> "{\"code\": [\"" + code + "\"]}";
      case "a verify body whose userId is a number" ->
          "{\"code\": \"" + code + "\", \"userId\": 42}";
      case "a verify body that is not strict JSON" -> "{'code': '" + code + "',}";
      default -> throw new IllegalArgumentException("no such body: " + situation);
    };
  }

  @Then("the error body is a status with HTTP {int}, code {int} and error {string}")
  public void errorBodyShape(int status, int code, String error) {
    expectError(
        world.last, status, code, "none".equals(error) ? Optional.empty() : Optional.of(error));
    List<String> fields = new ArrayList<>();
    Iterator<String> names = world.last.fields().fieldNames();
    names.forEachRemaining(fields::add);
    Expect.that(
        List.of("code", "message", "details").containsAll(fields),
        "the error status has fields beyond code, message and details: " + fields);
    if ("none".equals(error)) {
      Expect.that(
          world.last.details().isEmpty(),
          "a plain validation, auth or routing error carries details; the contract omits them");
    }
  }

  /**
   * The answer is the error row: gRPC code (and HTTP status where the transport has one), a
   * message, and for a domain error one zitadel.v1.ErrorDetail whose id ends the message as "text
   * (ID)".
   */
  static void expectError(ApiResponse response, int status, int code, Optional<String> error) {
    Expect.failure(response, status, code);
    String message = response.message();
    Expect.that(!message.isBlank(), "the error has no message");
    if (error.isPresent()) {
      List<ApiResponse.ErrorDetail> details = response.details();
      Expect.that(
          details.size() == 1,
          "the error has " + details.size() + " details, the contract wants one ErrorDetail");
      ApiResponse.ErrorDetail detail = details.get(0);
      Expect.that(
          ERROR_DETAIL_TYPE.equals(detail.type()),
          "the detail's type is "
              + (detail.type().isEmpty() ? "missing" : detail.type())
              + ", the contract wants "
              + ERROR_DETAIL_TYPE);
      Expect.that(
          error.get().equals(detail.id()),
          "the error id is "
              + (detail.id().isEmpty() ? "missing" : detail.id())
              + ", the contract wants "
              + error.get());
      Expect.that(
          message.equals(detail.message() + " (" + error.get() + ")"),
          "the message is \""
              + message
              + "\", the contract wants \"<detail message> ("
              + error.get()
              + ")\"");
      ReferenceTexts.expect(response, error.get());
    }
  }
}
