package org.totpkit.mock.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.totpkit.mock.ServerOptions;
import org.totpkit.mock.store.StoreLocation;
import org.totpkit.mock.store.jdbc.PostgresStore;
import org.totpkit.mock.testing.TestPostgres;

/** The --store options through the command line: one line and exit 2 for each mistake. */
class StoreOptionsTest {
  private final ByteArrayOutputStream out = new ByteArrayOutputStream();
  private final ByteArrayOutputStream err = new ByteArrayOutputStream();
  @TempDir Path dir;

  private Main.Launch launch(String... args) {
    return Main.launch(
        args,
        new PrintStream(out, true, StandardCharsets.UTF_8),
        new PrintStream(err, true, StandardCharsets.UTF_8));
  }

  private String errText() {
    return err.toString(StandardCharsets.UTF_8);
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "--store jdbc:mysql://127.0.0.1/totp | PostgreSQL JDBC URL",
        "--store not-a-url | PostgreSQL JDBC URL",
        "--store-user totp | need --store URL",
        "--store-table-prefix team_a_ | need --store URL",
        "--store jdbc:postgresql://127.0.0.1:5432/totp --store-table-prefix Bad-Prefix | lower-case",
        "--store jdbc:postgresql://127.0.0.1:5432/totp --data-dir ./x | exclude each other",
        "--store jdbc:postgresql://127.0.0.1:5432/totp --store-password-file /nonexistent/pw | cannot read"
      })
  void eachMistakeIsOneLineAndExitTwo(String args, String expected) {
    Main.Launch launch = launch(args.strip().split(" "));
    assertThat(launch.server()).isEmpty();
    assertThat(launch.exitStatus()).isEqualTo(2);
    assertThat(errText().lines()).hasSize(1);
    assertThat(errText()).contains(expected);
  }

  @Test
  void thePasswordComesFromTheEnvironmentOrAFileNeverAnOption() throws Exception {
    String url = "jdbc:postgresql://127.0.0.1:5432/totp";
    ServerOptions fromEnv =
        ServerCommand.parse(new String[] {"--store", url, "--store-user", "totp"}, "env-pw")
            .options();
    assertThat(fromEnv.store())
        .isEqualTo(new StoreLocation(url, "totp", "env-pw", ""))
        .hasToString("StoreLocation[url=" + url + ", user=totp, password=set, tablePrefix=]");
    Path file = dir.resolve("pw");
    Files.writeString(file, "file-pw\n");
    ServerOptions fromFile =
        ServerCommand.parse(
                new String[] {"--store", url, "--store-password-file", file.toString()}, "env-pw")
            .options();
    assertThat(fromFile.store().password()).isEqualTo("file-pw");
    assertThat(fromFile.toString()).doesNotContain("file-pw");
    Main.Launch launch = launch("--store", url, "--store-password", "x");
    assertThat(launch.exitStatus()).as("no --store-password option").isEqualTo(2);
  }

  @Test
  void theServerRunsOnPostgresAndANewerSchemaIsOneLineAndExitTwo() throws Exception {
    StoreLocation location = TestPostgres.freshLocation();
    String[] args = {
      "--port",
      "0",
      "--store",
      location.url(),
      "--store-user",
      "postgres",
      "--store-table-prefix",
      location.tablePrefix()
    };
    Main.Launch running = launch(args);
    assertThat(running.server()).as(errText()).isPresent();
    running.server().get().close();
    PostgresStore.open(location).close();
    try (Connection c = DriverManager.getConnection(location.url(), "postgres", "");
        Statement s = c.createStatement()) {
      s.execute("UPDATE " + location.tablePrefix() + "totp_meta SET schema_version = 7");
    }
    Main.Launch refused = launch(args);
    assertThat(refused.server()).isEmpty();
    assertThat(refused.exitStatus()).isEqualTo(2);
    assertThat(errText().lines()).hasSize(1);
    assertThat(errText()).contains("newer server (schema version 7");
  }
}
