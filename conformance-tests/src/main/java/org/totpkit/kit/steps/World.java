package org.totpkit.kit.steps;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import org.opentest4j.TestAbortedException;
import org.totpkit.kit.driver.ApiResponse;
import org.totpkit.kit.driver.Caller;
import org.totpkit.kit.driver.HooksApi;
import org.totpkit.kit.driver.KeyUri;
import org.totpkit.kit.driver.TotpApi;
import org.totpkit.kit.report.Redaction;
import org.totpkit.kit.target.Target;
import org.totpkit.kit.target.Targets;
import org.totpkit.kit.totp.KitClock;
import org.totpkit.kit.totp.StepChoice;
import org.totpkit.kit.totp.TotpGenerator;

/** What one scenario knows: its target, its actors, its registration and the last answers. */
public final class World {
  public static final String NOT_VERIFIABLE = "not verifiable on this target";

  /** The contract's window (contract/v3alpha.md §4, upstream skew 1). */
  static final int CONTRACT_SKEW = 1;

  /** Someone who calls the API. */
  record Actor(
      String userId,
      Optional<String> orgId,
      Optional<String> loginName,
      Caller caller,
      Optional<String> created) {

    /** A user the target's hooks created, calling with their own token. */
    static Actor createdBy(HooksApi.CreatedUser user) {
      return new Actor(
          user.userId(),
          Optional.of(user.orgId()),
          Optional.of(user.loginName()),
          Caller.bearer(user.token()),
          user.created());
    }

    /** The token the actor calls with, for sending it in a malformed header. */
    String bearerToken() {
      if (caller instanceof Caller.Bearer bearer) {
        return bearer.token();
      }
      throw new IllegalStateException("the actor has no bearer token");
    }
  }

  /** A registration the kit can compute codes for. */
  record Registration(
      Actor owner,
      String totpId,
      TotpGenerator generator,
      Optional<String> secret,
      Optional<KeyUri> uri) {}

  final Target target = Targets.current();
  final TotpApi api = TotpApi.of(target);
  final Optional<HooksApi> hooks =
      target.hooksUrl().map(url -> new HooksApi(url, target.hooksToken()));

  Actor user;
  Actor other;
  Registration registration;
  Registration otherRegistration;
  ApiResponse last;
  List<ApiResponse> batch = new ArrayList<>();
  String lastCode;
  Optional<Instant> frozenAt = Optional.empty();
  Long referenceStep;
  boolean clockChanged;
  com.fasterxml.jackson.databind.JsonNode policyBefore;
  final List<Registration> created = new ArrayList<>();
  // details.owner.id of the last successful start: the user's organization on a live target.
  String startedOwnerId;

  /** The user's organization: from the hooks, or from a start response on a live target. */
  String userOrgId() {
    return user.orgId()
        .or(() -> Optional.ofNullable(startedOwnerId))
        .orElseThrow(() -> new IllegalStateException("no start response named the organization"));
  }

  /** The scenario's tags (its feature's included), set before its first step. */
  java.util.Collection<String> tags = java.util.List.of();

  /**
   * Stops a scenario that changes what every scenario on the server sees (its one clock, its one
   * OTP policy) without the tag that makes it run alone (ConformanceKit runs the others
   * concurrently).
   */
  void mustRunAlone(String tag, String what) {
    if (!tags.contains(tag)) {
      throw new IllegalStateException(
          "this scenario "
              + what
              + " but is not tagged "
              + tag
              + ", so it may run beside scenarios that this change would break");
    }
  }

  HooksApi hooks(String what) {
    return hooks.orElseThrow(
        () -> new TestAbortedException(NOT_VERIFIABLE + ": " + what + " needs hooksUrl"));
  }

  /** The server's "now" as far as the kit knows it: the frozen clock, or the kit's clock. */
  Instant now() {
    return frozenAt.orElseGet(KitClock::now);
  }

  /** How far the kit's idea of the server's time may be off: nothing when frozen. */
  Duration tolerance() {
    return frozenAt.isPresent() ? Duration.ZERO : target.clockTolerance();
  }

  Registration registration() {
    Expect.that(registration != null, "the scenario has no registration to work with");
    return registration;
  }

  /** The code {@code offset} steps from the server's step, chosen so no step has to pass. */
  String codeAtOffset(Registration of, int offset) {
    StepChoice choice =
        StepChoice.forOffset(
            now(), tolerance(), of.generator().periodSeconds(), offset, CONTRACT_SKEW);
    lastChoice = choice.conclusive() ? Optional.of(offset) : Optional.empty();
    lastChoiceWasInconclusive = !choice.conclusive();
    return register(of.generator().codeOfStep(choice.step()));
  }

  /** The offset of the last computed code from the server's step, when known exactly. */
  private Optional<Integer> lastChoice = Optional.empty();

  boolean lastChoiceWasInconclusive;

  /** Hands over (once) what the last computed code's offset was. */
  Optional<Integer> takeObservation() {
    Optional<Integer> taken = lastChoice;
    lastChoice = Optional.empty();
    return taken;
  }

  String currentCode(Registration of) {
    return codeAtOffset(of, 0);
  }

  /** A code of {@code digits} digits that no step near now gives: certainly wrong. */
  String wrongCode(Registration of, int digits) {
    TotpGenerator generator = of.generator();
    long step = generator.stepAt(now());
    List<String> near = new ArrayList<>();
    for (long s = step - 4; s <= step + 4; s++) {
      near.add(generator.codeOfStep(s));
    }
    while (true) {
      StringBuilder candidate = new StringBuilder();
      for (int i = 0; i < digits; i++) {
        candidate.append((char) ('0' + ThreadLocalRandom.current().nextInt(10)));
      }
      String text = candidate.toString();
      // Nor a code with digits added or dropped: a lenient server must not get lucky either.
      if (near.stream().noneMatch(code -> code.endsWith(text) || text.endsWith(code))) {
        return register(text);
      }
    }
  }

  static String register(String code) {
    Redaction.register(code);
    return code;
  }

  static String randomDigits(int count) {
    StringBuilder text = new StringBuilder("9");
    while (text.length() < count) {
      text.append((char) ('0' + ThreadLocalRandom.current().nextInt(10)));
    }
    return text.toString();
  }
}
