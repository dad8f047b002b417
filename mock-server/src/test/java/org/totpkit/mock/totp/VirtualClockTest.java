package org.totpkit.mock.totp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class VirtualClockTest {
  private final AtomicReference<Instant> real = new AtomicReference<>(Instant.ofEpochSecond(1000));
  private final VirtualClock clock = new VirtualClock(real::get);

  @Test
  void followsRealTimeByDefault() {
    assertThat(clock.instant()).isEqualTo(Instant.ofEpochSecond(1000));
    real.set(Instant.ofEpochSecond(1001));
    assertThat(clock.instant()).isEqualTo(Instant.ofEpochSecond(1001));
    assertThat(clock.reading().frozen()).isFalse();
  }

  @Test
  void frozenClockStandsStillUntilAdvanced() {
    clock.freezeAt(Instant.ofEpochSecond(5));
    real.set(Instant.ofEpochSecond(2000));
    assertThat(clock.instant()).isEqualTo(Instant.ofEpochSecond(5));
    clock.advance(Duration.ofSeconds(30));
    assertThat(clock.reading())
        .isEqualTo(new VirtualClock.Reading(Instant.ofEpochSecond(35), true, Duration.ZERO));
  }

  @Test
  void shiftedClockRunsWithAnOffsetAndAdvancesIt() {
    clock.shift(Duration.ofSeconds(-100));
    assertThat(clock.instant()).isEqualTo(Instant.ofEpochSecond(900));
    clock.advance(Duration.ofSeconds(30));
    real.set(Instant.ofEpochSecond(1010));
    assertThat(clock.reading())
        .isEqualTo(
            new VirtualClock.Reading(Instant.ofEpochSecond(940), false, Duration.ofSeconds(-70)));
  }

  @Test
  void realTimeUndoesFreezeAndShift() {
    clock.freezeAt(Instant.EPOCH);
    clock.useRealTime();
    assertThat(clock.instant()).isEqualTo(Instant.ofEpochSecond(1000));
  }

  @Test
  void neverMovesBackwards() {
    assertThatThrownBy(() -> clock.advance(Duration.ofMillis(-1)))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
