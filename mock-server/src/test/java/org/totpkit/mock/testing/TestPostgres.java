package org.totpkit.mock.testing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.totpkit.mock.store.StoreLocation;

/**
 * One throw-away PostgreSQL per test JVM, started by the repository's {@code deploy/postgres.sh} in
 * a temporary directory and stopped when the JVM ends. Each caller gets its own table prefix, so
 * tests share the server but never each other's state.
 */
public final class TestPostgres {
  private static final AtomicInteger PREFIXES = new AtomicInteger();
  private static String url;

  private TestPostgres() {}

  /** The JDBC URL of the database, starting the server on first use. */
  public static synchronized String url() {
    if (url == null) {
      url = start();
    }
    return url;
  }

  /** A location on the test database with a table prefix no other caller has. */
  public static StoreLocation freshLocation() {
    String prefix = "t" + ProcessHandle.current().pid() + "_" + PREFIXES.incrementAndGet() + "_";
    return new StoreLocation(url(), "postgres", null, prefix);
  }

  private static String start() {
    Path script = script();
    try {
      Path base = Files.createTempDirectory("totp-pg-");
      // The server runs as the postgres user when we are root: it must reach its directory.
      Files.setPosixFilePermissions(base, PosixFilePermissions.fromString("rwxr-xr-x"));
      Path data = base.resolve("data");
      List<String> out = run(script.toString(), "start", data.toString());
      String found =
          out.stream()
              .filter(line -> line.startsWith("jdbc:postgresql://"))
              .findFirst()
              .orElseThrow(
                  () ->
                      new IllegalStateException(
                          "deploy/postgres.sh start printed no JDBC URL: "
                              + String.join(" ", out)));
      Runtime.getRuntime()
          .addShutdownHook(
              new Thread(
                  () -> {
                    try {
                      run(script.toString(), "stop", data.toString());
                    } catch (RuntimeException e) {
                      // the JVM is ending; the temporary directory goes with the machine
                    }
                  },
                  "test-postgres-stop"));
      return found;
    } catch (IOException e) {
      throw new IllegalStateException("cannot make a directory for the test PostgreSQL", e);
    }
  }

  private static List<String> run(String... command) {
    try {
      Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
      String text = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      if (!process.waitFor(120, TimeUnit.SECONDS)) {
        process.destroyForcibly();
        throw new IllegalStateException(String.join(" ", command) + " did not finish in 120 s");
      }
      if (process.exitValue() != 0) {
        throw new IllegalStateException(
            "the PostgreSQL tests need PostgreSQL (Debian: apt-get install postgresql; .ci/run"
                + " installs it): "
                + String.join(" ", command)
                + " failed: "
                + text.strip());
      }
      return text.lines().toList();
    } catch (IOException e) {
      throw new IllegalStateException("cannot run " + String.join(" ", command), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while running " + command[0], e);
    }
  }

  /** deploy/postgres.sh of this repository, found upwards from the module's directory. */
  private static Path script() {
    Path dir = Path.of("").toAbsolutePath();
    while (dir != null) {
      Path candidate = dir.resolve("deploy").resolve("postgres.sh");
      if (Files.isRegularFile(candidate) && Files.isDirectory(dir.resolve(".git"))
          || Files.isRegularFile(candidate) && Files.isRegularFile(dir.resolve("pom.xml"))) {
        return candidate;
      }
      dir = dir.getParent();
    }
    throw new IllegalStateException(
        "deploy/postgres.sh not found above " + Path.of("").toAbsolutePath());
  }
}
