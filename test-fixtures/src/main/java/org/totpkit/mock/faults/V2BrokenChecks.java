package org.totpkit.mock.faults;

import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.totpkit.mock.contract.Authentication;
import org.totpkit.mock.contract.ContractError;
import org.totpkit.mock.contract.ErrorTable;
import org.totpkit.mock.contract.StatusCode;
import org.totpkit.mock.contract.v2.V2Answer;
import org.totpkit.mock.contract.v2.V2Call;
import org.totpkit.mock.contract.v2.V2Checks;
import org.totpkit.mock.contract.v2.V2Operation;
import org.totpkit.mock.totp.Caller;
import org.totpkit.mock.totp.Permission;
import org.totpkit.mock.totp.TotpStore;

/**
 * The v2 order of checks with the v2 faults built in, in front of the contract's: each fault is a
 * bug a vendor could ship in a v2 implementation, and it breaks the same rule over every transport
 * (they all ask these checks). State a fault needs (what was registered, what failed) is kept per
 * user here, never in the server.
 */
final class V2BrokenChecks implements V2Checks {
  /** How many wrong codes lock a TOTP under {@link Fault#V2_LOCKS_AFTER_WRONG_CODES}. */
  private static final int LOCK_AFTER = 5;

  private final Set<Fault> faults;
  private final V2Checks standard;
  private final Authentication authentication;
  private final TotpStore store;
  private final Map<String, V2Answer.Done> pending = new ConcurrentHashMap<>();
  private final Map<String, AtomicInteger> wrongCodes = new ConcurrentHashMap<>();
  private final Map<String, Verified> verified = new ConcurrentHashMap<>();
  // Who registered last, and with which Authorization (for V2_TOTP_LOOKUP_IGNORES_USER).
  private final AtomicReference<V2Call> lastRegister = new AtomicReference<>();

  private record Verified(String code, V2Answer.Done answer) {}

  V2BrokenChecks(
      Set<Fault> faults, V2Checks standard, Authentication authentication, TotpStore store) {
    this.faults = Set.copyOf(faults);
    this.store = store;
    this.standard = standard;
    this.authentication = authentication;
  }

  static boolean needed(Set<Fault> faults) {
    if (faults.contains(Fault.ORDER_V2_TOTP_BEFORE_PERMISSION)) {
      return true;
    }
    return faults.stream()
        .anyMatch(
            f ->
                f.name().startsWith("V2_")
                    && !f.name().startsWith("V2_REST_")
                    && !f.name().startsWith("V2_RPC_")
                    && !Set.of(
                            Fault.V2_SEQUENCE_AS_NUMBER,
                            Fault.V2_UNKNOWN_JSON_FIELDS_REFUSED,
                            Fault.V2_WRONG_METHOD_AS_NOT_FOUND,
                            Fault.V2_RPC_UNIMPLEMENTED_AS_NOT_FOUND)
                        .contains(f));
  }

  @Override
  public V2Answer answer(V2Call call) {
    Optional<V2Answer> before = before(call);
    if (before.isPresent()) {
      return before.get();
    }
    return after(call, standard.answer(call));
  }

  /** Faults that answer instead of the contract. */
  private Optional<V2Answer> before(V2Call call) {
    String user = call.userId();
    if (call.operation() == V2Operation.VERIFY && call.code() != null) {
      String code = call.code();
      if (has(Fault.V2_CODE_NOT_TRIMMED) && !code.equals(code.strip())) {
        return refused(ErrorTable.invalidCode());
      }
      if (has(Fault.V2_LENGTH_AS_FIELD_RULE) && code.strip().length() != 6) {
        return refused(ErrorTable.fieldLength(V2Operation.VERIFY.requestMessage, "Code", 6, 6));
      }
      if (has(Fault.V2_FIELD_RULES_IN_UTF16_UNITS) && code.length() > 200) {
        return refused(ErrorTable.fieldLength(V2Operation.VERIFY.requestMessage, "Code", 1, 200));
      }
      if (has(Fault.V2_FIELD_RULES_NOT_CHECKED) && (code.isEmpty() || code.length() > 200)) {
        return refused(ErrorTable.invalidCode());
      }
      if (has(Fault.V2_LOCKS_AFTER_WRONG_CODES)
          && wrongCodes.getOrDefault(user, new AtomicInteger()).get() >= LOCK_AFTER) {
        return refused(ErrorTable.invalidCode());
      }
    }
    if (has(Fault.V2_FIELD_RULES_NOT_CHECKED) && user.length() > 200) {
      return refused(ErrorTable.userNotFound());
    }
    if (has(Fault.V2_FIELD_RULES_IN_UTF16_UNITS) && user.length() > 200) {
      return refused(ErrorTable.fieldLength(call.operation().requestMessage, "UserId", 1, 200));
    }
    V2Call last = lastRegister.get();
    if (has(Fault.V2_TOTP_LOOKUP_IGNORES_USER)
        && call.operation() != V2Operation.REGISTER
        && !pending.containsKey(user)
        && !verified.containsKey(user)
        && last != null
        && !last.userId().equals(user)
        && pending.containsKey(last.userId())) {
      // The TOTP found is the last one registered, acted on as its own user would.
      return Optional.of(
          after(
              new V2Call(call.operation(), last.authorization(), last.userId(), call.code()),
              standard.answer(
                  new V2Call(call.operation(), last.authorization(), last.userId(), call.code()))));
    }
    if (has(Fault.V2_PENDING_NOT_REPLACED)
        && call.operation() == V2Operation.REGISTER
        && pending.containsKey(user)) {
      return Optional.of(pending.get(user));
    }
    Optional<Caller> caller = caller(call);
    if (has(Fault.V2_REMOVE_CHECKS_PERMISSION_FIRST)
        && call.operation() == V2Operation.REMOVE
        && caller.isPresent()
        && !user.equals(caller.get().userId())
        && !caller.get().permissions().contains(Permission.USER_WRITE)) {
      return refused(ErrorTable.permissionDenied());
    }
    if (has(Fault.ORDER_V2_TOTP_BEFORE_PERMISSION)
        && call.operation() == V2Operation.VERIFY
        && caller.isPresent()
        && !user.equals(caller.get().userId())
        && !caller.get().permissions().contains(Permission.USER_CREDENTIAL_WRITE)
        && store.user(user).isPresent()
        && store.ownTotpId(user).isEmpty()) {
      return refused(ErrorTable.registrationNotFound());
    }
    if (has(Fault.V2_SELF_SERVICE_REFUSED)
        && caller.isPresent()
        && user.equals(caller.get().userId())) {
      return refused(ErrorTable.permissionDenied());
    }
    return Optional.empty();
  }

  /** Faults that change the contract's answer, or what it did. */
  private V2Answer after(V2Call call, V2Answer answer) {
    String user = call.userId();
    if (answer instanceof V2Answer.Refused refused) {
      String id = refused.error().detail().map(ContractError.Detail::id).orElse("");
      if (has(Fault.V2_READY_REGISTER_SUCCEEDS) && id.equals("COMMAND-do9se")) {
        standard.answer(new V2Call(V2Operation.REMOVE, call.authorization(), user, null));
        return after(call, standard.answer(call));
      }
      if (has(Fault.V2_READY_REGISTER_AS_FAILED_PRECONDITION) && id.equals("COMMAND-do9se")) {
        return new V2Answer.Refused(refused.error().withCode(StatusCode.FAILED_PRECONDITION));
      }
      if (has(Fault.V2_LOCKS_AFTER_WRONG_CODES) && id.equals("EVENT-8isk2")) {
        wrongCodes.computeIfAbsent(user, u -> new AtomicInteger()).incrementAndGet();
      }
      if (has(Fault.V2_REPLAYS_VERIFY_AGAIN) && id.equals("COMMAND-qx4ls")) {
        Verified last = verified.get(user);
        if (last != null && last.code().equals(call.code())) {
          return last.answer();
        }
      }
      if (has(Fault.V2_NO_MEMBERSHIP_AS_FORBIDDEN) && id.equals("AUTHZ-cdgFk")) {
        return new V2Answer.Refused(ErrorTable.permissionDenied());
      }
      if (has(Fault.V2_FORBIDDEN_AS_NO_MEMBERSHIP) && id.equals("AUTH-AWfge")) {
        return new V2Answer.Refused(ErrorTable.membershipNotFound());
      }
      if (has(Fault.V2_REGISTER_UNKNOWN_USER_AS_NOT_FOUND) && id.equals("COMMAND-SqyJz")) {
        return new V2Answer.Refused(ErrorTable.userNotFound());
      }
      if (has(Fault.V2_VERIFY_UNKNOWN_USER_AS_NO_TOTP) && id.equals("COMMAND-4g3xq")) {
        return new V2Answer.Refused(ErrorTable.registrationNotFound());
      }
      if (has(Fault.V2_VERIFY_NO_TOTP_AS_WRONG_CODE) && id.equals("COMMAND-3Mif9s")) {
        return new V2Answer.Refused(ErrorTable.invalidCode());
      }
      if (has(Fault.V2_REGISTER_CHECKS_PERMISSION_FIRST)
          && id.equals("COMMAND-SqyJz")
          && caller(call).filter(c -> !user.equals(c.userId())).isPresent()) {
        return new V2Answer.Refused(ErrorTable.permissionDenied());
      }
      if (has(Fault.V2_VERIFY_STATE_BEFORE_PERMISSION)
          && call.operation() == V2Operation.VERIFY
          && (id.equals("AUTH-AWfge") || id.equals("AUTHZ-cdgFk"))) {
        if (verified.containsKey(user)) {
          return new V2Answer.Refused(ErrorTable.totpAlreadyReady());
        }
        if (!pending.containsKey(user)) {
          return new V2Answer.Refused(ErrorTable.registrationNotFound());
        }
      }
      if (has(Fault.V2_READY_TEXT_TRANSLATED) && id.equals("COMMAND-qx4ls")) {
        return new V2Answer.Refused(ErrorTable.alreadyVerified());
      }
      if (has(Fault.V2_ERRORS_WITHOUT_DETAIL)) {
        return new V2Answer.Refused(refused.error().withoutDetail());
      }
      return answer;
    }
    V2Answer.Done done = (V2Answer.Done) answer;
    switch (call.operation()) {
      case REGISTER -> {
        pending.put(user, done);
        verified.remove(user);
        lastRegister.set(call);
      }
      case VERIFY -> {
        pending.remove(user);
        // The same code verifies again until the TOTP is removed or replaced.
        verified.put(user, new Verified(call.code(), done));
      }
      case REMOVE -> {
        pending.remove(user);
        verified.remove(user);
        if (has(Fault.V2_REMOVE_KEEPS_A_TOTP)) {
          standard.answer(new V2Call(V2Operation.REGISTER, call.authorization(), user, null));
        }
      }
    }
    V2Answer.Details details = done.details();
    if (has(Fault.V2_SEQUENCE_NOT_INCREMENTED)) {
      details = new V2Answer.Details(1, details.changeDate(), details.resourceOwner());
    }
    if (has(Fault.V2_RESOURCE_OWNER_IS_THE_USER)) {
      details = new V2Answer.Details(details.sequence(), details.changeDate(), user);
    }
    if (has(Fault.V2_CHANGE_DATE_AN_HOUR_AHEAD)) {
      details =
          new V2Answer.Details(
              details.sequence(),
              details.changeDate().plus(Duration.ofHours(1)),
              details.resourceOwner());
    }
    V2Answer.NewTotp totp = done.totp();
    if (totp != null && has(Fault.V2_SECRET_LOWER_CASE)) {
      String lower = totp.secretBase32().toLowerCase(Locale.ROOT);
      totp =
          new V2Answer.NewTotp(
              totp.uri().replace("secret=" + totp.secretBase32(), "secret=" + lower), lower);
    }
    if (totp != null && has(Fault.V2_REGISTER_WITHOUT_URI)) {
      totp = new V2Answer.NewTotp("", totp.secretBase32());
    }
    return new V2Answer.Done(done.operation(), details, totp);
  }

  private Optional<Caller> caller(V2Call call) {
    return authentication.authenticate(call.authorization(), call.userId())
            instanceof Authentication.Authenticated ok
        ? Optional.of(ok.caller())
        : Optional.empty();
  }

  private boolean has(Fault fault) {
    return faults.contains(fault);
  }

  private static Optional<V2Answer> refused(ContractError error) {
    return Optional.of(new V2Answer.Refused(error));
  }
}
