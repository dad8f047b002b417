package org.totpkit.kit.steps;

import io.cucumber.java.en.Given;
import io.cucumber.java.en.Then;
import io.cucumber.java.en.When;
import java.util.Optional;
import org.totpkit.kit.driver.ApiResponse;
import org.totpkit.kit.driver.Caller;
import org.totpkit.kit.driver.HooksApi;

/** Users and registrations that do not exist, or not for this caller. */
public class NotFoundSteps {
  private final World world;
  private final RegistrationSteps registrations;

  public NotFoundSteps(World world, RegistrationSteps registrations) {
    this.world = world;
    this.registrations = registrations;
  }

  @When("the user tries to {} of an unknown user")
  public void unknownUser(String operation) {
    String unknown = "kit-unknown-user-" + World.randomDigits(12);
    String totpId = World.randomDigits(18);
    Caller caller = world.user.caller();
    world.last =
        switch (operation) {
          case "start a registration" -> world.api.start(caller, unknown);
          case "verify a registration" ->
              world.api.verify(caller, unknown, totpId, World.register(World.randomDigits(6)));
          case "remove a registration" -> world.api.remove(caller, unknown, totpId);
          default -> throw new IllegalArgumentException("no such operation: " + operation);
        };
  }

  @When("the user tries to {word} with a registration id that was never issued")
  public void unknownRegistration(String operation) {
    String totpId = World.randomDigits(18);
    Caller caller = world.user.caller();
    String userId = world.user.userId();
    world.last =
        switch (operation) {
          case "verify" ->
              world.api.verify(caller, userId, totpId, World.register(World.randomDigits(6)));
          case "remove" -> world.api.remove(caller, userId, totpId);
          default -> throw new IllegalArgumentException("no such operation: " + operation);
        };
  }

  /** Row 7 comes before rows 9 and 11: an over-long id is invalid, not unknown. */
  @When("the user tries to {word} with a {word} id of {int} characters")
  public void overLongId(String operation, String which, int length) {
    tryWithId(operation, which, World.randomDigits(length));
  }

  /**
   * The field rules count code points (protoc-gen-validate's runes), not UTF-16 units: each of
   * these characters (MATHEMATICAL DOUBLE-STRUCK DIGITs) is two UTF-16 units.
   */
  @When(
      "the user tries to {word} with a {word} id of {int} characters outside the Basic Multilingual Plane")
  public void astralId(String operation, String which, int length) {
    tryWithId(operation, which, astralDigits(length));
  }

  /** Calls the operation with {@code id} as the user's or the registration's id. */
  private void tryWithId(String operation, String which, String id) {
    World.Registration registration = world.registration();
    String userId = which.equals("user") ? id : world.user.userId();
    String totpId = which.equals("registration") ? id : registration.totpId();
    Caller caller = world.user.caller();
    world.last =
        switch (operation) {
          case "start" -> world.api.start(caller, userId);
          case "verify" ->
              world.api.verify(caller, userId, totpId, World.register(World.randomDigits(6)));
          case "remove" -> world.api.remove(caller, userId, totpId);
          default -> throw new IllegalArgumentException("no such operation: " + operation);
        };
  }

  /** Random digits written with characters outside the BMP (U+1D7D8..U+1D7E1). */
  static String astralDigits(int count) {
    String digits = World.randomDigits(count);
    StringBuilder text = new StringBuilder();
    digits.chars().forEach(c -> text.appendCodePoint(0x1D7D8 + (c - '0')));
    return text.toString();
  }

  @Given("another user with a pending TOTP registration")
  public void anotherUserWithARegistration() {
    HooksApi.CreatedUser other = world.hooks("another user").createUser(Optional.empty());
    world.other = World.Actor.createdBy(other);
    World.Registration mine = world.registration;
    world.otherRegistration = registrations.start(world.other.caller(), world.other);
    Expect.success(world.last);
    world.registration = mine;
  }

  @When(
      "the user verifies the other user's registration, under their own user id, with its current code")
  public void verifyOthersRegistration() {
    World.Registration theirs = world.otherRegistration;
    world.last =
        world.api.verify(
            world.user.caller(), world.user.userId(), theirs.totpId(), world.currentCode(theirs));
  }

  @When("the user removes the other user's registration, under their own user id")
  public void removeOthersRegistration() {
    world.last =
        world.api.remove(
            world.user.caller(), world.user.userId(), world.otherRegistration.totpId());
  }

  @Then("the other user's registration is still pending")
  public void othersStillPending() {
    World.Registration theirs = world.otherRegistration;
    ApiResponse check =
        world.api.verify(
            world.other.caller(), world.other.userId(), theirs.totpId(), world.currentCode(theirs));
    Expect.that(
        check.ok(),
        "the other user's registration was no longer pending: its correct code then got "
            + check.outcome());
  }
}
