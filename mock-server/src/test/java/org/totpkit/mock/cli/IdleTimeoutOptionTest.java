package org.totpkit.mock.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** {@code --idle-timeout SECONDS}: the time a stalled request or a silent connection may take. */
class IdleTimeoutOptionTest {
  @Test
  void defaultsToThirtySeconds() throws Exception {
    assertThat(ServerCommand.parse(new String[0], null).options().idleTimeout())
        .isEqualTo(Duration.ofSeconds(30));
  }

  @Test
  void takesWholeSeconds() throws Exception {
    assertThat(
            ServerCommand.parse(new String[] {"--idle-timeout", "5"}, null).options().idleTimeout())
        .isEqualTo(Duration.ofSeconds(5));
  }

  @ParameterizedTest
  @ValueSource(strings = {"0", "-1", "86401", "1.5", "abc", ""})
  void anythingElseIsOneLineSayingWhatToFix(String value) {
    assertThatThrownBy(() -> ServerCommand.parse(new String[] {"--idle-timeout=" + value}, null))
        .isInstanceOf(ServerCommand.UsageError.class)
        .hasMessage("--idle-timeout must be a whole number from 1 to 86400");
  }

  @Test
  void theHelpNamesIt() throws Exception {
    assertThat(ServerCommand.parse(new String[] {"--help"}, null).print())
        .contains("--idle-timeout=SECONDS")
        .contains("(default 30)");
  }
}
