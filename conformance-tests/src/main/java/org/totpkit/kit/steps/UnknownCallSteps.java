package org.totpkit.kit.steps;

import io.cucumber.java.en.Then;
import io.cucumber.java.en.When;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
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

  /**
   * An unknown method whose name, as it goes into the path, holds '%' ("%25", a percent sign) and
   * the escapes of a non-ASCII character ("%E2%82%AC", the euro sign): a server that quotes it in
   * its status message must percent-encode that message, or the client reads another name.
   */
  static final String PERCENT_METHOD = "KitNoSuchMethod%25%E2%82%AC";

  private static final String PERCENT_METHOD_STEM = "KitNoSuchMethod";

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

  @When(
      "the user sends a correct verify request to a method the service does not have, whose name"
          + " holds a percent sign and the escapes of a non-ASCII character")
  public void toAPercentMethod() {
    World.Registration registration = world.registration();
    world.last =
        world.api.verifyAtAMethodNamed(
            world.user.caller(),
            world.user.userId(),
            registration.totpId(),
            world.currentCode(registration),
            PERCENT_METHOD);
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

  /**
   * The contract does not require the words of the status message, but a message that names the
   * method must name it as it was sent, once decoded: a server that sends it raw lets the client
   * decode "%25" and "%E2%82%AC" once more; one that encodes twice leaves escapes in it.
   */
  @Then("the status message, once decoded, quotes the method's name exactly as it was sent")
  public void messageQuotesTheNameAsSent() {
    ApiResponse answer = world.last;
    String message = answer.message();
    Expect.that(
        !message.contains(PERCENT_METHOD_STEM) || message.contains(PERCENT_METHOD),
        answer.operation()
            + " answered the status message \""
            + message
            + "\", which names the method but not as it was sent ("
            + PERCENT_METHOD
            + "): grpc-message must be percent-encoded exactly once (contract/v3alpha.md"
            + "#v3alpha-rpc-grpc-message)");
  }

  /**
   * Where the transport shows the raw {@code grpc-message} (the trailer frame of gRPC-Web;
   * grpc-java decodes gRPC's trailer before a client sees it, and Connect has none), it is
   * printable ASCII, each '%' starts an escape of two hex digits, and the escapes decode to UTF-8.
   */
  @Then("the raw grpc-message, where the transport shows it, is valid percent-encoding")
  public void rawMessageIsPercentEncoded() {
    ApiResponse answer = world.last;
    answer
        .metadata("grpc-message")
        .ifPresent(
            raw -> {
              String problem = percentEncodingProblem(raw);
              Expect.that(
                  problem == null,
                  answer.operation()
                      + " answered grpc-message \""
                      + raw
                      + "\", which is not gRPC's percent-encoding: "
                      + problem
                      + " (contract/v3alpha.md#v3alpha-rpc-grpc-message)");
            });
  }

  /** Why {@code raw} is no valid grpc-message value, or null when it is one. */
  static String percentEncodingProblem(String raw) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    for (int i = 0; i < raw.length(); i++) {
      char c = raw.charAt(i);
      if (c < 0x20 || c > 0x7e) {
        return String.format("character U+%04X is not escaped", (int) c);
      }
      if (c != '%') {
        bytes.write(c);
        continue;
      }
      if (i + 2 >= raw.length()
          || Character.digit(raw.charAt(i + 1), 16) < 0
          || Character.digit(raw.charAt(i + 2), 16) < 0) {
        return "a '%' at " + i + " starts no escape of two hex digits";
      }
      bytes.write(Integer.parseInt(raw.substring(i + 1, i + 3), 16));
      i += 2;
    }
    try {
      StandardCharsets.UTF_8.newDecoder().decode(ByteBuffer.wrap(bytes.toByteArray()));
      return null;
    } catch (CharacterCodingException e) {
      return "its escapes do not decode to UTF-8";
    }
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
