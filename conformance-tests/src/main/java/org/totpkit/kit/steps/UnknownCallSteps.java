package org.totpkit.kit.steps;

import io.cucumber.java.en.Then;
import io.cucumber.java.en.When;
import java.util.Set;
import org.totpkit.kit.driver.ApiResponse;

/**
 * Calls to a service or method the contract does not have, and messages that do not decode
 * (contract/v3alpha.md §5): what a kit requires of them is no success, nothing changed, and a
 * status. And requests with a field the contract does not have, which are answered as if it were
 * absent.
 */
public class UnknownCallSteps {
  /**
   * UNIMPLEMENTED; on Connect (the protocol with HTTP statuses) an unknown service or method is an
   * unknown path, so 404 (contract/v3alpha.md#v3alpha-rpc-connect-rows; connect-go and connect-es
   * answer it so).
   */
  private static final int UNIMPLEMENTED = 12;

  private static final Set<Integer> UNIMPLEMENTED_HTTP = Set.of(404);

  /** INVALID_ARGUMENT or INTERNAL: grpc-go and grpc-java answer 13, Connect 3. */
  private static final Set<Integer> UNDECODABLE = Set.of(3, 13);

  private final World world;

  public UnknownCallSteps(World world) {
    this.world = world;
  }

  @When("the user sends a correct verify request to a service the contract does not have")
  public void toAnUnknownService() {
    World.Registration registration = world.registration();
    world.last =
        world.api.verifyAtAnUnknownService(
            world.user.caller(),
            world.user.userId(),
            registration.totpId(),
            world.currentCode(registration));
  }

  @When("the user sends a correct verify request to a method the service does not have")
  public void toAnUnknownMethod() {
    World.Registration registration = world.registration();
    world.last =
        world.api.verifyAtAnUnknownMethod(
            world.user.caller(),
            world.user.userId(),
            registration.totpId(),
            world.currentCode(registration));
  }

  @When("the user sends a verify call whose message does not decode")
  public void undecodable() {
    world.last = world.api.verifyWithAnUndecodableMessage(world.user.caller());
  }

  @When(
      "the user verifies the registration with the code of the current step in a request that"
          + " also carries a field the contract does not have")
  public void verifyWithAnUnknownField() {
    World.Registration registration = world.registration();
    world.last =
        world.api.verifyWithAnUnknownField(
            world.user.caller(),
            world.user.userId(),
            registration.totpId(),
            world.currentCode(registration));
  }

  @Then("the call is refused as unimplemented")
  public void unimplemented() {
    ApiResponse answer = world.last;
    Expect.that(
        answer.code() == UNIMPLEMENTED
            && answer.httpStatus().stream().allMatch(UNIMPLEMENTED_HTTP::contains),
        answer.operation()
            + " answered "
            + answer.outcome()
            + ", the contract wants code 12 (UNIMPLEMENTED)"
            + (answer.httpStatus().isPresent() ? " with HTTP 404 (an unknown path)" : ""));
  }

  @Then("the call is refused as a message that does not decode")
  public void undecodableRefused() {
    ApiResponse answer = world.last;
    Expect.that(
        UNDECODABLE.contains(answer.code()),
        answer.operation()
            + " answered "
            + answer.outcome()
            + ", the contract wants code 3 (INVALID_ARGUMENT) or 13 (INTERNAL)");
  }
}
