package org.totpkit.kit.steps;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.cucumber.java.en.Given;
import io.cucumber.java.en.Then;
import io.cucumber.java.en.When;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.totpkit.kit.driver.ApiResponse;
import org.totpkit.kit.driver.Caller;
import org.totpkit.kit.driver.HooksApi;
import org.totpkit.kit.order.ErrorTable;
import org.totpkit.kit.steps.Breaker.Attempt;
import org.totpkit.kit.steps.Breaker.Fixtures;
import org.totpkit.kit.target.Dialect;
import org.totpkit.kit.target.Transport;

/**
 * The precedence matrix (contract/v3alpha.md#v3alpha-check-order, contract/v2.md#v2-check-order):
 * for an operation, every pair of rows of the error table that one request can break together, sent
 * with both broken, each answered by the earlier row. The pairs come from the table the kit carries
 * and the {@link Breakers}; every failing pair is reported by name, not only the first.
 */
public class PrecedenceSteps {
  private final World world;
  private final RegistrationSteps registrations;
  private Fixtures fixtures;
  private boolean withLockedRegistration;
  private final List<String> failures = new ArrayList<>();
  private int pairs;

  public PrecedenceSteps(World world, RegistrationSteps registrations) {
    this.world = world;
    this.registrations = registrations;
  }

  @Given("the users, tokens and registrations that break each row of the error table")
  public void theFixtures() {
    fixtures = world.target.dialect() == Dialect.V2 ? v2Fixtures() : v3alphaFixtures();
  }

  @Given("a registration of the user locked by the lockout policy")
  public void aLockedRegistration() {
    withLockedRegistration = true;
    fixtures = v3alphaFixtures();
  }

  @When("every pair of rows that one {word} request can break is sent")
  public void everyPairIsSent(String operation) {
    ErrorTable table =
        world.target.dialect() == Dialect.V2 ? ErrorTable.v2() : ErrorTable.v3alpha();
    for (Pair pair : pairs(table, operation, world.target.transport() == Transport.REST)) {
      pairs++;
      check(operation, pair.earlierRow(), pair.earlier(), pair.laterRow(), pair.later());
    }
    scenario.log(pairs + " pairs of rows sent for " + operation);
  }

  @io.cucumber.java.Before
  public void remember(io.cucumber.java.Scenario scenario) {
    this.scenario = scenario;
  }

  private io.cucumber.java.Scenario scenario;

  /** Two breakers of two rows that one request can break together, the earlier row first. */
  record Pair(ErrorTable.Row earlierRow, Breaker earlier, ErrorTable.Row laterRow, Breaker later) {}

  /**
   * The matrix of {@code operation}: every pair of breakers of two different rows of its order that
   * one request can carry together (over REST, or over an RPC transport, where rows 1 to 3 do not
   * exist).
   */
  static List<Pair> pairs(ErrorTable table, String operation, boolean overRest) {
    List<ErrorTable.Row> order = table.order(operation);
    List<Breaker> usable = new ArrayList<>();
    for (Breaker breaker : Breakers.of(table.dialect())) {
      if (breaker.appliesTo(operation)
          && rowOf(breaker, order) >= 0
          && (!breaker.restOnly() || overRest)) {
        usable.add(breaker);
      }
    }
    List<Pair> pairs = new ArrayList<>();
    for (Breaker first : usable) {
      for (Breaker second : usable) {
        int earlier = rowOf(first, order);
        int later = rowOf(second, order);
        if (earlier < later
            && first
                .conflictWith(second, order.get(later).anchor(), order.get(earlier).anchor())
                .isEmpty()) {
          pairs.add(new Pair(order.get(earlier), first, order.get(later), second));
        }
      }
    }
    return pairs;
  }

  @Then("every pair is answered by its earlier row")
  public void everyPairIsAnsweredByItsEarlierRow() {
    Expect.that(pairs > 0, "the matrix has no pair of rows for this operation on this target");
    Expect.that(
        failures.isEmpty(),
        failures.size()
            + " of "
            + pairs
            + " pairs of broken rows were not answered by the earlier row: "
            + String.join("; ", failures));
  }

  private static int rowOf(Breaker breaker, List<ErrorTable.Row> order) {
    for (int i = 0; i < order.size(); i++) {
      if (breaker.rows().contains(order.get(i).anchor())) {
        return i;
      }
    }
    return -1;
  }

  private void check(
      String operation,
      ErrorTable.Row row,
      Breaker first,
      ErrorTable.Row laterRow,
      Breaker second) {
    int alternative = first.alternative();
    int status = row.httpStatus(alternative);
    int code = row.code(alternative);
    Optional<String> id = row.id(operation, alternative);
    String pair =
        operation
            + ": "
            + first.name()
            + " (row "
            + row.number()
            + ") with "
            + second.name()
            + " (row "
            + laterRow.number()
            + ")";
    ApiResponse response = null;
    try {
      Attempt attempt = defaults(operation);
      first.apply().apply(fixtures).accept(attempt);
      second.apply().apply(fixtures).accept(attempt);
      response = send(attempt);
      ErrorSteps.expectError(response, status, code, id);
    } catch (AssertionError | RuntimeException e) {
      failures.add(
          pair
              + ": "
              + e.getMessage()
              + " (row "
              + row.number()
              + " wants HTTP "
              + status
              + ", code "
              + code
              + id.map(i -> ", " + i).orElse("")
              + ")");
    }
    if (response != null && response.ok()) {
      // A server that served the request changed what later pairs rely on: start afresh.
      fixtures = world.target.dialect() == Dialect.V2 ? v2Fixtures() : v3alphaFixtures();
    }
  }

  private Attempt defaults(String operation) {
    Attempt attempt = new Attempt(operation);
    boolean v2 = world.target.dialect() == Dialect.V2;
    attempt.subject =
        v2 && operation.equals("register") ? fixtures.userWithoutTotp() : fixtures.user();
    attempt.registration =
        switch (operation) {
          case "verify" -> fixtures.pending();
          case "remove" -> v2 ? fixtures.pending() : fixtures.removable();
          default -> null;
        };
    return attempt;
  }

  private ApiResponse send(Attempt a) {
    Caller caller = a.caller.apply(a.subject);
    String userId = a.userId != null ? a.userId : a.subject.userId();
    World.Registration forCode = a.registration != null ? a.registration : fixtures.pending();
    String totpId =
        a.totpId != null ? a.totpId : a.registration != null ? a.registration.totpId() : "";
    if (a.unrouted) {
      return world.api.pathThatDoesNotExist(caller);
    }
    if (a.wrongMethod) {
      return world.api.startWithTheWrongMethod(caller, userId);
    }
    if (a.body != null) {
      return a.operation.equals("verify")
          ? world.api.verifyWithBody(caller, userId, totpId, a.body)
          : world.api.startWithBody(caller, userId, a.body);
    }
    return switch (a.operation) {
      case "start", "register" -> world.api.start(caller, userId, a.scope);
      case "verify" -> {
        String code = a.code != null ? a.code.apply(forCode) : world.currentCode(forCode);
        yield world.api.verify(caller, userId, totpId, World.register(code), a.scope);
      }
      case "remove" -> world.api.remove(caller, userId, totpId, a.scope);
      default -> throw new IllegalArgumentException("no such operation: " + a.operation);
    };
  }

  /** v3alpha: the user, another user of its organization, and its registrations in each state. */
  private Fixtures v3alphaFixtures() {
    HooksApi hooks = world.hooks("the precedence matrix");
    World.Actor user = World.Actor.createdBy(hooks.createUser(Optional.empty()));
    World.Actor other = World.Actor.createdBy(hooks.createUser(user.orgId()));
    World.Registration pending = started(user);
    World.Registration removable = started(user);
    World.Registration verified = started(user);
    ApiResponse done =
        world.api.verify(
            user.caller(), user.userId(), verified.totpId(), world.currentCode(verified));
    Expect.success(done);
    World.Registration locked = null;
    if (withLockedRegistration) {
      RegistrationSteps.changePolicy(
          world,
          JsonNodeFactory.instance
              .objectNode()
              .put("maxFailedAttempts", 1)
              .put("lockSeconds", 3600));
      locked = started(user);
      ApiResponse wrong =
          world.api.verify(
              user.caller(),
              user.userId(),
              locked.totpId(),
              world.wrongCode(locked, locked.generator().digits()));
      ErrorSteps.expectError(wrong, 400, 3, Optional.of("EVENT-8isk2"));
    }
    world.user = user;
    return new Fixtures(
        world,
        user,
        other,
        null,
        pending,
        removable,
        verified,
        locked,
        started(other),
        null,
        null,
        null);
  }

  /** v2: a user with a pending TOTP, one without, one with a ready one, and two outsiders. */
  private Fixtures v2Fixtures() {
    HooksApi hooks = world.hooks("the precedence matrix");
    World.Actor user = World.Actor.createdBy(hooks.createUser(Optional.empty()));
    String orgId = user.orgId().orElseThrow();
    World.Actor without = World.Actor.createdBy(hooks.createUser(user.orgId()));
    World.Actor ready = World.Actor.createdBy(hooks.createUser(user.orgId()));
    World.Actor other = World.Actor.createdBy(hooks.createUser(user.orgId()));
    World.Registration pending = started(user);
    World.Registration readyTotp = started(ready);
    Expect.success(
        world.api.verify(ready.caller(), ready.userId(), "", world.currentCode(readyTotp)));
    Caller member = Caller.bearer(hooks.createToken(orgId, List.of()));
    world.user = user;
    return new Fixtures(
        world, user, other, member, pending, pending, null, null, null, without, ready, readyTotp);
  }

  private World.Registration started(World.Actor owner) {
    World.Registration registration = registrations.start(owner.caller(), owner);
    Expect.success(world.last);
    return registration;
  }
}
