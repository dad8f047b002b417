package org.totpkit.kit.totp;

import java.time.Duration;
import java.time.Instant;

/**
 * Which step's code to send for a black-box skew check, without waiting for a step to pass.
 *
 * <p>The kit cannot know the server's step exactly: the server's clock may differ from the kit's by
 * up to {@code tolerance}, and the request takes time. When {@code now ± tolerance} lies within one
 * step the choice is exact and the observation is conclusive. Near a boundary the server may be in
 * either of two steps S0 or S0+1; the kit then picks a step whose expected verdict is the same for
 * both (a check for "accepted" picks a step inside both windows, a check for "refused" one outside
 * both), so that a correct server never fails, and it records the observation as inconclusive.
 *
 * @param step the step whose code to send
 * @param conclusive whether the step's offset from the server's step is known exactly
 */
public record StepChoice(long step, boolean conclusive) {

  /**
   * @param offset the intended offset from the server's step (-1 = previous step)
   * @param skew the number of steps the contract accepts either side (1)
   */
  public static StepChoice forOffset(
      Instant now, Duration tolerance, int periodSeconds, int offset, int skew) {
    long periodMillis = periodSeconds * 1000L;
    long earliest = Math.floorDiv(now.toEpochMilli() - tolerance.toMillis(), periodMillis);
    long latest = Math.floorDiv(now.toEpochMilli() + tolerance.toMillis(), periodMillis);
    if (earliest == latest) {
      return new StepChoice(earliest + offset, true);
    }
    // Two candidate server steps, earliest and earliest + 1.
    boolean expectAccepted = Math.abs(offset) <= skew;
    long step;
    if (expectAccepted) {
      // Inside both windows: steps earliest+1-skew .. earliest+skew. Keep the intended side.
      step = offset < 0 ? earliest + 1 + offset : earliest + offset;
      step = Math.max(earliest + 1 - skew, Math.min(earliest + skew, step));
    } else {
      // Outside both windows: below earliest-skew, or above earliest+1+skew.
      step =
          offset < 0
              ? Math.min(earliest + offset, earliest - skew - 1)
              : Math.max(earliest + 1 + offset, earliest + skew + 2);
    }
    return new StepChoice(step, false);
  }
}
