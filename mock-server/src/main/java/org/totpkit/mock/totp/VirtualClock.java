package org.totpkit.mock.totp;

import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;

/**
 * The server's one clock: real time, real time plus an offset, or frozen at an instant. It is the
 * only thing in the server that reads the wall clock, through the {@link InstantSource} it wraps.
 * Its setting lives in a {@link SettingsStore}, so that it survives restarts and is shared by every
 * process on one store.
 */
public final class VirtualClock implements InstantSource {
  /** What the hooks report: the current reading, whether it is frozen, and the running offset. */
  public record Reading(Instant instant, boolean frozen, Duration offset) {}

  private final InstantSource realTime;
  private final SettingsStore settings;

  /** A clock whose setting lives in this process's memory. */
  public VirtualClock(InstantSource realTime) {
    this(realTime, SettingsStore.inMemory());
  }

  public VirtualClock(InstantSource realTime, SettingsStore settings) {
    this.realTime = realTime;
    this.settings = settings;
  }

  public static VirtualClock system() {
    return new VirtualClock(InstantSource.system());
  }

  /** A clock on the system's real time whose setting lives in {@code settings}. */
  public static VirtualClock system(SettingsStore settings) {
    return new VirtualClock(InstantSource.system(), settings);
  }

  /** The real time this clock is set against, whatever its setting (for a monitor's timestamp). */
  public InstantSource realTime() {
    return realTime;
  }

  /** Where the setting lives. */
  public SettingsStore settingsStore() {
    return settings;
  }

  @Override
  public Instant instant() {
    return instantUnder(settings.settings().clock());
  }

  /** What the clock reads under {@code setting} (one the caller has already read). */
  public Instant instantUnder(ClockSetting setting) {
    return setting.frozen() ? setting.frozenAt() : realTime.instant().plus(setting.offset());
  }

  public Reading reading() {
    ClockSetting current = settings.settings().clock();
    return new Reading(instantUnder(current), current.frozen(), current.offset());
  }

  /** What the clock would read now if it were {@link #shift shifted} by {@code offset}. */
  public Instant shiftedBy(Duration offset) {
    return realTime.instant().plus(offset);
  }

  public void freezeAt(Instant instant) {
    set(new ClockSetting(instant, Duration.ZERO));
  }

  public void shift(Duration offset) {
    set(new ClockSetting(null, offset));
  }

  /** Moves the clock forward; a clock on real time becomes shifted by {@code amount}. */
  public void advance(Duration amount) {
    if (amount.isNegative()) {
      throw new IllegalArgumentException("the clock only moves forward");
    }
    settings.updateSettings(
        current -> {
          ClockSetting clock = current.clock();
          return current.withClock(
              clock.frozen()
                  ? new ClockSetting(clock.frozenAt().plus(amount), Duration.ZERO)
                  : new ClockSetting(null, clock.offset().plus(amount)));
        });
  }

  public void useRealTime() {
    set(ClockSetting.REAL_TIME);
  }

  private void set(ClockSetting setting) {
    settings.updateSettings(current -> current.withClock(setting));
  }
}
