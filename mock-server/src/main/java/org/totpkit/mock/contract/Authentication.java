package org.totpkit.mock.contract;

import org.totpkit.mock.totp.Caller;

/**
 * Turns the {@code Authorization} header (REST) or {@code authorization} metadata (RPC) into a
 * caller, or into the 401 that refuses it.
 */
@FunctionalInterface
public interface Authentication {
  sealed interface Result {}

  record Authenticated(Caller caller) implements Result {}

  record Refused(ContractError error) implements Result {}

  /**
   * @param authorization the header's value, null when absent
   * @param pathUserId the user the request addresses
   */
  Result authenticate(String authorization, String pathUserId);
}
