package org.totpkit.mock.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.totpkit.mock.ReferenceServer;
import org.totpkit.mock.ServerOptions;

/**
 * The README's v2 walkthrough ({@code docs/curl-walkthrough-v2.sh}) as a user runs it: against a
 * server with demo data, top to bottom, and then again on the same server.
 */
class V2CurlWalkthroughTest {
  @Test
  void theV2WalkthroughWorksTwiceInARow() throws Exception {
    boolean tools =
        Files.isExecutable(Path.of("/usr/bin/oathtool"))
            && Files.isExecutable(Path.of("/usr/bin/curl"));
    if (System.getenv("CI") == null) {
      Assumptions.assumeTrue(tools, "needs curl and oathtool");
    }
    try (ReferenceServer server =
        ReferenceServer.start(ServerOptions.defaults().withPort(0).withDemoData(true))) {
      for (int run = 1; run <= 2; run++) {
        Process walkthrough =
            new ProcessBuilder("bash", "../docs/curl-walkthrough-v2.sh", server.baseUrl())
                .redirectErrorStream(true)
                .start();
        String output =
            new String(walkthrough.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(walkthrough.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(walkthrough.exitValue()).as("run %d: %s", run, output).isZero();
        assertThat(output)
            .as("run %d", run)
            .contains(
                "0 failures",
                "register over a ready TOTP: 409 COMMAND-do9se",
                "another user's own token: 404 AUTHZ-cdgFk",
                "remove: 200")
            .doesNotContain("FAILED");
      }
    }
  }
}
