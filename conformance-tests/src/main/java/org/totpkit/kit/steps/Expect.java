package org.totpkit.kit.steps;

import org.totpkit.kit.driver.ApiResponse;
import org.totpkit.kit.report.Redaction;

/**
 * Plain checks whose failure messages say what the contract wanted without echoing secrets: no
 * "expected X but was Y" where X could be a code or a secret.
 */
final class Expect {
  private Expect() {}

  static void that(boolean condition, String message) {
    if (!condition) {
      throw new AssertionError(Redaction.redact(message));
    }
  }

  /** The answer is a success (HTTP 200 where the transport has an HTTP status, code 0). */
  static void success(ApiResponse response) {
    that(
        response != null && response.ok(),
        (response == null ? "no answer" : response.operation() + " answered " + response.outcome())
            + ", the contract wants success");
  }

  /**
   * The answer is an error with this gRPC code, and with this HTTP status where the transport
   * carries the outcome in one (REST, Connect; gRPC and gRPC-Web always answer HTTP 200).
   */
  static void failure(ApiResponse response, int httpStatus, int code) {
    that(response != null, "no answer");
    boolean statusAgrees = response.httpStatus().orElse(httpStatus) == httpStatus;
    that(
        statusAgrees && response.code() == code,
        response.operation()
            + " answered "
            + response.outcome()
            + ", the contract wants "
            + (response.httpStatus().isPresent() ? "HTTP " + httpStatus + ", " : "")
            + "code "
            + code);
  }
}
