package org.totpkit.mock.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.totpkit.mock.store.jdbc.SqliteDataDir;
import org.totpkit.mock.testing.JceTotp;
import org.totpkit.mock.testing.RawHttp;
import org.totpkit.mock.testing.Reply;

/**
 * A whole session on the shaded jar at {@code --verbose} with {@code --data-dir}: no issued secret,
 * code or token in any line it prints, nor in any file of the directory but the database itself.
 */
class DataDirNoLeakIT {
  private static final Path JAR = Path.of("target", "totp-mock-server.jar");
  private static final String IMPORTED_SECRET = "KRUGS4ZANFZSA5DIMUQHGZLDOJSXIIDTMVRXEZLU";

  @TempDir Path parent;

  @Test
  void noSecretCodeOrTokenOutsideTheDatabase() throws Exception {
    Path dir = parent.resolve("data");
    Path stdout = parent.resolve("stdout.txt");
    Path stderr = parent.resolve("stderr.txt");
    Process server =
        new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-jar",
                JAR.toString(),
                "--port",
                "0",
                "--verbose",
                "--data-dir",
                dir.toString())
            .redirectError(stderr.toFile())
            .start();
    List<String> issued = new ArrayList<>();
    try {
      BufferedReader out =
          new BufferedReader(
              new InputStreamReader(server.getInputStream(), StandardCharsets.UTF_8));
      String first = out.readLine();
      String baseUrl = first.substring(first.lastIndexOf(' ') + 1);
      Thread copy =
          new Thread(
              () -> {
                try {
                  Files.writeString(stdout, first + "\n");
                  String line;
                  while ((line = out.readLine()) != null) {
                    Files.writeString(stdout, line + "\n", java.nio.file.StandardOpenOption.APPEND);
                  }
                } catch (java.io.IOException e) {
                  // the server ended
                }
              });
      copy.start();
      session(new RawHttp(baseUrl), issued);
      server.destroy();
      assertThat(server.waitFor(30, TimeUnit.SECONDS)).isTrue();
      copy.join(10_000);
    } finally {
      server.destroyForcibly();
    }
    assertThat(issued).hasSizeGreaterThanOrEqualTo(8);
    String printed = Files.readString(stdout) + Files.readString(stderr);
    assertThat(printed).contains("POST", "/_verify", "200");
    for (String value : issued) {
      assertThat(printed).as("printed output").doesNotContain(value);
    }
    List<Path> files;
    try (Stream<Path> all = Files.walk(dir)) {
      files = all.filter(Files::isRegularFile).toList();
    }
    Path database = dir.resolve(SqliteDataDir.DATABASE_FILE);
    // After a clean stop SQLite has folded its -wal and -shm files into the database.
    assertThat(files).containsExactlyInAnyOrder(database, dir.resolve(SqliteDataDir.LOCK_FILE));
    for (Path file : files) {
      String bytes = new String(Files.readAllBytes(file), StandardCharsets.ISO_8859_1);
      for (String value : issued) {
        if (!file.equals(database)) {
          assertThat(bytes).as(file.toString()).doesNotContain(value);
        }
      }
    }
    // The scan can see: the database does hold the imported secret (it must, to check codes).
    assertThat(new String(Files.readAllBytes(database), StandardCharsets.ISO_8859_1))
        .contains(IMPORTED_SECRET);
  }

  private static void session(RawHttp http, List<String> issued) {
    Reply user = http.hook("POST", "/users", "{\"loginName\":\"leak@acme\"}");
    assertThat(user.status()).isEqualTo(200);
    String userId = user.text("userId");
    String token = user.text("token");
    issued.add(token);
    Reply orgToken =
        http.hook(
            "POST",
            "/tokens",
            "{\"orgId\":\"" + user.text("orgId") + "\",\"permissions\":[\"user.write\"]}");
    assertThat(orgToken.status()).isEqualTo(200);
    issued.add(orgToken.text("token"));
    Reply started = http.start(token, userId);
    assertThat(started.status()).isEqualTo(200);
    String secret = started.text("secret");
    issued.add(secret);
    String totpId = started.text("totpId");
    long now = http.serverEpochSecond();
    String code = JceTotp.totp(secret, now);
    issued.add(code);
    String wrong = code.equals("000000") ? "111111" : "000000";
    assertThat(http.verifyCode(token, userId, totpId, wrong).status()).isEqualTo(400);
    assertThat(http.verifyCode(token, userId, totpId, code).status()).isEqualTo(200);
    assertThat(http.verifyCode(token, userId, totpId, code).status()).isEqualTo(400);
    Reply imported =
        http.hook("POST", "/users/" + userId + "/totp", "{\"secret\":\"" + IMPORTED_SECRET + "\"}");
    assertThat(imported.status()).isEqualTo(200);
    issued.add(IMPORTED_SECRET);
    String importedCode = JceTotp.totp(IMPORTED_SECRET, now);
    issued.add(importedCode);
    assertThat(http.verifyCode(token, userId, imported.text("totpId"), importedCode).status())
        .isEqualTo(200);
    Reply another = http.start(token, userId);
    issued.add(another.text("secret"));
    assertThat(http.remove(orgToken.text("token"), userId, another.text("totpId")).status())
        .isEqualTo(200);
    assertThat(http.hook("PUT", "/policy", "{\"maxFailedAttempts\":3}").status()).isEqualTo(200);
    assertThat(http.hook("POST", "/clock/advance", "{\"millis\":1000}").status()).isEqualTo(200);
    // A bearer token that is wrong must not be printed either.
    String unknown = "unknown-token-that-must-not-leak";
    issued.add(unknown);
    assertThat(http.start(unknown, userId).status()).isEqualTo(401);
  }
}
