package org.totpkit.mock.contract;

import org.totpkit.mock.totp.Scope;

/**
 * One call of an operation as every transport decodes it: the {@code Authorization} value (null
 * when absent), the fields of the request message ({@code totpId} and {@code code} null where the
 * operation has none) and the scope.
 */
public record ContractCall(
    Operation operation,
    String authorization,
    String userId,
    String totpId,
    String code,
    Scope scope) {
  @Override
  public String toString() {
    // Never the token or the code.
    return "ContractCall[" + operation + ", user " + userId + ", totp " + totpId + "]";
  }
}
