package org.totpkit.kit.totp;

import java.time.Clock;
import java.time.Instant;
import java.time.InstantSource;

/**
 * The kit's only source of real time: the black-box skew checks read "now" here, and the report
 * stamps its start time from here. Everything else is handed an {@link InstantSource}.
 */
public final class KitClock {
  private static final InstantSource SYSTEM = Clock.systemUTC();

  private KitClock() {}

  public static InstantSource system() {
    return SYSTEM;
  }

  public static Instant now() {
    return SYSTEM.instant();
  }
}
