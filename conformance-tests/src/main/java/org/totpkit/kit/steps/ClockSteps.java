package org.totpkit.kit.steps;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.cucumber.java.en.Given;
import io.cucumber.java.en.Then;
import io.cucumber.java.en.When;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import org.totpkit.kit.driver.HooksApi;
import org.totpkit.kit.totp.KitClock;
import org.totpkit.kit.totp.MacAlgorithm;
import org.totpkit.kit.totp.TotpGenerator;

/** The server clock and OTP policy through the hooks, imported registrations, and lockout. */
public class ClockSteps {
  /** Step T of the boundary matrix: the step holding at unix time 1111111109 (RFC 6238's). */
  static final long STEP_T = 1111111109L / 30;

  /** RFC 6238 Appendix B seeds per hash (erratum 2866), Base32: public test data. */
  static final Map<String, String> RFC_SEEDS =
      Map.of(
          "SHA1", "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ",
          "SHA256", "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQGEZA",
          "SHA512",
              "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQGEZDGNA");

  private final World world;
  private final VerifySteps verify;

  public ClockSteps(World world, VerifySteps verify) {
    this.world = world;
    this.verify = verify;
  }

  @Given("the server clock is frozen at the last second of step T")
  public void frozenAtLastSecondOfT() {
    freeze(Instant.ofEpochSecond((STEP_T + 1) * 30 - 1));
  }

  @Given("the server clock is frozen at the first second of step T+1")
  public void frozenAtFirstSecondOfNext() {
    freeze(Instant.ofEpochSecond((STEP_T + 1) * 30));
  }

  @Given("the server clock is frozen at unix time {long}")
  public void frozenAt(long seconds) {
    freeze(Instant.ofEpochSecond(seconds));
  }

  @Given("the server clock is frozen at the instant {word}")
  public void frozenAtInstant(String rfc3339) {
    freeze(Instant.parse(rfc3339));
  }

  @Given("the server clock is frozen")
  public void frozenNow() {
    // Ten seconds into the current step: any moment will do, and a fixed one keeps Retry-After
    // exact.
    long step = Math.floorDiv(KitClock.now().getEpochSecond(), 30);
    freeze(Instant.ofEpochSecond(step * 30 + 10));
  }

  private void freeze(Instant at) {
    HooksApi hooks = world.hooks("freezing the clock");
    world.mustRunAlone("@clock", "freezes the server clock");
    world.clockChanged = true;
    Instant answered = hooks.freezeClock(at);
    Expect.that(
        answered.equals(at), "the clock hook froze the clock at " + answered + ", not at " + at);
    world.frozenAt = Optional.of(at);
  }

  @When("the server clock advances by {int} second(s)")
  @Given("the server clock has advanced by {int} second(s)")
  public void advances(int seconds) {
    Instant expected = world.now().plusSeconds(seconds);
    HooksApi hooks = world.hooks("advancing the clock");
    world.mustRunAlone("@clock", "advances the server clock");
    Instant answered = hooks.advanceClock(seconds * 1000L);
    Expect.that(
        answered.equals(expected),
        "the clock hook advanced the clock to " + answered + ", not to " + expected);
    world.frozenAt = Optional.of(answered);
  }

  @When("the user verifies the registration with the code of step {word}")
  public void verifyStepOfT(String step) {
    long k = step.equals("T") ? 0 : Long.parseLong(step.substring(1).replace("+", ""));
    long target = STEP_T + k;
    World.Registration registration = world.registration();
    long serverStep =
        Math.floorDiv(world.now().getEpochSecond(), registration.generator().periodSeconds());
    String code = World.register(registration.generator().codeOfStep(target));
    verify.verify(code, Optional.of((int) (target - serverStep)));
  }

  // Not recorded in the measured acceptance window: that window is the default policy's (skew 1).
  @When("the user verifies the registration with the code of step {word} under that policy")
  public void verifyStepOfTUnderPolicy(String step) {
    long k = step.equals("T") ? 0 : Long.parseLong(step.substring(1).replace("+", ""));
    World.Registration registration = world.registration();
    verify.verify(World.register(registration.generator().codeOfStep(STEP_T + k)));
  }

  @Given(
      "a pending registration imported with the RFC 6238 {word} seed, {int} digits and a {int} second period")
  public void imported(String algorithm, int digits, int period) {
    String seed = RFC_SEEDS.get(algorithm);
    String totpId =
        world
            .hooks("importing a registration")
            .importRegistration(world.user.userId(), seed, algorithm, digits, period);
    world.registration =
        new World.Registration(
            world.user,
            totpId,
            TotpGenerator.forSecret(seed, MacAlgorithm.named(algorithm), digits, period),
            Optional.empty(),
            Optional.empty());
  }

  @Given("the OTP policy locks a registration for {int} seconds after {int} failed attempts")
  public void lockoutPolicy(int lockSeconds, int attempts) {
    RegistrationSteps.changePolicy(
        world,
        JsonNodeFactory.instance
            .objectNode()
            .put("maxFailedAttempts", attempts)
            .put("lockSeconds", lockSeconds));
  }

  @Given("the OTP policy's skew is {int}")
  public void skewPolicy(int skew) {
    RegistrationSteps.changePolicy(world, JsonNodeFactory.instance.objectNode().put("skew", skew));
  }

  @Given("the OTP policy lets a pending registration live for {int} seconds")
  public void pendingTtlPolicy(int seconds) {
    RegistrationSteps.changePolicy(
        world, JsonNodeFactory.instance.objectNode().put("pendingTtlSeconds", seconds));
  }

  @Given("the user has locked the registration with {int} wrong codes")
  public void hasLocked(int count) {
    verify.verifyWrongCodes(count);
    verify.eachIsAnswered(400, 3, "EVENT-8isk2");
  }

  @Then("the answer says to retry after {int} seconds")
  public void retryAfter(int seconds) {
    Optional<String> header = world.last.metadata("Retry-After");
    Expect.that(
        header.equals(Optional.of(Integer.toString(seconds))),
        "Retry-After is " + header.orElse("missing") + ", the contract wants " + seconds);
  }
}
