package org.totpkit.kit.report;

import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The step offsets the target was seen to accept or refuse during one run: the "measured acceptance
 * window" of the report. Only conclusive observations count.
 */
public final class AcceptanceWindow {
  private static final Map<Integer, Boolean> ACCEPTED = new ConcurrentHashMap<>();
  private static final Map<Integer, Boolean> REFUSED = new ConcurrentHashMap<>();
  private static final AtomicInteger INCONCLUSIVE = new AtomicInteger();

  private AcceptanceWindow() {}

  public static void reset() {
    ACCEPTED.clear();
    REFUSED.clear();
    INCONCLUSIVE.set(0);
  }

  /** A code {@code offset} steps from the server's step was accepted (or not). */
  public static void observe(int offset, boolean accepted) {
    (accepted ? ACCEPTED : REFUSED).put(offset, Boolean.TRUE);
  }

  /** A black-box observation made too close to a step boundary to know its offset. */
  public static void inconclusive() {
    INCONCLUSIVE.incrementAndGet();
  }

  /** Offset -> "accepted" / "refused" / "both" (the last would be a broken server). */
  public static SortedMap<Integer, String> observed() {
    SortedMap<Integer, String> result = new TreeMap<>();
    ACCEPTED.keySet().forEach(offset -> result.put(offset, "accepted"));
    REFUSED.keySet().forEach(offset -> result.merge(offset, "refused", (a, b) -> "both"));
    return result;
  }

  public static int inconclusiveCount() {
    return INCONCLUSIVE.get();
  }
}
