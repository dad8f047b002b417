package org.totpkit.mock.http;

import org.totpkit.mock.totp.Caller;

/** Turns a request's Authorization header into a caller, or into the 401 that refuses it. */
@FunctionalInterface
public interface Authentication {
  sealed interface Result {}

  record Authenticated(Caller caller) implements Result {}

  record Refused(ApiResponse response) implements Result {}

  /**
   * @param authorization the header's value, null when absent
   * @param pathUserId the user the request addresses
   */
  Result authenticate(String authorization, String pathUserId);
}
