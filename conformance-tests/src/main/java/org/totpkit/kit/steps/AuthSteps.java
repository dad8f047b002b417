package org.totpkit.kit.steps;

import io.cucumber.java.en.Given;
import io.cucumber.java.en.Then;
import io.cucumber.java.en.When;
import java.util.List;
import java.util.Optional;
import org.opentest4j.TestAbortedException;
import org.totpkit.kit.driver.Caller;
import org.totpkit.kit.driver.HooksApi;

/** Callers other than the user: nobody, a stranger, an administrator, one permission. */
public class AuthSteps {
  private final World world;
  private final RegistrationSteps registrations;
  private final VerifySteps verify;
  private Caller administrator;

  public AuthSteps(World world, RegistrationSteps registrations, VerifySteps verify) {
    this.world = world;
    this.registrations = registrations;
    this.verify = verify;
  }

  @When("a caller {} tries to {}")
  public void callerTries(String credentials, String operation) {
    Caller caller =
        switch (credentials) {
          case "without a token" -> Caller.anonymous();
          // The user's own, valid token: only the missing prefix is wrong.
          case "with a token lacking the Bearer prefix" ->
              Caller.rawAuthorization(world.user.bearerToken());
          case "with an unknown token" ->
              Caller.bearer("kit-unknown-token-" + World.randomDigits(24));
          default -> throw new IllegalArgumentException("no such credentials: " + credentials);
        };
    attempt(caller, operation);
  }

  @Given("another user without permission in the user's organization")
  public void anotherUser() {
    if (world.hooks.isPresent()) {
      HooksApi.CreatedUser other = world.hooks.get().createUser(world.user.orgId());
      world.other = World.Actor.createdBy(other);
    } else {
      String token =
          world
              .target
              .otherToken()
              .orElseThrow(
                  () ->
                      new TestAbortedException(
                          World.NOT_VERIFIABLE + ": needs other.token or hooksUrl"));
      world.other =
          new World.Actor(
              "", Optional.empty(), Optional.empty(), Caller.bearer(token), Optional.empty());
    }
  }

  @When("the other user tries to {}")
  public void otherTries(String operation) {
    attempt(world.other.caller(), operation);
  }

  private void attempt(Caller caller, String operation) {
    World.Registration registration = world.registration();
    String userId = world.user.userId();
    switch (operation) {
      case "start a registration" -> world.last = world.api.start(caller, userId);
      case "verify the registration" ->
          world.last =
              world.api.verify(
                  caller, userId, registration.totpId(), world.currentCode(registration));
      case "remove the registration" ->
          world.last = world.api.remove(caller, userId, registration.totpId());
      default -> throw new IllegalArgumentException("no such operation: " + operation);
    }
  }

  @Given("a caller holding only {word} in the user's organization")
  public void aCallerHoldingOnly(String permission) {
    String orgId = world.user.orgId().orElseThrow();
    world.other =
        tokenHolder(
            world.hooks("a caller with one permission").createToken(orgId, List.of(permission)));
  }

  @Given("a caller holding user.credential.write and user.write in another organization")
  public void aCallerOfAnotherOrganization() {
    HooksApi hooks = world.hooks("a caller of another organization");
    String elsewhere = hooks.createUser(Optional.empty()).orgId();
    world.other =
        tokenHolder(hooks.createToken(elsewhere, List.of("user.credential.write", "user.write")));
  }

  private static World.Actor tokenHolder(String token) {
    return new World.Actor(
        "", Optional.empty(), Optional.empty(), Caller.bearer(token), Optional.empty());
  }

  @When("that caller tries to {}")
  public void thatCallerTries(String operation) {
    attempt(world.other.caller(), operation);
  }

  @Then("the call is {word}")
  public void theCallIs(String outcome) {
    switch (outcome) {
      case "served" -> Expect.success(world.last);
      case "refused" -> {
        ErrorSteps.expectError(world.last, 403, 7, Optional.of("AUTH-AWfge"));
        verify.stillPending();
      }
      default -> throw new IllegalArgumentException("no such outcome: " + outcome);
    }
  }

  @Given("an administrator of the user's organization")
  public void anAdministrator() {
    if (world.hooks.isPresent()) {
      String orgId = world.user.orgId().orElseThrow();
      administrator =
          Caller.bearer(
              world.hooks.get().createToken(orgId, List.of("user.credential.write", "user.write")));
    } else {
      administrator =
          Caller.bearer(
              world
                  .target
                  .adminToken()
                  .orElseThrow(
                      () ->
                          new TestAbortedException(
                              World.NOT_VERIFIABLE + ": needs admin.token or hooksUrl")));
    }
  }

  @When("the administrator starts a TOTP registration for the user")
  public void administratorStarts() {
    world.registration = registrations.start(administrator, world.user);
  }

  @When("the administrator verifies the registration with the code of the current step")
  public void administratorVerifies() {
    World.Registration registration = world.registration();
    world.last =
        world.api.verify(
            administrator,
            world.user.userId(),
            registration.totpId(),
            world.currentCode(registration));
  }

  @When("the administrator removes the registration")
  public void administratorRemoves() {
    world.last =
        world.api.remove(administrator, world.user.userId(), world.registration().totpId());
  }
}
