package org.totpkit.mock.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.totpkit.mock.contract.ErrorTable;

/**
 * Retry-After is the whole seconds left, rounded up (contract/v3alpha.md section 4). The HTTP tests
 * pin it on a frozen clock with millisecond steps; on the running clock the time left also has
 * sub-millisecond parts, which only a direct call can set.
 */
class RetryAfterTest {
  @ParameterizedTest
  @CsvSource({
    "300000000000, 300",
    "299999999999, 300",
    "299000000001, 300",
    "299000500000, 300",
    "299000000000, 299",
    "1000000000, 1",
    "999999999, 1",
    "1, 1"
  })
  void isTheWholeSecondsLeftRoundedUp(long nanosLeft, String expected) {
    ApiResponse locked = Rendering.error(ErrorTable.locked(Duration.ofNanos(nanosLeft)));
    assertThat(locked.headers()).containsEntry("Retry-After", expected);
  }
}
