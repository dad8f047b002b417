package org.totpkit.kit.steps;

import io.cucumber.java.en.Given;
import io.cucumber.java.en.Then;
import io.cucumber.java.en.When;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.totpkit.kit.driver.ApiResponse;
import org.totpkit.kit.report.AcceptanceWindow;

/** Verifying and removing a registration, and what the answers must be. */
public class VerifySteps {
  private final World world;

  public VerifySteps(World world) {
    this.world = world;
  }

  /** The code of the current step, as the user. */
  public void verifyCurrent() {
    String code = world.currentCode(world.registration());
    verify(code, world.takeObservation());
  }

  @When("the user verifies the registration with the code of the {word} step")
  public void verifyNeighbour(String which) {
    int offset =
        switch (which) {
          case "previous" -> -1;
          case "current" -> 0;
          case "next" -> 1;
          default -> throw new IllegalArgumentException("no step called " + which);
        };
    String code = world.codeAtOffset(world.registration(), offset);
    verify(code, world.takeObservation());
  }

  @When("the user verifies the registration with the code of the step two steps {word}")
  public void verifyTwoAway(String direction) {
    int offset = "before".equals(direction) ? -2 : 2;
    String code = world.codeAtOffset(world.registration(), offset);
    verify(code, world.takeObservation());
  }

  @When("the user verifies the registration with the code {string}")
  public void verifyLiteral(String code) {
    // A code written in a feature is public test data (RFC 6238), not an issued code: not redacted.
    World.Registration registration = world.registration();
    world.lastCode = code;
    world.last =
        world.api.verifyWithPublicCode(
            world.user.caller(), world.user.userId(), registration.totpId(), code);
  }

  @When("the user verifies the registration with a wrong code of {int} digits")
  public void verifyWrong(int digits) {
    verify(world.wrongCode(world.registration(), digits));
  }

  @When("the user verifies the registration with {int} wrong codes")
  public void verifyWrongCodes(int count) {
    world.batch = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      verify(world.wrongCode(world.registration(), world.registration().generator().digits()));
      world.batch.add(world.last);
    }
  }

  @Then("each of them is answered {int} with code {int} and error {string}")
  public void eachIsAnswered(int status, int code, String error) {
    Expect.that(!world.batch.isEmpty(), "nothing was sent");
    for (ApiResponse response : world.batch) {
      ErrorSteps.expectError(response, status, code, Optional.of(error));
    }
  }

  @Given("the user has verified the registration")
  public void hasVerified() {
    verifyCurrent();
    Expect.success(world.last);
  }

  @When("the user sends the same code again")
  public void sendTheSameCodeAgain() {
    verify(world.lastCode);
  }

  @When("the user removes the registration")
  public void remove() {
    World.Registration registration = world.registration();
    world.last = world.api.remove(world.user.caller(), world.user.userId(), registration.totpId());
  }

  @Given("the user has removed the registration")
  public void hasRemoved() {
    remove();
    Expect.success(world.last);
  }

  @Then("the registration is verified")
  public void isVerified() {
    Expect.success(world.last);
    detailsNameTheOwner();
  }

  @Then("the registration is removed")
  public void isRemoved() {
    Expect.success(world.last);
    detailsNameTheOwner();
  }

  /** The answer's details describe this change of the user, as the target's dialect writes them. */
  private void detailsNameTheOwner() {
    if (V2Steps.speaksV2(world)) {
      V2Steps.V2Details.check(world, world.last);
      return;
    }
    String owner = world.registration().owner().userId();
    Expect.that(
        world.last.text("details", "id").equals(Optional.of(owner)),
        "details.id is "
            + world.last.text("details", "id").orElse("missing")
            + ", the contract wants the user id "
            + owner);
  }

  @Then("the registration is still pending")
  public void stillPending() {
    World.Registration registration = world.registration();
    ApiResponse check =
        world.api.verify(
            registration.owner().caller(),
            registration.owner().userId(),
            registration.totpId(),
            world.currentCode(registration));
    Expect.that(
        check.ok(),
        "the registration was no longer pending: the correct code then got " + check.outcome());
  }

  @Then("the code is {word}")
  public void theCodeIs(String verdict) {
    if ("accepted".equals(verdict)) {
      Expect.success(world.last);
    } else {
      ErrorSteps.expectError(world.last, 400, 3, Optional.of("EVENT-8isk2"));
    }
  }

  @When("{int} verifications with the code of the current step arrive at once")
  public void concurrentVerifications(int count) throws Exception {
    World.Registration registration = world.registration();
    String code = world.currentCode(registration);
    CountDownLatch ready = new CountDownLatch(count);
    CountDownLatch go = new CountDownLatch(1);
    ExecutorService pool = Executors.newFixedThreadPool(count);
    try {
      List<Future<ApiResponse>> answers = new ArrayList<>();
      for (int i = 0; i < count; i++) {
        answers.add(
            pool.submit(
                () -> {
                  ready.countDown();
                  go.await();
                  return world.api.verify(
                      world.user.caller(), world.user.userId(), registration.totpId(), code);
                }));
      }
      ready.await(30, TimeUnit.SECONDS);
      go.countDown();
      world.batch = new ArrayList<>();
      for (Future<ApiResponse> answer : answers) {
        world.batch.add(answer.get(60, TimeUnit.SECONDS));
      }
    } finally {
      pool.shutdownNow();
    }
  }

  @Then("exactly one of them verifies the registration")
  public void exactlyOne() {
    long ok = world.batch.stream().filter(ApiResponse::ok).count();
    Expect.that(
        ok == 1,
        ok
            + " of "
            + world.batch.size()
            + " simultaneous correct submissions verified the registration; the contract wants exactly one");
  }

  @Then("every other one is answered {int} with code {int} and error {string}")
  public void everyOther(int status, int code, String error) {
    for (ApiResponse response : world.batch) {
      if (!response.ok()) {
        ErrorSteps.expectError(response, status, code, Optional.of(error));
      }
    }
  }

  void verify(String code) {
    verify(code, Optional.empty());
  }

  /** Verifies, and when the code's offset from the server's step is known, records the verdict. */
  void verify(String code, Optional<Integer> offset) {
    world.lastCode = World.register(code);
    World.Registration registration = world.registration();
    world.last =
        world.api.verify(world.user.caller(), world.user.userId(), registration.totpId(), code);
    boolean accepted = world.last.ok();
    boolean invalidCode = world.last.code() == 3;
    if (accepted || invalidCode) {
      if (offset.isPresent()) {
        AcceptanceWindow.observe(offset.get(), accepted);
      } else if (world.frozenAt.isEmpty() && world.lastChoiceWasInconclusive) {
        AcceptanceWindow.inconclusive();
      }
    }
  }
}
