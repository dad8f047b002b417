package org.totpkit.mock.totp;

import java.time.Duration;
import java.time.Instant;

/**
 * How the virtual clock reads: frozen at {@code frozenAt}, or real time plus {@code offset} (when
 * {@code frozenAt} is null).
 */
public record ClockSetting(Instant frozenAt, Duration offset) {
  public static final ClockSetting REAL_TIME = new ClockSetting(null, Duration.ZERO);

  public ClockSetting {
    if (offset == null) {
      throw new IllegalArgumentException("offset must not be null (Duration.ZERO when frozen)");
    }
  }

  public boolean frozen() {
    return frozenAt != null;
  }
}
