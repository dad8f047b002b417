package org.totpkit.kit.steps;

import io.cucumber.java.en.When;
import java.util.Map;

/**
 * Calls that name an instance or an organization (contract/v3alpha.md §1 query parameters, row 8).
 */
public class ScopeSteps {
  private final World world;
  private final RegistrationSteps registrations;

  public ScopeSteps(World world, RegistrationSteps registrations) {
    this.world = world;
    this.registrations = registrations;
  }

  @When("the user tries to {}, scoped to {}")
  public void scopedCall(String operation, String scope) {
    Map<String, String> query = query(scope);
    World.Registration registration = world.registration();
    String userId = world.user.userId();
    switch (operation) {
      case "start a registration" -> {
        World.Registration started =
            registrations.registrationFrom(
                world.api.start(world.user.caller(), userId, query), world.user);
        if (started != null) {
          world.registration = started;
        }
      }
      case "verify the registration" ->
          world.last =
              world.api.verify(
                  world.user.caller(),
                  userId,
                  registration.totpId(),
                  world.currentCode(registration),
                  query);
      case "remove the registration" ->
          world.last = world.api.remove(world.user.caller(), userId, registration.totpId(), query);
      default -> throw new IllegalArgumentException("no such operation: " + operation);
    }
  }

  private Map<String, String> query(String scope) {
    return switch (scope) {
      case "the user's organization by id" -> Map.of("organization.orgId", world.userOrgId());
      case "the user's organization by its snake_case id" ->
          Map.of("organization.org_id", world.userOrgId());
      case "another organization by id" -> Map.of("organization.orgId", anotherId());
      case "another organization by its snake_case id" ->
          Map.of("organization.org_id", anotherId());
      case "an unknown organization domain" ->
          Map.of("organization.orgDomain", "kit-" + World.randomDigits(12) + ".invalid");
      // Over RPC a oneof set to "" is sent as set; the contract counts it as not given.
      case "an empty organization id" -> Map.of("organization.orgId", "");
      case "another instance by id" -> Map.of("instance.id", World.randomDigits(18));
      case "another instance by domain" ->
          Map.of("instance.domain", "kit-" + World.randomDigits(12) + ".invalid");
      default -> throw new IllegalArgumentException("no such scope: " + scope);
    };
  }

  /** An organization id that is not the user's (decimal, as upstream ids are). */
  private String anotherId() {
    String id;
    do {
      id = World.randomDigits(18);
    } while (id.equals(world.userOrgId()));
    return id;
  }
}
