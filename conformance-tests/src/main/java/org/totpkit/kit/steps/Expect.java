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

  static void status(ApiResponse response, int status) {
    that(
        response != null && response.status() == status,
        (response == null
                ? "no answer"
                : response.operation()
                    + " answered HTTP "
                    + response.status()
                    + response.text("message").map(m -> " (" + m + ")").orElse(""))
            + ", the contract wants HTTP "
            + status);
  }
}
