package org.totpkit.kit.steps;

import io.cucumber.java.en.Given;
import io.cucumber.java.en.Then;
import io.cucumber.java.en.When;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Optional;
import org.opentest4j.TestAbortedException;
import org.totpkit.kit.driver.ApiResponse;
import org.totpkit.kit.driver.Caller;
import org.totpkit.kit.driver.HooksApi;
import org.totpkit.kit.target.Dialect;

/**
 * What only the v2 dialect has: one TOTP per user (registering again replaces a pending one and
 * never a ready one), {@code zitadel.object.v2.Details} with the user's sequence, a verifier that
 * trims, and callers with or without a membership. The rules both dialects share are the other step
 * files' steps; the driver of the target's dialect says how each call is made.
 */
public class V2Steps {
  private final World world;
  private final RegistrationSteps registrations;
  private final VerifySteps verify;

  /** The TOTP that registering again replaced. */
  private World.Registration replaced;

  /** The sequence of the last change the scenario noted. */
  private Long sequence;

  public V2Steps(World world, RegistrationSteps registrations, VerifySteps verify) {
    this.world = world;
    this.registrations = registrations;
    this.verify = verify;
  }

  /**
   * With hooks a new user calling with their own token; black box the target's {@code user.id},
   * which the kit made sure had no TOTP before it started, managed with {@code user.token} when the
   * target gives one and with {@code admin.token} otherwise.
   */
  @Given("a user without a TOTP")
  public void aUserWithoutATotp() {
    if (world.hooks.isPresent()) {
      world.user = World.Actor.createdBy(world.hooks.get().createUser(Optional.empty()));
      return;
    }
    String token = world.target.userToken().or(() -> world.target.adminToken()).orElseThrow();
    world.user =
        new World.Actor(
            world.target.userId().orElseThrow(),
            Optional.empty(),
            Optional.empty(),
            Caller.bearer(token),
            Optional.empty());
  }

  @Given("the user calls with their own token")
  public void theUserCallsWithTheirOwnToken() {
    if (world.hooks.isEmpty()) {
      String token =
          world
              .target
              .userToken()
              .orElseThrow(
                  () ->
                      new TestAbortedException(
                          World.NOT_VERIFIABLE + ": needs user.token (the user's own token)"));
      world.user =
          new World.Actor(
              world.user.userId(),
              world.user.orgId(),
              world.user.loginName(),
              Caller.bearer(token),
              world.user.created());
    }
  }

  @When("the user registers a TOTP")
  public void theUserRegisters() {
    World.Registration registered = registrations.start(world.user.caller(), world.user);
    // A refused register leaves the user's TOTP as it was: the scenario keeps knowing its secret.
    if (registered != null || world.registration == null) {
      world.registration = registered;
    }
  }

  @When("the user registers a TOTP again")
  public void theUserRegistersAgain() {
    replaced = world.registration();
    theUserRegisters();
  }

  @Then("the TOTP is registered")
  public void theTotpIsRegistered() {
    Expect.success(world.last);
    Expect.that(world.registration != null, "the register answer describes no TOTP");
    Expect.that(
        world.last.text("totpId").isEmpty(),
        "the register answer has a totpId; v2's RegisterTOTPResponse has none");
  }

  @Then("the TOTP is registered with a new secret")
  public void registeredWithANewSecret() {
    theTotpIsRegistered();
    Expect.that(
        !world.registration().secret().equals(replaced.secret()),
        "registering again answered the same secret; v2 replaces a pending TOTP with a new one");
  }

  @Then("the code of the replaced secret is a wrong code")
  public void theReplacedSecretIsWrong() {
    String code = world.currentCode(replaced);
    world.last = world.api.verify(world.user.caller(), world.user.userId(), "", code);
    ErrorSteps.expectError(world.last, 400, 3, Optional.of("EVENT-8isk2"));
  }

  @Then("the code of the new secret verifies the TOTP")
  public void theNewSecretVerifies() {
    verify.verifyCurrent();
    Expect.success(world.last);
  }

  @Then("the TOTP is still ready")
  public void stillReady() {
    World.Registration registration = world.registration();
    ApiResponse check =
        world.api.verify(
            registration.owner().caller(),
            registration.owner().userId(),
            "",
            world.currentCode(registration));
    ErrorSteps.expectError(check, 400, 9, Optional.of("COMMAND-qx4ls"));
  }

  @Given("the user's TOTP is {word}")
  public void theTotpIs(String state) {
    switch (state) {
      case "pending" -> Expect.success(world.last);
      case "ready" -> verify.hasVerified();
      default -> throw new IllegalArgumentException("no such state: " + state);
    }
  }

  @Then(
      "the details carry the user's sequence as a decimal string, the change date and the user's"
          + " organization, and no creation date")
  public void theDetailsAreV2Details() {
    Expect.success(world.last);
    V2Details.check(world, world.last);
  }

  @Given("the sequence the registration answered")
  public void theSequenceTheRegistrationAnswered() {
    Expect.success(world.last);
    sequence = V2Details.check(world, world.last).sequence();
  }

  @Then("the sequence has grown by exactly one")
  public void theSequenceHasGrownByOne() {
    Expect.success(world.last);
    long now = V2Details.check(world, world.last).sequence();
    Expect.that(
        now == sequence + 1,
        "details.sequence went from "
            + sequence
            + " to "
            + now
            + "; every change of the user moves it on by exactly one");
    sequence = now;
  }

  @Then("the change date is the server clock's time")
  public void theChangeDateIsTheServerClock() {
    Expect.success(world.last);
    Instant changed = V2Details.check(world, world.last).changeDate();
    Instant clock = world.frozenAt.orElseThrow();
    Expect.that(
        changed.equals(clock),
        "details.changeDate is " + changed + ", the server's clock stood at " + clock);
  }

  @When("the user verifies the registration with the code of the current step with {} around it")
  public void verifyWithWhitespace(String whitespace) {
    String code = world.currentCode(world.registration());
    Optional<Integer> offset = world.takeObservation();
    String padded =
        switch (whitespace) {
          case "spaces" -> "  " + code + " ";
          case "a tab and a newline" -> "\t" + code + "\n";
          default -> throw new IllegalArgumentException("no such whitespace: " + whitespace);
        };
    verify.verify(World.register(padded), offset);
  }

  @When("the user verifies with {} of {int} characters")
  public void verifyWithAFieldOfLength(String field, int length) {
    World.Registration registration = world.registration();
    world.last =
        switch (field) {
          case "a code" ->
              world.api.verify(
                  world.user.caller(),
                  world.user.userId(),
                  registration.totpId(),
                  World.register(length == 0 ? "" : World.randomDigits(length)));
          case "a user id" ->
              world.api.verify(
                  world.user.caller(),
                  World.randomDigits(length),
                  registration.totpId(),
                  world.currentCode(registration));
          default -> throw new IllegalArgumentException("no such field: " + field);
        };
  }

  /**
   * Characters outside the Basic Multilingual Plane (the mathematical double-struck digits, two
   * UTF-16 units each): the field rules count them as one character each, as upstream's runes.
   */
  @When("the user verifies with {} of {int} characters outside the Basic Multilingual Plane")
  public void verifyWithAstralField(String field, int length) {
    World.Registration registration = world.registration();
    String astral = astralDigits(length);
    world.last =
        switch (field) {
          case "a code" ->
              world.api.verify(
                  world.user.caller(),
                  world.user.userId(),
                  registration.totpId(),
                  World.register(astral));
          case "a user id" ->
              world.api.verify(
                  world.user.caller(),
                  astral,
                  registration.totpId(),
                  world.wrongCode(registration, 6));
          default -> throw new IllegalArgumentException("no such field: " + field);
        };
  }

  private static String astralDigits(int length) {
    StringBuilder text = new StringBuilder();
    String digits = World.randomDigits(length);
    for (int i = 0; i < length; i++) {
      text.appendCodePoint(0x1D7D8 + (digits.charAt(i) - '0'));
    }
    return text.toString();
  }

  /** REST: {@code body: "*"} takes the user from the path; a userId in the body changes nothing. */
  @When(
      "the user verifies the registration with the code of the current step in a body that also"
          + " names another user")
  public void verifyWithAnotherUserInTheBody() {
    World.Registration registration = world.registration();
    String code = World.register(world.currentCode(registration));
    world.takeObservation();
    var body =
        com.fasterxml.jackson.databind.node.JsonNodeFactory.instance
            .objectNode()
            .put("code", code)
            .put("userId", "kit-other-user-" + World.randomDigits(12));
    world.last =
        world.api.verifyWithBody(
            world.user.caller(), world.user.userId(), registration.totpId(), body.toString());
  }

  @When("the user registers a TOTP with an empty body")
  public void registerWithAnEmptyBody() {
    world.last = world.api.startWithBody(world.user.caller(), world.user.userId(), "");
  }

  @When("that caller verifies their own TOTP with the code of the user's registration")
  public void otherVerifiesOwnWithTheUsersCode() {
    world.last =
        world.api.verify(
            world.other.caller(),
            world.other.userId(),
            "",
            world.currentCode(world.registration()));
  }

  @When("that caller removes their own TOTP")
  public void otherRemovesOwn() {
    world.last = world.api.remove(world.other.caller(), world.other.userId(), "");
  }

  @Given("a caller with a membership but no permission in the user's organization")
  public void aMemberWithoutPermission() {
    if (world.hooks.isPresent()) {
      // A token granted an empty list of permissions: a membership, but no permission at all.
      world.other =
          tokenHolder(world.hooks.get().createToken(world.user.orgId().orElseThrow(), List.of()));
      return;
    }
    world.other =
        tokenHolder(
            world
                .target
                .otherToken()
                .orElseThrow(
                    () ->
                        new TestAbortedException(
                            World.NOT_VERIFIABLE
                                + ": needs other.token (a membership without"
                                + " user.credential.write) or hooksUrl")));
  }

  @Given("another user of the user's organization, calling with their own token")
  public void anotherEndUser() {
    HooksApi hooks = world.hooks("another end user");
    world.other = World.Actor.createdBy(hooks.createUser(world.user.orgId()));
  }

  private static World.Actor tokenHolder(String token) {
    return new World.Actor(
        "", Optional.empty(), Optional.empty(), Caller.bearer(token), Optional.empty());
  }

  /** {@code zitadel.object.v2.Details}, held to the v2 rules (CONTRACT-V2 details). */
  record V2Details(long sequence, Instant changeDate, String resourceOwner) {

    /** The details of a v2 success answer, or an assertion error saying which rule they break. */
    static V2Details check(World world, ApiResponse response) {
      Expect.that(
          response.fields().path("details").isObject(), "the answer carries no details object");
      var details = response.fields().path("details");
      var sequence = details.path("sequence");
      Expect.that(
          sequence.isTextual() && sequence.asText().matches("[0-9]{1,20}"),
          "details.sequence is "
              + (sequence.isMissingNode() ? "missing" : sequence.toString())
              + "; v2 writes the uint64 sequence as a JSON string of digits");
      Expect.that(
          !details.has("creationDate"),
          "details.creationDate is set; the TOTP operations of v2 leave it unset");
      Optional<String> changeDate = response.text("details", "changeDate");
      Expect.that(changeDate.isPresent(), "details.changeDate is missing");
      Expect.that(
          protojsonTimestamp(changeDate.get()),
          "details.changeDate is "
              + changeDate.get()
              + "; protojson writes a Timestamp in UTC with Z, and a fraction only when it is not"
              + " zero, in 3, 6 or 9 digits");
      Instant changed;
      try {
        changed = OffsetDateTime.parse(changeDate.get()).toInstant();
      } catch (RuntimeException e) {
        throw new AssertionError(
            "details.changeDate is not an RFC 3339 timestamp: " + changeDate.get());
      }
      String owner = response.text("details", "resourceOwner").orElse("");
      Expect.that(!owner.isBlank(), "details.resourceOwner is missing");
      world
          .user
          .orgId()
          .ifPresent(
              org ->
                  Expect.that(
                      owner.equals(org),
                      "details.resourceOwner is "
                          + owner
                          + ", v2 wants the user's organization "
                          + org));
      return new V2Details(Long.parseUnsignedLong(sequence.asText()), changed, owner);
    }
  }

  private static final java.util.regex.Pattern PROTOJSON_TIMESTAMP =
      java.util.regex.Pattern.compile(
          "[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}(\\.([0-9]{3}|[0-9]{6}|[0-9]{9}))?Z");

  /** RFC 3339 exactly as protojson writes a Timestamp: the shortest of 0, 3, 6 or 9 digits. */
  static boolean protojsonTimestamp(String text) {
    var matcher = PROTOJSON_TIMESTAMP.matcher(text);
    if (!matcher.matches()) {
      return false;
    }
    String fraction = matcher.group(2);
    return fraction == null || !fraction.endsWith("000");
  }

  /** Whether the scenario's target speaks v2. */
  static boolean speaksV2(World world) {
    return world.target.dialect() == Dialect.V2;
  }
}
