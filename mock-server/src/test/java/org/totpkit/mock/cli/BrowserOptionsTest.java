package org.totpkit.mock.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.totpkit.mock.browser.BrowserPolicy;

/** {@code --allowed-host} and {@code --cors-origin}: repeatable, checked, one line when wrong. */
class BrowserOptionsTest {
  @Test
  void bothAreRepeatableAndKeepEveryValue() throws Exception {
    BrowserPolicy browser =
        ServerCommand.parse(
                new String[] {
                  "--allowed-host", "Mock.Internal",
                  "--cors-origin", "http://localhost:5173",
                  "--allowed-host", "totp-mock",
                  "--cors-origin", "https://app.example.com/",
                  "--cors-origin", "null"
                },
                null)
            .options()
            .browser();
    assertThat(browser.allowedHosts()).containsExactly("mock.internal", "totp-mock");
    assertThat(browser.corsOrigins())
        .containsExactly("http://localhost:5173", "https://app.example.com", "null");
    assertThat(browser.servesCorsTo("http://localhost:5173")).isTrue();
    assertThat(browser.servesCorsTo("http://localhost:5174")).isFalse();
  }

  @Test
  void byDefaultNoExtraHostAndCorsForEveryOrigin() throws Exception {
    BrowserPolicy browser = ServerCommand.parse(new String[] {}, null).options().browser();
    assertThat(browser).isEqualTo(new BrowserPolicy(List.of(), List.of()));
    assertThat(browser.servesCorsTo("http://anything.example:1234")).isTrue();
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "--allowed-host | mock.internal:8080 | --allowed-host needs a host name",
        "--allowed-host | *.example.com | --allowed-host needs a host name",
        "--allowed-host | http://mock.internal | --allowed-host needs a host name",
        "--cors-origin | localhost:5173 | --cors-origin needs an origin",
        "--cors-origin | http://localhost:5173/app | --cors-origin needs an origin",
        "--cors-origin | * | --cors-origin needs an origin"
      })
  void aWrongValueIsOneLineSayingWhatIsWanted(String option, String value, String expected) {
    assertThatThrownBy(() -> ServerCommand.parse(new String[] {option, value}, null))
        .isInstanceOf(ServerCommand.UsageError.class)
        .hasMessageStartingWith(expected)
        .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n"));
  }
}
