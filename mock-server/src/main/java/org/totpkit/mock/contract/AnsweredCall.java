package org.totpkit.mock.contract;

/**
 * One call the contract has answered, as the live log keeps it: which dialect and method, for which
 * user and registration, and the error when it was refused. It never holds the code, the token or a
 * secret (the request's fields that may be secret are not in it).
 *
 * @param dialect the API dialect that answered ({@code v3alpha}, {@code v2})
 * @param method the RPC's name, for example {@code VerifyTOTPRegistration}
 * @param totpId null where the method has none (a start: the registration it made, if any)
 * @param error null when the call succeeded
 * @param row the error table's row of {@code error}, 0 when it is none of the numbered rows
 */
public record AnsweredCall(
    String dialect, String method, String userId, String totpId, ContractError error, int row) {

  /** A call of v3alpha's {@link TotpContract}, its row looked up in {@link ErrorRows}. */
  static AnsweredCall ofV3alpha(ContractCall call, Answer answer) {
    ContractError error = answer instanceof Answer.Refused refused ? refused.error() : null;
    // A start names its new registration in the answer, not the call.
    String totpId =
        answer instanceof Answer.Done done && done.registration() != null
            ? done.registration().totpId()
            : call.totpId();
    return new AnsweredCall(
        "v3alpha",
        call.operation().rpcName,
        call.userId(),
        totpId,
        error,
        error == null ? 0 : ErrorRows.rowOf(error));
  }
}
