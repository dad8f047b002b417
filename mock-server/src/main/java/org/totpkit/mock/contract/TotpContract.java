package org.totpkit.mock.contract;

import org.totpkit.mock.totp.Caller;
import org.totpkit.mock.totp.HeldCommit;
import org.totpkit.mock.totp.LimitReached;
import org.totpkit.mock.totp.Outcome;
import org.totpkit.mock.totp.TotpService;
import org.totpkit.mock.totp.User;

/**
 * Rows 4 to 14 of the error table, in their order, for every transport: authentication, field
 * rules, then the domain, whose outcomes become contract errors here and nowhere else. A transport
 * decodes its request into a {@link ContractCall} (its own rows come before) and renders the {@link
 * Answer}.
 */
public final class TotpContract {
  private static final int ID_MAX = 200;
  private static final int CODE_MIN = 6;
  private static final int CODE_MAX = 9;

  private final TotpService service;
  private final Authentication authentication;
  private final AnsweredCalls answered;

  public TotpContract(TotpService service, Authentication authentication) {
    this(service, authentication, AnsweredCalls.NONE);
  }

  /**
   * @param answered told of every answer, for the web console's live log
   */
  public TotpContract(TotpService service, Authentication authentication, AnsweredCalls answered) {
    this.service = service;
    this.authentication = authentication;
    this.answered = answered;
  }

  public Answer answer(ContractCall call) {
    Decided<Answer> decided =
        service.consistently(() -> new Decided<>(decide(call), service.clock().instant()));
    // Shown once the answer's write is committed: an answer held for it may be decided again.
    HeldCommit.afterWritten(
        () -> answered.answered(AnsweredCall.ofV3alpha(call, decided.answer()), decided.at()));
    return decided.answer();
  }

  private Answer decide(ContractCall call) {
    Authentication.Result auth = authentication.authenticate(call.authorization(), call.userId());
    if (auth instanceof Authentication.Refused refused) {
      return new Answer.Refused(refused.error());
    }
    Caller caller = ((Authentication.Authenticated) auth).caller();
    ContractError invalid = validateFields(call);
    if (invalid != null) {
      return new Answer.Refused(invalid);
    }
    Outcome outcome =
        switch (call.operation()) {
          case START -> service.start(caller, call.userId(), call.scope());
          case VERIFY ->
              service.verify(caller, call.userId(), call.totpId(), call.code(), call.scope());
          case REMOVE -> service.remove(caller, call.userId(), call.totpId(), call.scope());
        };
    return answerOf(outcome, call.operation());
  }

  // Row 7, field by field in the order of the request message.
  private static ContractError validateFields(ContractCall call) {
    Operation operation = call.operation();
    if (!hasRunes(call.userId(), 1, ID_MAX)) {
      return ErrorTable.fieldLength(operation, "Id", 1, ID_MAX);
    }
    if (operation != Operation.START && !hasRunes(call.totpId(), 1, ID_MAX)) {
      return ErrorTable.fieldLength(operation, "TotpId", 1, ID_MAX);
    }
    if (operation == Operation.VERIFY && !hasRunes(call.code(), CODE_MIN, CODE_MAX)) {
      return ErrorTable.fieldLength(operation, "Code", CODE_MIN, CODE_MAX);
    }
    return null;
  }

  // protoc-gen-validate counts runes (code points), not UTF-16 units; a missing field is empty.
  private static boolean hasRunes(String value, int min, int max) {
    int runes = value == null ? 0 : value.codePointCount(0, value.length());
    return runes >= min && runes <= max;
  }

  /** The one place where a domain outcome becomes a contract answer. */
  static Answer answerOf(Outcome outcome, Operation operation) {
    if (outcome instanceof Outcome.Started started) {
      return new Answer.Done(
          operation,
          details(started.user(), started.changed()),
          new Answer.NewRegistration(started.totpId(), started.uri(), started.secretBase32()));
    }
    if (outcome instanceof Outcome.Verified verified) {
      return new Answer.Done(operation, details(verified.user(), verified.changed()), null);
    }
    if (outcome instanceof Outcome.Removed removed) {
      return new Answer.Done(operation, details(removed.user(), removed.changed()), null);
    }
    return new Answer.Refused(errorOf(outcome, operation));
  }

  private static ContractError errorOf(Outcome outcome, Operation operation) {
    if (outcome instanceof Outcome.OutOfScope) {
      return ErrorTable.outOfScope();
    }
    if (outcome instanceof Outcome.UserNotFound) {
      return ErrorTable.userNotFound();
    }
    if (outcome instanceof Outcome.PermissionDenied) {
      return ErrorTable.permissionDenied();
    }
    if (outcome instanceof Outcome.RegistrationNotFound) {
      return operation == Operation.REMOVE
          ? ErrorTable.authenticatorNotFound()
          : ErrorTable.registrationNotFound();
    }
    if (outcome instanceof Outcome.AlreadyVerified) {
      return ErrorTable.alreadyVerified();
    }
    if (outcome instanceof Outcome.Locked locked) {
      return ErrorTable.locked(locked.retryAfter());
    }
    if (outcome instanceof Outcome.InvalidCode) {
      return ErrorTable.invalidCode();
    }
    if (outcome instanceof Outcome.Exhausted exhausted) {
      return ErrorTable.resourceExhausted(
          LimitReached.message(exhausted.resource(), exhausted.limit()));
    }
    throw new IllegalStateException("unmapped outcome " + outcome.getClass().getSimpleName());
  }

  private static Answer.Details details(User user, java.time.Instant changed) {
    return new Answer.Details(user.id(), user.created(), changed, user.orgId());
  }
}
