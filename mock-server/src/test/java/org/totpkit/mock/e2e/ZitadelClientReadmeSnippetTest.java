package org.totpkit.mock.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.totpkit.mock.ReferenceServer;
import org.totpkit.mock.ServerOptions;

/**
 * The README's {@code @zitadel/client} snippet, as printed there, against a server with demo data,
 * twice on the same server: it leaves the demo user as it found it. The script runs with the client
 * the build pins ({@code interop/zitadel-client}) instead of a fresh {@code npm install}.
 */
class ZitadelClientReadmeSnippetTest {
  static final String DEMO_USER = "100000000000000002";

  @TempDir Path scratch;

  @Test
  void theSnippetRegistersVerifiesAndRemovesTwiceInARow() throws Exception {
    if (System.getenv("CI") == null) {
      Assumptions.assumeTrue(
          Files.isExecutable(Path.of("/usr/bin/oathtool")), "needs oathtool (the snippet's code)");
    }
    Path client =
        Path.of(System.getProperty("totp.interop.zitadel-client.dir", "../interop/zitadel-client"))
            .toAbsolutePath();
    Files.writeString(scratch.resolve("totp.mjs"), snippet(Path.of("../README.md")));
    Path modules =
        Files.createSymbolicLink(scratch.resolve("node_modules"), client.resolve("node_modules"));

    try {
      try (ReferenceServer server =
          ReferenceServer.start(ServerOptions.defaults().withPort(0).withDemoData(true))) {
        for (int run = 1; run <= 2; run++) {
          ProcessBuilder node =
              new ProcessBuilder("node", "totp.mjs")
                  .directory(scratch.toFile())
                  .redirectErrorStream(true);
          node.environment().put("B", server.baseUrl());
          node.environment().put("U", DEMO_USER);
          Process process = node.start();
          String output =
              new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
          assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
          assertThat(process.exitValue()).as("run %d: %s", run, output).isZero();
          List<String> lines = output.lines().toList();
          assertThat(lines).as("run %d: %s", run, output).hasSize(4);
          assertThat(lines.get(0))
              .matches("registered: sequence [1-9][0-9]*, owner 100000000000000001");
          assertThat(lines.subList(1, 4))
              .containsExactly(
                  "verified",
                  "registered again: code 6, COMMAND-do9se: Multifactor OTP (OneTimePassword) is"
                      + " already set up",
                  "removed");
        }
      }
    } finally {
      Files.delete(modules); // the link only, never the build's node_modules
    }
  }

  /** The script between {@code cat > totp.mjs <<'EOF'} and {@code EOF}, without the indent. */
  static String snippet(Path readme) throws Exception {
    List<String> script = new ArrayList<>();
    boolean inside = false;
    for (String line : Files.readAllLines(readme, StandardCharsets.UTF_8)) {
      String text = line.startsWith("    ") ? line.substring(4) : line;
      if (inside && text.equals("EOF")) {
        return String.join("\n", script) + "\n";
      }
      if (inside) {
        script.add(text);
      }
      if (text.contains("cat > totp.mjs <<'EOF'")) {
        inside = true;
      }
    }
    throw new AssertionError("no `cat > totp.mjs <<'EOF'` … `EOF` block in " + readme);
  }
}
