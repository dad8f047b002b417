package org.totpkit.mock.contract;

import java.time.Duration;
import java.util.Map;

/**
 * The row of the contract's error table (rows 4 to 14, the ones {@link TotpContract} decides) that
 * an error is, for the live log: the errors with an ID by their ID, the others by their {@link
 * ErrorTable} value, so that the table stays the one place that says what each row is. An error
 * that is none of them (a resource bound) has no row: 0.
 */
final class ErrorRows {
  private static final Map<String, Integer> ROW_BY_ID =
      Map.of(
          idOf(ErrorTable.notBearer()), 5,
          idOf(ErrorTable.unknownToken()), 6,
          idOf(ErrorTable.userNotFound()), 9,
          idOf(ErrorTable.permissionDenied()), 10,
          idOf(ErrorTable.registrationNotFound()), 11,
          idOf(ErrorTable.authenticatorNotFound()), 11,
          idOf(ErrorTable.alreadyVerified()), 12,
          idOf(ErrorTable.locked(Duration.ofSeconds(1))), 13,
          idOf(ErrorTable.invalidCode()), 14);

  private ErrorRows() {}

  static int rowOf(ContractError error) {
    if (error.detail().isPresent()) {
      return ROW_BY_ID.getOrDefault(error.detail().get().id(), 0);
    }
    if (error.equals(ErrorTable.authHeaderMissing())) {
      return 4;
    }
    if (error.equals(ErrorTable.outOfScope())) {
      return 8;
    }
    // Row 7 names the request message and its field: "invalid <Message>.<Field>: value length ...".
    String fieldRule = ErrorTable.fieldLength(Operation.VERIFY, "Code", 6, 9).message();
    String prefix = fieldRule.substring(0, fieldRule.indexOf(' ') + 1);
    if (error.code() == StatusCode.INVALID_ARGUMENT && error.message().startsWith(prefix)) {
      return 7;
    }
    return 0;
  }

  private static String idOf(ContractError error) {
    return error.detail().orElseThrow().id();
  }
}
