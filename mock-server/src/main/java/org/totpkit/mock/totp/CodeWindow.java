package org.totpkit.mock.totp;

import java.time.Instant;
import java.util.List;

/**
 * The codes the verifier accepts at {@code at} for one registration: one per step of its skew
 * window, oldest first, and how long the current step lasts.
 */
public record CodeWindow(Instant at, long step, long validForMillis, List<StepCode> codes) {
  /** The code of the step {@code offset} steps away from the current one. */
  public record StepCode(int offset, long step, String code) {
    @Override
    public String toString() {
      return "StepCode[" + offset + ", step " + step + "]";
    }
  }

  public CodeWindow {
    codes = List.copyOf(codes);
  }
}
