package org.totpkit.kit.steps;

import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import org.totpkit.kit.driver.Caller;

/**
 * How to make one request break one row of the error table (contract/v3alpha.md §3, contract/v2.md
 * §3), for the precedence matrix: which rows it breaks (by their anchors), which operations it
 * applies to, which parts of the request it shapes (two breakers that shape the same part cannot
 * meet in one request), and which rows it cannot be combined with, each with why.
 *
 * @param name what the request does wrong, as a report names it
 * @param rows the anchors of the rows it breaks (one per operation at most)
 * @param operations the operations it applies to; empty for all of them
 * @param parts the parts of the request it shapes
 * @param restOnly whether only REST can send it (rows 1 to 3 are HTTP's own)
 * @param alternative which of the row's answers it gives (v2: 403 for a member without the
 *     permission, 404 for a caller with no membership)
 * @param excludes rows (anchors, or {@code *} for every row) it cannot be combined with, and why
 * @param apply how it changes a request
 */
record Breaker(
    String name,
    Set<String> rows,
    Set<String> operations,
    Set<Part> parts,
    boolean restOnly,
    int alternative,
    Map<String, String> excludes,
    Function<Fixtures, java.util.function.Consumer<Attempt>> apply) {

  /** The parts of a request a breaker may shape. */
  enum Part {
    ROUTE,
    BODY,
    CALLER,
    USER,
    REGISTRATION,
    CODE,
    SCOPE
  }

  boolean appliesTo(String operation) {
    return operations.isEmpty() || operations.contains(operation);
  }

  /** Why this breaker and {@code other} cannot be in one request, if they cannot. */
  Optional<String> conflictWith(Breaker other, String otherRow, String row) {
    for (Part part : parts) {
      if (other.parts.contains(part)) {
        return Optional.of("both shape the request's " + part.name().toLowerCase());
      }
    }
    for (Map.Entry<String, String> exclusion : excludes.entrySet()) {
      if (exclusion.getKey().equals("*") || exclusion.getKey().equals(otherRow)) {
        return Optional.of(exclusion.getValue());
      }
    }
    for (Map.Entry<String, String> exclusion : other.excludes.entrySet()) {
      if (exclusion.getKey().equals("*") || exclusion.getKey().equals(row)) {
        return Optional.of(exclusion.getValue());
      }
    }
    return Optional.empty();
  }

  /** The users, tokens and registrations the breakers draw on, made once per scenario. */
  record Fixtures(
      World world,
      World.Actor user,
      World.Actor other,
      Caller memberWithoutPermission,
      World.Registration pending,
      World.Registration removable,
      World.Registration verified,
      World.Registration locked,
      World.Registration othersRegistration,
      World.Actor userWithoutTotp,
      World.Actor userWithReadyTotp,
      World.Registration readyTotp) {}

  /** One request of the matrix, as the breakers shape it; unshaped parts are the valid ones. */
  static final class Attempt {
    final String operation;
    World.Actor subject;
    Function<World.Actor, Caller> caller = World.Actor::caller;
    String userId;
    World.Registration registration;
    String totpId;
    Function<World.Registration, String> code;
    Map<String, String> scope = Map.of();
    String body;
    boolean unrouted;
    boolean wrongMethod;

    Attempt(String operation) {
      this.operation = operation;
    }
  }
}
