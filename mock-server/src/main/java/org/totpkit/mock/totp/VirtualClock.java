package org.totpkit.mock.totp;

import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The server's one clock: real time, real time plus an offset, or frozen at an instant. It is the
 * only thing in the server that reads the wall clock, through the {@link InstantSource} it wraps.
 */
public final class VirtualClock implements InstantSource {
  /** What the hooks report: the current reading, whether it is frozen, and the running offset. */
  public record Reading(Instant instant, boolean frozen, Duration offset) {}

  private record Setting(Instant frozenAt, Duration offset) {
    static final Setting REAL = new Setting(null, Duration.ZERO);
  }

  private final InstantSource realTime;
  private final AtomicReference<Setting> setting = new AtomicReference<>(Setting.REAL);

  public VirtualClock(InstantSource realTime) {
    this.realTime = realTime;
  }

  public static VirtualClock system() {
    return new VirtualClock(InstantSource.system());
  }

  @Override
  public Instant instant() {
    Setting current = setting.get();
    return current.frozenAt != null ? current.frozenAt : realTime.instant().plus(current.offset);
  }

  public Reading reading() {
    Setting current = setting.get();
    Instant now =
        current.frozenAt != null ? current.frozenAt : realTime.instant().plus(current.offset);
    return new Reading(now, current.frozenAt != null, current.offset);
  }

  /** What the clock would read now if it were {@link #shift shifted} by {@code offset}. */
  public Instant shiftedBy(Duration offset) {
    return realTime.instant().plus(offset);
  }

  public void freezeAt(Instant instant) {
    setting.set(new Setting(instant, Duration.ZERO));
  }

  public void shift(Duration offset) {
    setting.set(new Setting(null, offset));
  }

  /** Moves the clock forward; a clock on real time becomes shifted by {@code amount}. */
  public void advance(Duration amount) {
    if (amount.isNegative()) {
      throw new IllegalArgumentException("the clock only moves forward");
    }
    setting.updateAndGet(
        current ->
            current.frozenAt != null
                ? new Setting(current.frozenAt.plus(amount), Duration.ZERO)
                : new Setting(null, current.offset.plus(amount)));
  }

  public void useRealTime() {
    setting.set(Setting.REAL);
  }
}
