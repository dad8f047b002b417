package org.totpkit.mock.contract;

import java.time.Instant;

/**
 * Where a dialect reports every call it has answered, for the web console's live log (the events
 * hook). Each dialect calls it once per answer, after its order of checks has decided, whatever the
 * transport; it must not block and must not throw.
 */
@FunctionalInterface
public interface AnsweredCalls {
  /** Reports nothing. */
  AnsweredCalls NONE = call -> {};

  void answered(AnsweredCall call);

  /**
   * {@link #answered(AnsweredCall)}, at the instant of the server's clock the request was decided
   * at (read with the request, so that reporting it costs no read of its own).
   */
  default void answered(AnsweredCall call, Instant at) {
    answered(call);
  }
}
