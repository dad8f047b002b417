package org.totpkit.kit.steps;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.Function;
import org.totpkit.kit.driver.Caller;
import org.totpkit.kit.steps.Breaker.Attempt;
import org.totpkit.kit.steps.Breaker.Fixtures;
import org.totpkit.kit.steps.Breaker.Part;

/**
 * The breakers of each dialect: at least one per row of its error table (BreakersTest fails for a
 * row without one, naming it). The precedence matrix is every pair of compatible breakers of two
 * different rows, so a row added to the table joins the matrix once it has a breaker here.
 */
final class Breakers {
  private Breakers() {}

  private static final String ROUTING =
      "a request that matches no route has no operation: no other row applies to it";
  private static final String NO_SUCH_USER_HOLDS_NOTHING =
      "a registration's state and code are looked at only for the user who holds it; an unknown"
          + " user holds none (the pair with the missing registration covers it)";

  static List<Breaker> of(String dialect) {
    return switch (dialect) {
      case "v3alpha" -> v3alpha();
      case "v2" -> v2();
      default -> throw new IllegalArgumentException("no breakers for the dialect " + dialect);
    };
  }

  /** contract/v3alpha.md §3, rows 1 to 14. */
  static List<Breaker> v3alpha() {
    List<B> all = new ArrayList<>();
    all.add(
        b("a path that matches no route", "v3alpha-row-1", Part.ROUTE)
            .restOnly()
            .excluding("*", ROUTING)
            .apply(f -> a -> a.unrouted = true));
    all.add(
        b("the wrong method on the start path", "v3alpha-row-2", Part.ROUTE)
            .on("start")
            .restOnly()
            .excluding("v3alpha-row-8", "the kit sends the wrong method without scope parameters")
            .apply(f -> a -> a.wrongMethod = true));
    all.add(
        b("a verify body that is not a JSON string", "v3alpha-row-3", Part.BODY, Part.CODE)
            .on("verify")
            .restOnly()
            .excluding("v3alpha-row-8", "the kit sends a raw body without scope parameters")
            .apply(f -> a -> a.body = "[]"));
    auth(all, "v3alpha-row-4", "v3alpha-row-5", "v3alpha-row-6");
    all.add(
        b("a user id of 201 characters", "v3alpha-row-7", Part.USER)
            .apply(f -> a -> a.userId = "9".repeat(201)));
    all.add(
        b("a registration id of 201 characters", "v3alpha-row-7", Part.REGISTRATION)
            .on("verify", "remove")
            .apply(
                f ->
                    a -> {
                      a.registration = null;
                      a.totpId = "9".repeat(201);
                    }));
    all.add(
        b("a code of 5 characters", "v3alpha-row-7", Part.CODE)
            .on("verify")
            .apply(f -> a -> a.code = r -> "12345"));
    all.add(
        b("another instance", "v3alpha-row-8", Part.SCOPE)
            .apply(f -> a -> a.scope = Map.of("instance.id", World.randomDigits(18))));
    all.add(
        b("an organization that is not the user's", "v3alpha-row-8", Part.SCOPE)
            .excluding(
                "v3alpha-row-9",
                "whether a user is in an organization is defined only for a user that exists")
            .excluding(
                "v3alpha-row-7",
                "a user id of 201 characters names no user, whose organization is undefined")
            .apply(f -> a -> a.scope = Map.of("organization.orgId", "8" + World.randomDigits(17))));
    all.add(
        b("an unknown user", "v3alpha-row-9", Part.USER)
            .excluding("v3alpha-row-12", NO_SUCH_USER_HOLDS_NOTHING)
            .excluding("v3alpha-row-13", NO_SUCH_USER_HOLDS_NOTHING)
            .excluding("v3alpha-row-14", NO_SUCH_USER_HOLDS_NOTHING)
            .apply(f -> a -> a.userId = "kit-unknown-user-" + World.randomDigits(12)));
    all.add(
        b("another user of the organization, without permission", "v3alpha-row-10", Part.CALLER)
            .apply(f -> a -> a.caller = subject -> f.other().caller()));
    all.add(
        b("a registration that does not exist", "v3alpha-row-11", Part.REGISTRATION)
            .on("verify", "remove")
            .apply(
                f ->
                    a -> {
                      a.registration = null;
                      a.totpId = World.randomDigits(18);
                    }));
    all.add(
        b("another user's registration", "v3alpha-row-11", Part.REGISTRATION)
            .on("verify", "remove")
            .apply(f -> a -> a.registration = f.othersRegistration()));
    all.add(
        b("a verified registration", "v3alpha-row-12", Part.REGISTRATION)
            .on("verify")
            .apply(f -> a -> a.registration = f.verified()));
    all.add(
        b("a locked registration", "v3alpha-row-13", Part.REGISTRATION)
            .on("verify")
            .apply(f -> a -> a.registration = f.locked()));
    all.add(
        b("a wrong code", "v3alpha-row-14", Part.CODE)
            .on("verify")
            .apply(f -> a -> a.code = r -> f.world().wrongCode(r, r.generator().digits())));
    return all.stream().map(B::build).toList();
  }

  /** contract/v2.md §3: the shared rows 1 to 7, then each operation's own. */
  static List<Breaker> v2() {
    List<B> all = new ArrayList<>();
    all.add(
        b("a path that matches no route", "v2-row-1", Part.ROUTE)
            .restOnly()
            .excluding("*", ROUTING)
            .apply(f -> a -> a.unrouted = true));
    all.add(
        b("the wrong method on the register path", "v2-row-2", Part.ROUTE)
            .on("register")
            .restOnly()
            .excluding("v2-row-3", "the kit sends the wrong method without a body")
            .apply(f -> a -> a.wrongMethod = true));
    all.add(
        b("a body that is not a JSON object", "v2-row-3", Part.BODY, Part.CODE)
            .on("register", "verify")
            .restOnly()
            .apply(f -> a -> a.body = "[]"));
    auth(all, "v2-row-4", "v2-row-5", "v2-row-6");
    all.add(
        b("a user id of 201 characters", "v2-row-7", Part.USER)
            .apply(f -> a -> a.userId = "9".repeat(201)));
    all.add(
        b("a code of 201 characters", "v2-row-7", Part.CODE)
            .on("verify")
            .apply(f -> a -> a.code = r -> "1".repeat(201)));
    all.add(
        b(
                "an unknown user",
                Set.of("v2-register-unknown-user", "v2-verify-unknown-user", "v2-remove-no-totp"),
                Part.USER)
            .excluding("v2-verify-ready", NO_SUCH_USER_HOLDS_NOTHING)
            .excluding("v2-verify-wrong-code", NO_SUCH_USER_HOLDS_NOTHING)
            .apply(f -> a -> a.userId = "kit-unknown-user-" + World.randomDigits(12)));
    all.add(
        b(
                "a member of the organization without the permission",
                Set.of("v2-register-permission", "v2-verify-permission", "v2-remove-permission"),
                Part.CALLER)
            .apply(f -> a -> a.caller = subject -> f.memberWithoutPermission()));
    all.add(
        b(
                "another user, with no membership at all",
                Set.of("v2-register-permission", "v2-verify-permission", "v2-remove-permission"),
                Part.CALLER)
            .alternative(1)
            .apply(f -> a -> a.caller = subject -> f.other().caller()));
    all.add(
        b("a user whose TOTP is ready", Set.of("v2-register-ready", "v2-verify-ready"), Part.USER)
            .apply(
                f ->
                    a -> {
                      a.subject = f.userWithReadyTotp();
                      a.registration = f.readyTotp();
                    }));
    all.add(
        b("a user without a TOTP", Set.of("v2-verify-no-totp", "v2-remove-no-totp"), Part.USER)
            .apply(f -> a -> a.subject = f.userWithoutTotp()));
    all.add(
        b("a wrong code", "v2-verify-wrong-code", Part.CODE)
            .on("verify")
            .apply(f -> a -> a.code = r -> f.world().wrongCode(r, 6)));
    return all.stream().map(B::build).toList();
  }

  // Rows 4 to 6 each are the Authorization header: one request carries one.
  private static void auth(List<B> all, String missing, String notBearer, String unknown) {
    all.add(
        b("no Authorization header", missing, Part.CALLER)
            .apply(f -> a -> a.caller = subject -> Caller.anonymous()));
    all.add(
        b("a header without the Bearer prefix", notBearer, Part.CALLER)
            .apply(f -> a -> a.caller = subject -> Caller.rawAuthorization(subject.bearerToken())));
    all.add(
        b("an unknown token", unknown, Part.CALLER)
            .apply(
                f ->
                    a ->
                        a.caller =
                            subject ->
                                Caller.bearer("kit-unknown-token-" + World.randomDigits(24))));
  }

  private static B b(String name, String row, Part... parts) {
    return b(name, Set.of(row), parts);
  }

  private static B b(String name, Set<String> rows, Part... parts) {
    B b = new B();
    b.name = name;
    b.rows = rows;
    b.parts = Set.of(parts);
    return b;
  }

  /** Declares a breaker in a line or two. */
  private static final class B {
    String name;
    Set<String> rows;
    Set<String> operations = Set.of();
    Set<Part> parts;
    boolean restOnly;
    int alternative;
    final Map<String, String> excludes = new LinkedHashMap<>();
    Function<Fixtures, Consumer<Attempt>> apply;

    B on(String... operations) {
      this.operations = Set.of(operations);
      return this;
    }

    B restOnly() {
      this.restOnly = true;
      return this;
    }

    B alternative(int alternative) {
      this.alternative = alternative;
      return this;
    }

    B excluding(String row, String why) {
      excludes.put(row, why);
      return this;
    }

    B apply(Function<Fixtures, Consumer<Attempt>> apply) {
      this.apply = apply;
      return this;
    }

    Breaker build() {
      return new Breaker(
          name, rows, operations, parts, restOnly, alternative, Map.copyOf(excludes), apply);
    }
  }
}
