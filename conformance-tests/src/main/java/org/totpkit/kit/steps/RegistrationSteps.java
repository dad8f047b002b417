package org.totpkit.kit.steps;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cucumber.java.en.Given;
import io.cucumber.java.en.Then;
import io.cucumber.java.en.When;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.opentest4j.TestAbortedException;
import org.totpkit.kit.driver.ApiResponse;
import org.totpkit.kit.driver.Caller;
import org.totpkit.kit.driver.HooksApi;
import org.totpkit.kit.driver.KeyUri;
import org.totpkit.kit.totp.Base32Secret;
import org.totpkit.kit.totp.MacAlgorithm;
import org.totpkit.kit.totp.TotpGenerator;

/** Users, starting a registration, and what the start response must say. */
public class RegistrationSteps {
  private final World world;

  public RegistrationSteps(World world) {
    this.world = world;
  }

  @Given("a user who may manage their own TOTP")
  public void aUser() {
    if (world.hooks.isPresent()) {
      HooksApi.CreatedUser created = world.hooks.get().createUser(Optional.empty());
      world.user = World.Actor.createdBy(created);
    } else {
      world.user =
          new World.Actor(
              world.target.userId().orElseThrow(),
              Optional.empty(),
              Optional.empty(),
              Caller.bearer(world.target.userToken().orElseThrow()),
              Optional.empty());
    }
  }

  @Given("a pending TOTP registration of the user")
  public void aPendingRegistration() {
    world.registration = start(world.user.caller(), world.user);
    Expect.success(world.last);
  }

  @When("the user starts a TOTP registration")
  public void theUserStarts() {
    world.registration = start(world.user.caller(), world.user);
  }

  @Given("the user has started a second TOTP registration")
  public void aSecondRegistration() {
    World.Registration first = world.registration();
    world.registration = start(world.user.caller(), world.user);
    Expect.success(world.last);
    world.otherRegistration = first;
  }

  @When("the user turns to the first registration")
  public void turnToTheFirst() {
    World.Registration second = world.registration();
    world.registration = world.otherRegistration;
    world.otherRegistration = second;
  }

  @When("the user starts two TOTP registrations")
  public void theUserStartsTwo() {
    world.otherRegistration = start(world.user.caller(), world.user);
    Expect.success(world.last);
    world.registration = start(world.user.caller(), world.user);
  }

  @When("the user starts a TOTP registration with {} as the request body")
  public void theUserStartsWithABody(String body) {
    String text =
        switch (body) {
          case "a JSON object" -> "{\"unexpected\": true}";
          case "a JSON string" -> "\"123456\"";
          case "broken JSON" -> "{\"unexpected\":";
          default -> throw new IllegalArgumentException("no such body: " + body);
        };
    world.registration =
        registrationFrom(
            world.api.startWithBody(world.user.caller(), world.user.userId(), text), world.user);
  }

  @When(
      "the user starts a TOTP registration with a binary request that also carries a field number"
          + " the contract does not have")
  public void theUserStartsWithAnUnknownFieldNumber() {
    world.registration =
        registrationFrom(
            world.api.startWithAnUnknownFieldNumber(world.user.caller(), world.user.userId()),
            world.user);
  }

  /** Starts a registration as {@code caller} for {@code owner}; null unless the answer is 200. */
  World.Registration start(Caller caller, World.Actor owner) {
    return registrationFrom(world.api.start(caller, owner.userId()), owner);
  }

  /** The registration a start {@code response} describes; null unless the answer is 200. */
  World.Registration registrationFrom(ApiResponse response, World.Actor owner) {
    world.last = response;
    if (!response.ok()) {
      return null;
    }
    response
        .text("details", "owner", "id")
        .or(() -> response.text("details", "resourceOwner"))
        .ifPresent(id -> world.startedOwnerId = id);
    String secret = response.text("secret").orElse("");
    Optional<KeyUri> uri = response.text("uri").flatMap(KeyUri::parse);
    MacAlgorithm algorithm =
        uri.flatMap(u -> u.parameter("algorithm"))
            .map(MacAlgorithm::named)
            .orElse(MacAlgorithm.SHA1);
    int digits =
        uri.flatMap(u -> u.parameter("digits"))
            .map(Integer::parseInt)
            .orElse(TotpGenerator.DEFAULT_DIGITS);
    int period =
        uri.flatMap(u -> u.parameter("period"))
            .map(Integer::parseInt)
            .orElse(TotpGenerator.DEFAULT_PERIOD_SECONDS);
    World.Registration registration =
        new World.Registration(
            owner,
            response.text("totpId").orElse(""),
            TotpGenerator.forSecret(secret, algorithm, digits, period),
            Optional.of(secret),
            uri);
    world.created.add(registration);
    return registration;
  }

  @Then("the registration is started")
  public void theRegistrationIsStarted() {
    Expect.success(world.last);
    // v2 has one TOTP per user and no registration id.
    Expect.that(
        world.registration != null
            && (V2Steps.speaksV2(world) || !world.registration.totpId().isEmpty()),
        "the start response has no totpId");
  }

  @Then("the details name the user and the user's organization as owner")
  public void theDetailsNameTheUser() {
    ApiResponse response = world.last;
    Expect.that(
        response.text("details", "id").equals(Optional.of(world.user.userId())),
        "details.id is "
            + response.text("details", "id").orElse("missing")
            + ", the contract wants the user id "
            + world.user.userId());
    Expect.that(
        response.text("details", "owner", "type").equals(Optional.of("OWNER_TYPE_ORG")),
        "details.owner.type is "
            + response.text("details", "owner", "type").orElse("missing")
            + ", the contract wants OWNER_TYPE_ORG");
    Optional<String> ownerId = response.text("details", "owner", "id");
    Expect.that(ownerId.filter(id -> !id.isBlank()).isPresent(), "details.owner.id is missing");
    world
        .user
        .orgId()
        .ifPresent(
            org ->
                Expect.that(
                    ownerId.get().equals(org),
                    "details.owner.id is "
                        + ownerId.get()
                        + ", the contract wants the user's organization "
                        + org));
    Instant created = instant(response, "created");
    Instant changed = instant(response, "changed");
    Expect.that(!changed.isBefore(created), "details.changed is before details.created");
    world
        .user
        .created()
        .ifPresent(
            userCreated ->
                Expect.that(
                    OffsetDateTime.parse(userCreated).toInstant().equals(created),
                    "details.created is "
                        + created
                        + ", the contract wants the user's creation time "
                        + userCreated));
  }

  /**
   * A timestamp as protojson writes one (and so grpc-gateway's REST body): UTC with Z, a fraction
   * only when it is not zero, of 3, 6 or 9 digits.
   */
  private static final java.util.regex.Pattern PROTOJSON_TIMESTAMP =
      java.util.regex.Pattern.compile(
          "[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}(\\.([0-9]{3}){1,3})?Z");

  private static Instant instant(ApiResponse response, String field) {
    Optional<String> text = response.text("details", field);
    Expect.that(text.isPresent(), "details." + field + " is missing");
    Expect.that(
        PROTOJSON_TIMESTAMP.matcher(text.get()).matches() && !text.get().matches(".*\\.0+Z"),
        "details."
            + field
            + " is "
            + text.get()
            + ", the contract wants RFC 3339 in UTC as protojson writes it (Z, a fraction only"
            + " when not zero, of 3, 6 or 9 digits)");
    try {
      return OffsetDateTime.parse(text.get()).toInstant();
    } catch (RuntimeException e) {
      throw new AssertionError("details." + field + " is not an RFC 3339 timestamp: " + text.get());
    }
  }

  @Then("details.changed is the server clock's time, written {string}")
  public void changedIsTheServerClock(String written) {
    Optional<String> changed = world.last.text("details", "changed");
    instant(world.last, "changed");
    Expect.that(
        changed.equals(Optional.of(written)),
        "details.changed is "
            + changed.orElse("missing")
            + ", the contract wants the time of this change on the server's clock, "
            + written);
  }

  @Then("details.created is the user's creation")
  public void createdIsTheUsersCreation() {
    Instant created = instant(world.last, "created");
    String userCreated =
        world
            .user
            .created()
            .orElseThrow(
                () ->
                    new org.opentest4j.TestAbortedException(
                        World.NOT_VERIFIABLE
                            + ": the user hook did not say when it created the user"));
    Expect.that(
        OffsetDateTime.parse(userCreated).toInstant().equals(created),
        "details.created is "
            + created
            + ", the contract wants the user's creation time "
            + userCreated);
  }

  @Then("the registration id is a decimal number")
  public void theIdIsDecimal() {
    String totpId = world.registration().totpId();
    Expect.that(
        totpId.matches("[0-9]{1,200}"),
        "totpId " + totpId + " is not a decimal digit string of 1..200 characters");
  }

  @Then("the secret is upper-case Base32 without padding")
  public void theSecretIsBase32() {
    String secret = world.registration().secret().orElse("");
    Expect.that(
        Base32Secret.isCanonical(secret),
        "the secret is not upper-case RFC 4648 Base32 without padding (length "
            + secret.length()
            + ")");
  }

  @Then("the secret carries at least 128 bits")
  public void theSecretIsLongEnough() {
    int bytes = Base32Secret.decode(world.registration().secret().orElse("")).length;
    Expect.that(
        bytes * 8 >= 128,
        "the secret carries " + bytes * 8 + " bits, the contract wants at least 128");
  }

  @Then("the two registrations have different ids and different secrets")
  public void theTwoDiffer() {
    theRegistrationIsStarted();
    Expect.that(
        !world.registration.totpId().equals(world.otherRegistration.totpId()),
        "two starts gave the same totpId");
    Expect.that(
        !world.registration.secret().equals(world.otherRegistration.secret()),
        "two starts gave the same secret");
  }

  @Then("the Key URI carries the secret of the response")
  public void theUriCarriesTheSecret() {
    KeyUri uri = keyUri();
    Expect.that(
        uri.secret().equals(world.registration().secret().orElse("")),
        "the secret in the Key URI differs from the secret in the response");
  }

  @Then("the Key URI is labelled with its issuer and the user's account name")
  public void theUriIsLabelled() {
    KeyUri uri = keyUri();
    Expect.that(!uri.issuerInLabel().isEmpty(), "the Key URI's label has no issuer");
    Expect.that(
        uri.parameter("issuer").equals(Optional.of(uri.issuerInLabel())),
        "the Key URI's issuer parameter differs from the issuer in its label");
    Expect.that(!uri.accountName().isEmpty(), "the Key URI's label has no account name");
    world
        .user
        .loginName()
        .ifPresent(
            login ->
                Expect.that(
                    uri.accountName().equals(login),
                    "the Key URI's account name is "
                        + uri.accountName()
                        + ", the contract wants the login name "
                        + login));
    Expect.that(
        !uri.rawText().contains("+"),
        "the Key URI encodes something with '+'; the contract wants %20 for a space");
    List<String> sorted = new ArrayList<>(uri.rawQueryKeys());
    sorted.sort(null);
    Expect.that(
        sorted.equals(uri.rawQueryKeys()),
        "the Key URI's parameters are not sorted by key: " + uri.rawQueryKeys());
    for (String key : List.of("algorithm", "digits", "issuer", "period", "secret")) {
      Expect.that(uri.parameter(key).isPresent(), "the Key URI has no " + key + " parameter");
    }
  }

  @Then("a code computed with the Key URI's algorithm, digits and period verifies the registration")
  public void aCodeFromTheUriVerifies() {
    KeyUri uri = keyUri();
    TotpGenerator fromUri =
        TotpGenerator.forSecret(
            uri.secret(),
            MacAlgorithm.named(uri.parameter("algorithm").orElse("")),
            Integer.parseInt(uri.parameter("digits").orElse("0")),
            Integer.parseInt(uri.parameter("period").orElse("0")));
    World.Registration registration = world.registration();
    World.Registration asUriSays =
        new World.Registration(
            registration.owner(),
            registration.totpId(),
            fromUri,
            registration.secret(),
            registration.uri());
    String code = world.currentCode(asUriSays);
    world.last =
        world.api.verify(world.user.caller(), world.user.userId(), registration.totpId(), code);
    Expect.success(world.last);
  }

  @Given(
      "the OTP policy asks for {word}, {int} digits, a {int} second period and the issuer {string}")
  public void thePolicyAsksFor(String algorithm, int digits, int period, String issuer) {
    ObjectNode change =
        JsonNodeFactory.instance
            .objectNode()
            .put("algorithm", algorithm)
            .put("digits", digits)
            .put("period", period)
            .put("issuer", issuer);
    changePolicy(world, change);
  }

  static void changePolicy(World world, ObjectNode change) {
    HooksApi hooks = world.hooks("changing the OTP policy");
    world.mustRunAlone("@policy", "changes the OTP policy");
    if (world.policyBefore == null) {
      world.policyBefore = hooks.readPolicy();
    }
    hooks.changePolicy(change);
  }

  @Then("the Key URI names {word}, {int} digits, a {int} second period and the issuer {string}")
  public void theUriNames(String algorithm, int digits, int period, String issuer) {
    theRegistrationIsStarted();
    KeyUri uri = keyUri();
    expectPolicyParameter(uri, "algorithm", "is", algorithm);
    expectPolicyParameter(uri, "digits", "are", Integer.toString(digits));
    expectPolicyParameter(uri, "period", "is", Integer.toString(period));
    expectPolicyParameter(uri, "issuer", "is", issuer);
    Expect.that(
        uri.issuerInLabel().equals(issuer),
        "the Key URI's label names the issuer "
            + uri.issuerInLabel()
            + ", the policy says "
            + issuer);
    Expect.that(
        uri.rawText().contains(issuer.replace(" ", "%20")),
        "the Key URI does not encode a space in the issuer as %20");
  }

  /** The Key URI's parameter {@code name} says what the policy set. */
  private static void expectPolicyParameter(KeyUri uri, String name, String verb, String policy) {
    Expect.that(
        uri.parameter(name).equals(Optional.of(policy)),
        "the Key URI's "
            + name
            + " "
            + verb
            + " "
            + uri.parameter(name).orElse("missing")
            + ", the policy says "
            + policy);
  }

  private KeyUri keyUri() {
    theRegistrationIsStarted();
    return world
        .registration()
        .uri()
        .orElseThrow(
            () -> new AssertionError("the start response's uri is not an otpauth://totp/ Key URI"));
  }

  static void requireAbortIfMissing(boolean present, String what) {
    if (!present) {
      throw new TestAbortedException(World.NOT_VERIFIABLE + ": " + what);
    }
  }
}
