package org.totpkit.kit.steps;

import io.cucumber.java.en.When;
import org.totpkit.kit.driver.Caller;
import org.totpkit.kit.driver.TotpApi;

/**
 * Codes and bodies in the wrong form (contract/v3alpha.md §1 and §4: a bare JSON string of ASCII
 * digits).
 */
public class InputSteps {
  private final World world;
  private final VerifySteps verify;

  public InputSteps(World world, VerifySteps verify) {
    this.world = world;
    this.verify = verify;
  }

  @When("the user verifies the registration with a code of {int} digits")
  public void codeOfLength(int length) {
    // Built from the correct code, so that only the length rule can refuse it.
    String code = world.currentCode(world.registration());
    String text =
        length <= code.length()
            ? code.substring(0, length)
            : code + "0".repeat(length - code.length());
    verify.verify(text);
  }

  /** Six code points but twelve UTF-16 units: within the 6..9 rule, so a wrong code (row 14). */
  @When(
      "the user verifies the registration with a code of {int} characters outside the Basic Multilingual Plane")
  public void astralCode(int length) {
    verify.verify(World.register(NotFoundSteps.astralDigits(length)));
  }

  @When("the user verifies the registration with the code of the current step written with {}")
  public void codeWrittenWith(String form) {
    String code = world.currentCode(world.registration());
    String text =
        switch (form) {
          case "Arabic-Indic digits" -> shift(code, '\u0660');
          case "extended Arabic-Indic digits" -> shift(code, '\u06F0');
          case "full-width digits" -> shift(code, '\uFF10');
          case "a letter in place of a digit" -> code.substring(0, code.length() - 1) + "O";
          case "a leading plus sign" -> "+" + code;
          case "a leading minus sign" -> "-" + code;
          case "an extra leading zero" -> "0" + code;
          case "a leading space" -> " " + code;
          case "a trailing space" -> code + " ";
          case "a trailing newline" -> code + "\n";
          default -> throw new IllegalArgumentException("no such form: " + form);
        };
    World.register(text);
    verify.verify(text);
  }

  @When("the user sends the code of the current step as {}")
  public void sendAs(String body) {
    send(world.user.caller(), body);
  }

  @When("a caller without a token sends the code of the current step as {}")
  public void anonymousSendsAs(String body) {
    send(Caller.anonymous(), body);
  }

  private void send(Caller caller, String form) {
    World.Registration registration = world.registration();
    String code = world.currentCode(registration);
    String body =
        switch (form) {
          case "a JSON number" -> Long.toString(Long.parseLong(code));
          case "a JSON object with a code field" -> "{\"code\":" + TotpApi.jsonString(code) + "}";
          case "JSON null" -> "null";
          case "JSON true" -> "true";
          case "JSON false" -> "false";
          case "a nested JSON array" -> "[[" + TotpApi.jsonString(code) + "]]";
          case "a JSON object with an object code field" ->
              "{\"code\":{\"code\":" + TotpApi.jsonString(code) + "}}";
          case "a JSON array" -> "[" + TotpApi.jsonString(code) + "]";
          case "broken JSON" -> "\"" + code;
          case "an empty body" -> "";
          default -> throw new IllegalArgumentException("no such body: " + form);
        };
    world.last = world.api.verifyWithBody(caller, world.user.userId(), registration.totpId(), body);
  }

  private static String shift(String asciiDigits, char zero) {
    StringBuilder text = new StringBuilder();
    asciiDigits.chars().forEach(c -> text.append((char) (zero + (c - '0'))));
    return text.toString();
  }
}
