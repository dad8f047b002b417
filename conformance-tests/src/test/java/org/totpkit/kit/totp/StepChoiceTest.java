package org.totpkit.kit.totp;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class StepChoiceTest {
  private static final Duration TWO_SECONDS = Duration.ofSeconds(2);

  @Test
  void midStepChoicesAreExact() {
    Instant mid = Instant.ofEpochSecond(30 * 100 + 15);
    assertThat(StepChoice.forOffset(mid, TWO_SECONDS, 30, -1, 1))
        .isEqualTo(new StepChoice(99, true));
    assertThat(StepChoice.forOffset(mid, TWO_SECONDS, 30, 2, 1))
        .isEqualTo(new StepChoice(102, true));
  }

  @Test
  void nearABoundaryTheChoiceHoldsForBothPossibleServerSteps() {
    Instant late = Instant.ofEpochSecond(30 * 100 + 29); // server may be in step 100 or 101
    for (int offset = -2; offset <= 2; offset++) {
      StepChoice choice = StepChoice.forOffset(late, TWO_SECONDS, 30, offset, 1);
      assertThat(choice.conclusive()).isFalse();
      boolean expectAccepted = Math.abs(offset) <= 1;
      for (long server = 100; server <= 101; server++) {
        assertThat(Math.abs(choice.step() - server) <= 1)
            .as("offset %d, server step %d", offset, server)
            .isEqualTo(expectAccepted);
      }
    }
  }
}
