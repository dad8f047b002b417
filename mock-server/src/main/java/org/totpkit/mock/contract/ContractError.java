package org.totpkit.mock.contract;

import java.util.Optional;
import java.util.OptionalLong;

/**
 * One error of the contract, before any transport renders it: a gRPC code, a message, the {@code
 * zitadel.v1.ErrorDetail} that every error with an ID carries, and for row 13 the seconds to wait.
 */
public record ContractError(
    StatusCode code, String message, Optional<Detail> detail, OptionalLong retryAfterSeconds) {
  /** {@code zitadel.v1.ErrorDetail}: the error's ID and its message without the ID. */
  public record Detail(String id, String message) {}

  public ContractError {
    if (code == StatusCode.OK) {
      throw new IllegalArgumentException("an error is never OK");
    }
  }

  /** An error without an ID: no detail. */
  public static ContractError plain(StatusCode code, String message) {
    return new ContractError(code, message, Optional.empty(), OptionalLong.empty());
  }

  /** An error with an ID: message {@code "<text> (<ID>)"} and exactly one detail. */
  public static ContractError withId(StatusCode code, String id, String text) {
    return new ContractError(
        code, text + " (" + id + ")", Optional.of(new Detail(id, text)), OptionalLong.empty());
  }

  public ContractError retryAfter(long seconds) {
    return new ContractError(code, message, detail, OptionalLong.of(seconds));
  }

  public ContractError withoutDetail() {
    return new ContractError(code, message, Optional.empty(), retryAfterSeconds);
  }

  public ContractError withCode(StatusCode newCode) {
    return new ContractError(newCode, message, detail, retryAfterSeconds);
  }
}
