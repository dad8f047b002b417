package org.totpkit.mock.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.totpkit.mock.ReferenceServer;
import org.totpkit.mock.ServerOptions;
import org.totpkit.mock.store.jdbc.SqliteDataDir;
import org.totpkit.mock.totp.Organization;
import org.totpkit.mock.totp.TotpStore;
import org.totpkit.mock.totp.User;

/**
 * A data directory whose file is not a whole database of ours: one line naming the file and what is
 * wrong, exit 2, and the file exactly as it was (checksum before and after).
 */
class BadDataFileTest {
  @TempDir Path dir;

  private final ByteArrayOutputStream out = new ByteArrayOutputStream();
  private final ByteArrayOutputStream err = new ByteArrayOutputStream();

  private Path database() {
    return dir.resolve(SqliteDataDir.DATABASE_FILE);
  }

  /**
   * Starts the server on {@code dir} and expects it to refuse with one line saying {@code what}.
   */
  private void refusedWith(String what) throws Exception {
    String before = checksum(database());
    Main.Launch launch =
        Main.launch(
            new String[] {"--port", "0", "--data-dir", dir.toString()},
            new PrintStream(out, true, StandardCharsets.UTF_8),
            new PrintStream(err, true, StandardCharsets.UTF_8));
    launch.server().ifPresent(ReferenceServer::close);
    assertThat(launch.exitStatus()).isEqualTo(2);
    assertThat(err.toString(StandardCharsets.UTF_8).lines())
        .singleElement()
        .satisfies(
            line -> {
              assertThat(line).startsWith("totp-mock-server: " + database() + ": ");
              assertThat(line).contains(what);
            });
    assertThat(Files.exists(database())).as("never deleted").isTrue();
    assertThat(checksum(database())).as("never changed").isEqualTo(before);
  }

  private static String checksum(Path file) throws Exception {
    return HexFormat.of()
        .formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file)));
  }

  /** A good database of a few dozen pages, closed (so its write-ahead log is folded in). */
  private void goodDatabase() {
    try (TotpStore store = SqliteDataDir.open(dir)) {
      Organization org = new Organization("org", "org.localhost");
      for (int i = 0; i < 300; i++) {
        store.addUser(
            new User("user-" + i, "org", "user-" + i + "@org.localhost", Instant.EPOCH),
            org,
            "token-" + i,
            1000,
            1000);
      }
    }
  }

  private void overwrite(long offset, byte[] bytes) throws Exception {
    try (RandomAccessFile file = new RandomAccessFile(database().toFile(), "rw")) {
      file.seek(offset);
      file.write(bytes);
    }
  }

  @Test
  void randomBytes() throws Exception {
    byte[] noise = new byte[8192];
    new Random(7).nextBytes(noise);
    Files.write(database(), noise);
    refusedWith("is not an SQLite database");
  }

  @Test
  void json() throws Exception {
    Files.writeString(database(), "{\"users\":[],\"registrations\":[]}\n");
    refusedWith("is not an SQLite database");
  }

  @Test
  void anEmptyFile() throws Exception {
    Files.write(database(), new byte[0]);
    refusedWith("is empty");
  }

  @Test
  void anotherApplicationsSqliteFile() throws Exception {
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + database());
        Statement s = c.createStatement()) {
      s.execute("CREATE TABLE notes (id INTEGER PRIMARY KEY, text VARCHAR)");
      s.execute("INSERT INTO notes (text) VALUES ('hello')");
    }
    refusedWith("another application");
  }

  @Test
  void anOverwrittenHeader() throws Exception {
    goodDatabase();
    overwrite(0, new byte[100]);
    refusedWith("is not an SQLite database");
  }

  @Test
  void bytesFlippedInTheMiddle() throws Exception {
    goodDatabase();
    long middle = (Files.size(database()) / 2 / 4096) * 4096;
    byte[] garbage = new byte[64];
    java.util.Arrays.fill(garbage, (byte) 0xA5);
    overwrite(middle, garbage);
    refusedWith("is damaged");
  }

  @Test
  void aTruncatedFile() throws Exception {
    goodDatabase();
    try (RandomAccessFile file = new RandomAccessFile(database().toFile(), "rw")) {
      file.setLength(file.length() / 2);
    }
    refusedWith("is truncated");
  }

  @Test
  void aNewerSchemaVersion() throws Exception {
    goodDatabase();
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + database());
        Statement s = c.createStatement()) {
      s.execute("PRAGMA user_version = 99");
    }
    refusedWith("was written by a newer server (schema version 99");
  }

  @Test
  void anOlderSchemaIsRefusedNotConvertedInPlace() throws Exception {
    goodDatabase();
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + database());
        Statement s = c.createStatement()) {
      // What a server before the v2 dialect wrote: schema 1, without the users' sequence.
      s.execute("PRAGMA user_version = 1");
      s.execute("UPDATE totp_meta SET schema_version = 1");
    }
    refusedWith("was written by an older server (schema version 1; this one reads version 2");
  }

  @Test
  void aSecondServerOnTheSameDirectory() throws Exception {
    try (ReferenceServer first =
        ReferenceServer.start(ServerOptions.defaults().withPort(0).withDataDir(dir))) {
      refusedWith("in use by another server");
      assertThat(first.service().store().contents().users()).as("the first one runs on").hasSize(1);
    }
  }
}
