package org.totpkit.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Comparator;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;
import org.totpkit.mock.store.StoreLocation;
import org.totpkit.mock.store.jdbc.PostgresStore;
import org.totpkit.mock.store.jdbc.SqliteDataDir;
import org.totpkit.mock.store.memory.MemoryStore;
import org.totpkit.mock.totp.HashAlgorithm;
import org.totpkit.mock.totp.Organization;
import org.totpkit.mock.totp.Registration;
import org.totpkit.mock.totp.TotpParameters;
import org.totpkit.mock.totp.TotpStore;
import org.totpkit.mock.totp.TotpStore.Transition;
import org.totpkit.mock.totp.User;

/**
 * The store's atomic transition (what a wrong code does: read, count one more failure, write back)
 * with 1, 2 and 8 threads, on one hot registration that every thread fights over and spread over
 * many, on every engine the server has: in memory, SQLite in a temporary {@code --data-dir}, and
 * PostgreSQL. PostgreSQL needs {@code TOTP_BENCH_POSTGRES}: a {@code jdbc:postgresql://} URL of a
 * database to use (user {@code postgres}; tables prefixed {@code bench_}, emptied before and
 * after), or {@code start} to start a throw-away server with {@code deploy/postgres.sh} (run from
 * the repository root); without it the POSTGRES trials fail at once with a line saying so and the
 * others run ({@code -p engine=MEMORY,SQLITE} leaves them out).
 */
@BenchmarkMode(Mode.Throughput)
// Seconds: a JDBC transition takes hundreds of microseconds, an in-memory one well under one.
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class StoreBenchmark {
  /** The engines of the server. */
  public enum Engine {
    MEMORY,
    SQLITE,
    POSTGRES
  }

  static final String POSTGRES_ENV = "TOTP_BENCH_POSTGRES";

  @State(Scope.Benchmark)
  public static class Store {
    @Param({"MEMORY", "SQLITE", "POSTGRES"})
    public Engine engine;

    /** 1: every thread on the same registration; 10000: rarely the same one. */
    @Param({"1", "10000"})
    public int registrations;

    TotpStore store;
    String[] ids;
    private Path dataDir;
    private Path postgresDir;

    @Setup
    public void open() throws IOException, InterruptedException {
      store = openStore();
      store.clear();
      Instant now = Instant.ofEpochSecond(1_111_111_111L);
      Organization org = new Organization("1", "bench");
      User user = new User("2", org.id(), "bench", now);
      store.addUser(user, org, "bench-token", 10, 10);
      ids = new String[registrations];
      TotpParameters parameters = new TotpParameters(HashAlgorithm.SHA1, 6, 30, 1);
      for (int i = 0; i < registrations; i++) {
        ids[i] = Long.toString(160_000_000_000_000_000L + i);
        TotpStore.Admission added =
            store.addRegistration(
                Registration.pending(ids[i], user.id(), new byte[20], parameters, now),
                Integer.MAX_VALUE,
                Integer.MAX_VALUE);
        if (added != TotpStore.Admission.ADDED) {
          throw new IllegalStateException("registration " + i + " not added: " + added);
        }
      }
    }

    private TotpStore openStore() throws IOException, InterruptedException {
      switch (engine) {
        case MEMORY:
          return new MemoryStore();
        case SQLITE:
          dataDir = Files.createTempDirectory("totp-bench-sqlite");
          // The data directory must not exist yet: the engine makes it 0700 itself.
          Path dir = dataDir.resolve("data");
          return SqliteDataDir.open(dir);
        case POSTGRES:
          return PostgresStore.open(
              new StoreLocation(postgresUrl(), null, null, "bench_").withUser("postgres"));
        default:
          throw new IllegalStateException("engine " + engine);
      }
    }

    private String postgresUrl() throws IOException, InterruptedException {
      String setting = System.getenv(POSTGRES_ENV);
      if (setting == null || setting.isBlank()) {
        String line =
            "POSTGRES skipped: set "
                + POSTGRES_ENV
                + "=start (deploy/postgres.sh starts a throw-away server) or to a"
                + " jdbc:postgresql:// URL; -p engine=MEMORY,SQLITE leaves it out";
        System.err.println(line);
        throw new IllegalStateException(line);
      }
      if (!setting.equals("start")) {
        return setting;
      }
      postgresDir = Files.createTempDirectory("totp-bench-pg");
      // As root PostgreSQL runs as the postgres user, which must reach its directory inside.
      Files.setPosixFilePermissions(
          postgresDir, java.nio.file.attribute.PosixFilePermissions.fromString("rwxr-xr-x"));
      Process start =
          new ProcessBuilder("deploy/postgres.sh", "start", postgresDir.resolve("pg").toString())
              .redirectError(ProcessBuilder.Redirect.INHERIT)
              .start();
      String url = new String(start.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
      if (start.waitFor() != 0 || !url.startsWith(PostgresStore.URL_START)) {
        String line =
            "POSTGRES skipped: deploy/postgres.sh could not start a server (run from the"
                + " repository root, with Debian's postgresql installed)";
        System.err.println(line);
        throw new IllegalStateException(line);
      }
      return url;
    }

    @TearDown
    public void close() throws IOException, InterruptedException {
      if (store != null) {
        store.clear();
        store.close();
      }
      if (postgresDir != null) {
        new ProcessBuilder("deploy/postgres.sh", "stop", postgresDir.resolve("pg").toString())
            .inheritIO()
            .start()
            .waitFor();
        deleteTree(postgresDir);
      }
      if (dataDir != null) {
        deleteTree(dataDir);
      }
    }
  }

  private static void deleteTree(Path root) throws IOException {
    try (Stream<Path> paths = Files.walk(root)) {
      for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(path);
      }
    }
  }

  private static final Transition<Boolean> ABSENT = new Transition<>(null, false);

  private static Transition<Boolean> oneMoreFailure(Registration current) {
    if (current == null) {
      return ABSENT;
    }
    Registration next =
        new Registration(
            current.totpId(),
            current.userId(),
            current.secret(),
            current.parameters(),
            current.state(),
            current.startedAt(),
            current.failedAttempts() + 1,
            null);
    return new Transition<>(next, true);
  }

  private static boolean transition(Store s) {
    String id = s.ids[ThreadLocalRandom.current().nextInt(s.ids.length)];
    return s.store.transition(id, StoreBenchmark::oneMoreFailure);
  }

  @Benchmark
  @Threads(1)
  public boolean threads1(Store s) {
    return transition(s);
  }

  @Benchmark
  @Threads(2)
  public boolean threads2(Store s) {
    return transition(s);
  }

  @Benchmark
  @Threads(8)
  public boolean threads8(Store s) {
    return transition(s);
  }
}
