package org.totpkit.mock.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class StartupWarmUpTest {
  @Test
  void awaitingWithoutAWarmUpReturnsAtOnce() {
    StartupWarmUp.awaitBeforeStart();
  }

  /** The warm-up only initialises classes: the server built afterwards is the one built without. */
  @Test
  void theWarmUpEndsAndLeavesNoSystemPropertyBehind() {
    Map<Object, Object> before = new HashMap<>(System.getProperties());

    StartupWarmUp.begin();
    StartupWarmUp.awaitBeforeStart();

    assertThat(Thread.getAllStackTraces().keySet())
        .noneMatch(thread -> thread.getName().equals("totp-mock-warm-up"));
    assertThat(new HashMap<>(System.getProperties())).isEqualTo(before);
  }
}
