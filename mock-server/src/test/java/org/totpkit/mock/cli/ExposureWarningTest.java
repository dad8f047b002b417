package org.totpkit.mock.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.totpkit.mock.ReferenceServer;

/** Bound beyond loopback without an admin token, the server says so in one line at start. */
class ExposureWarningTest {
  @ParameterizedTest
  @CsvSource({
    "0.0.0.0, , true",
    "0.0.0.0, --admin-token=t0ken, false",
    "127.0.0.1, , false",
    "localhost, , false",
    "::1, , false"
  })
  void warnsOnlyWhenTheHooksAreOpenBeyondThisMachine(
      String bindAddress, String tokenOption, boolean warns) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    String[] args =
        tokenOption == null
            ? new String[] {"--port=0", "--bind-address", bindAddress}
            : new String[] {"--port=0", "--bind-address", bindAddress, tokenOption};
    Main.Launch launch =
        Main.launch(
            args,
            new PrintStream(out, true, StandardCharsets.UTF_8),
            new PrintStream(err, true, StandardCharsets.UTF_8));
    try (ReferenceServer server = launch.server().orElseThrow()) {
      String printed = err.toString(StandardCharsets.UTF_8);
      if (warns) {
        assertThat(printed.lines()).hasSize(1);
        assertThat(printed)
            .startsWith("totp-mock-server: warning: listening on " + bindAddress)
            .contains("--admin-token");
      } else {
        assertThat(printed).isEmpty();
      }
      assertThat(out.toString(StandardCharsets.UTF_8)).contains("listening on");
      assertThat(printed + out).doesNotContain("t0ken");
    }
  }
}
