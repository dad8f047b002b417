package org.totpkit.mock.contract.v2;

import org.totpkit.mock.contract.AnsweredCall;
import org.totpkit.mock.contract.AnsweredCalls;
import org.totpkit.mock.contract.Authentication;
import org.totpkit.mock.contract.ContractError;
import org.totpkit.mock.contract.Decided;
import org.totpkit.mock.contract.ErrorTable;
import org.totpkit.mock.totp.Caller;
import org.totpkit.mock.totp.HeldCommit;
import org.totpkit.mock.totp.LimitReached;
import org.totpkit.mock.totp.Permission;
import org.totpkit.mock.totp.TotpService;
import org.totpkit.mock.totp.User;
import org.totpkit.mock.totp.UserTotp;

/**
 * The v2 dialect's order of checks, for every transport: authentication (as v3alpha's rows 4 to 6),
 * field rules, then per operation the order upstream's command layer has (the user, the caller's
 * permission and the TOTP's state come in a different order for each RPC). A transport decodes its
 * request into a {@link V2Call} (its own rows come before) and renders the {@link V2Answer}.
 */
public final class V2Contract implements V2Checks {
  private static final int USER_ID_MAX = 200;
  private static final int CODE_MAX = 200;

  private final TotpService service;
  private final Authentication authentication;
  private final AnsweredCalls answered;

  public V2Contract(TotpService service, Authentication authentication) {
    this(service, authentication, AnsweredCalls.NONE);
  }

  /**
   * @param answered told of every answer (the console's live log), after the checks
   */
  public V2Contract(TotpService service, Authentication authentication, AnsweredCalls answered) {
    this.service = service;
    this.authentication = authentication;
    this.answered = answered;
  }

  @Override
  public V2Answer answer(V2Call call) {
    Decided<V2Answer> decided =
        service.consistently(() -> new Decided<>(check(call), service.clock().instant()));
    V2Answer answer = decided.answer();
    ContractError error = answer instanceof V2Answer.Refused refused ? refused.error() : null;
    // The v2 TOTP has no id a client sees; v2's errors are not rows of v3alpha's table (row 0).
    HeldCommit.afterWritten(
        () ->
            answered.answered(
                new AnsweredCall("v2", call.operation().rpcName, call.userId(), null, error, 0),
                decided.at()));
    return answer;
  }

  private V2Answer check(V2Call call) {
    Authentication.Result auth = authentication.authenticate(call.authorization(), call.userId());
    if (auth instanceof Authentication.Refused refused) {
      return new V2Answer.Refused(refused.error());
    }
    Caller caller = ((Authentication.Authenticated) auth).caller();
    ContractError invalid = validateFields(call);
    if (invalid != null) {
      return new V2Answer.Refused(invalid);
    }
    return switch (call.operation()) {
      case REGISTER -> register(caller, call.userId());
      case VERIFY -> verify(caller, call.userId(), call.code());
      case REMOVE -> remove(caller, call.userId());
    };
  }

  /** The user first (400/9), then the permission, then the TOTP's state (409 when ready). */
  private V2Answer register(Caller caller, String userId) {
    User user = service.directory().user(userId).orElse(null);
    if (user == null) {
      return refused(ErrorTable.v2UserNotFoundOnRegister());
    }
    ContractError denied = permission(caller, user, Permission.USER_CREDENTIAL_WRITE);
    if (denied != null) {
      return refused(denied);
    }
    return answerOf(V2Operation.REGISTER, service.userTotp().register(user));
  }

  /** The user (404), the permission before the TOTP's state, then the code. */
  private V2Answer verify(Caller caller, String userId, String code) {
    User user = service.directory().user(userId).orElse(null);
    if (user == null) {
      return refused(ErrorTable.userNotFound());
    }
    ContractError denied = permission(caller, user, Permission.USER_CREDENTIAL_WRITE);
    if (denied != null) {
      return refused(denied);
    }
    return answerOf(V2Operation.VERIFY, service.userTotp().verify(user, code));
  }

  /** No TOTP (an unknown user included) first, then the permission ({@code user.write}). */
  private V2Answer remove(Caller caller, String userId) {
    User user = service.directory().user(userId).orElse(null);
    if (user == null || !service.userTotp().exists(userId)) {
      return refused(ErrorTable.authenticatorNotFound());
    }
    ContractError denied = permission(caller, user, Permission.USER_WRITE);
    if (denied != null) {
      return refused(denied);
    }
    return answerOf(V2Operation.REMOVE, service.userTotp().remove(user));
  }

  /**
   * The caller is the user, or holds {@code needed} in the user's organization; otherwise 403 for a
   * member (of any organization, with any permissions) and 404 for a caller with no membership.
   */
  private static ContractError permission(Caller caller, User user, Permission needed) {
    if (caller.mayActOn(user, needed)) {
      return null;
    }
    return caller.hasMembership() ? ErrorTable.permissionDenied() : ErrorTable.membershipNotFound();
  }

  // Field by field in the order of the request message; counted in runes, as protoc-gen-validate.
  private static ContractError validateFields(V2Call call) {
    String message = call.operation().requestMessage;
    if (!hasRunes(call.userId(), 1, USER_ID_MAX)) {
      return ErrorTable.fieldLength(message, "UserId", 1, USER_ID_MAX);
    }
    if (call.operation() == V2Operation.VERIFY && !hasRunes(call.code(), 1, CODE_MAX)) {
      return ErrorTable.fieldLength(message, "Code", 1, CODE_MAX);
    }
    return null;
  }

  private static boolean hasRunes(String value, int min, int max) {
    int runes = value == null ? 0 : value.codePointCount(0, value.length());
    return runes >= min && runes <= max;
  }

  /** The one place where the domain's result becomes a v2 answer. */
  private static V2Answer answerOf(V2Operation operation, UserTotp.Result result) {
    if (result instanceof UserTotp.Result.Registered registered) {
      return new V2Answer.Done(
          operation,
          details(registered.user(), registered.at(), registered.sequence()),
          new V2Answer.NewTotp(registered.uri(), registered.secretBase32()));
    }
    if (result instanceof UserTotp.Result.Verified verified) {
      return new V2Answer.Done(
          operation, details(verified.user(), verified.at(), verified.sequence()), null);
    }
    if (result instanceof UserTotp.Result.Removed removed) {
      return new V2Answer.Done(
          operation, details(removed.user(), removed.at(), removed.sequence()), null);
    }
    return refused(errorOf(operation, result));
  }

  private static ContractError errorOf(V2Operation operation, UserTotp.Result result) {
    if (result instanceof UserTotp.Result.AlreadyReady) {
      return operation == V2Operation.REGISTER
          ? ErrorTable.totpAlreadySetUp()
          : ErrorTable.totpAlreadyReady();
    }
    if (result instanceof UserTotp.Result.NoTotp) {
      return operation == V2Operation.REMOVE
          ? ErrorTable.authenticatorNotFound()
          : ErrorTable.registrationNotFound();
    }
    if (result instanceof UserTotp.Result.InvalidCode) {
      return ErrorTable.invalidCode();
    }
    if (result instanceof UserTotp.Result.NoUser) {
      return operation == V2Operation.REGISTER
          ? ErrorTable.v2UserNotFoundOnRegister()
          : ErrorTable.userNotFound();
    }
    if (result instanceof UserTotp.Result.Exhausted exhausted) {
      return ErrorTable.resourceExhausted(
          LimitReached.message(exhausted.resource(), exhausted.limit()));
    }
    throw new IllegalStateException("unmapped result " + result.getClass().getSimpleName());
  }

  private static V2Answer.Details details(User user, java.time.Instant at, long sequence) {
    return new V2Answer.Details(sequence, at, user.orgId());
  }

  private static V2Answer refused(ContractError error) {
    return new V2Answer.Refused(error);
  }
}
