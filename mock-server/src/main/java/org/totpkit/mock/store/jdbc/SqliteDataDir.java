package org.totpkit.mock.store.jdbc;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Arrays;
import org.sqlite.SQLiteConfig;
import org.sqlite.SQLiteDataSource;
import org.sqlite.SQLiteOpenMode;
import org.totpkit.mock.store.StoreUnusable;

/**
 * The durable store of {@code --data-dir DIR}: the JDBC engine on one SQLite file, {@code
 * DIR/totp.db} (with SQLite's {@code -wal} and {@code -shm} beside it while it is open). A new
 * {@code DIR} is made 0700 and the file 0600: it holds secrets. An existing file is checked before
 * anything writes to it (our {@code application_id}, a schema version this code reads, a length
 * that matches its header, {@code PRAGMA quick_check}) and refused with one line otherwise; a file
 * is never deleted, recreated or repaired. A lock file keeps a second server off the same {@code
 * DIR}.
 */
public final class SqliteDataDir {
  public static final String DATABASE_FILE = "totp.db";
  public static final String LOCK_FILE = "totp.lock";

  /** {@code PRAGMA application_id}: "TOTP" in ASCII, so that our file is told from any other. */
  static final int APPLICATION_ID = 0x544F5450;

  private static final String CREATING_SUFFIX = ".creating";
  private static final byte[] SQLITE_MAGIC =
      "SQLite format 3\0".getBytes(StandardCharsets.US_ASCII);
  private static final int HEADER_BYTES = 100;
  private static final int BUSY_TIMEOUT_MILLIS = 10_000;
  private static final int POOL_SIZE = 4;

  private SqliteDataDir() {}

  /**
   * Opens the store in {@code dir}, creating the directory and the database if missing.
   *
   * @throws StoreUnusable with the one line to print when the directory or its file cannot be used
   */
  public static JdbcStore open(Path dir) {
    Path database = dir.resolve(DATABASE_FILE);
    makeDirectory(dir);
    FileLock lock = lock(dir, database);
    try {
      if (!Files.exists(database)) {
        create(dir, database);
      }
      check(database);
      return storeOn(database, lock);
    } catch (RuntimeException e) {
      release(lock);
      throw e;
    }
  }

  /** The store, with its pool and the directory lock released when it closes. */
  private static JdbcStore storeOn(Path database, FileLock lock) {
    HikariDataSource pool = pool(database);
    return new JdbcStore(
        pool,
        "",
        () -> {
          pool.close();
          release(lock);
        });
  }

  private static void makeDirectory(Path dir) {
    try {
      if (!Files.exists(dir)) {
        Files.createDirectories(
            dir,
            PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
      }
    } catch (IOException e) {
      throw new StoreUnusable(dir + ": cannot create the data directory (" + reason(e) + ")");
    }
    if (!Files.isDirectory(dir)) {
      throw new StoreUnusable(dir + ": is not a directory (--data-dir needs a directory)");
    }
  }

  private static FileLock lock(Path dir, Path database) {
    Path lockFile = dir.resolve(LOCK_FILE);
    FileChannel channel;
    try {
      if (!Files.exists(lockFile)) {
        try {
          Files.createFile(
              lockFile,
              PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        } catch (FileAlreadyExistsException raced) {
          // another server made it a moment ago: the lock below decides
        }
      }
      channel = FileChannel.open(lockFile, StandardOpenOption.WRITE);
    } catch (IOException e) {
      throw new StoreUnusable(lockFile + ": cannot open the lock file (" + reason(e) + ")");
    }
    FileLock lock = null;
    try {
      lock = channel.tryLock();
    } catch (OverlappingFileLockException | IOException e) {
      // held by this process already (another server in this JVM), or not lockable
    }
    if (lock == null) {
      closeQuietly(channel);
      throw new StoreUnusable(
          database + ": in use by another server (" + lockFile + " is locked); stop it first");
    }
    return lock;
  }

  private static void release(FileLock lock) {
    try {
      lock.release();
    } catch (IOException e) {
      // the channel closes below anyway
    }
    closeQuietly(lock.channel());
  }

  /**
   * Makes a new database beside {@code database} and moves it in place once complete, so that a
   * crash while creating leaves no half-made file under the real name.
   */
  private static void create(Path dir, Path database) {
    Path creating = dir.resolve(DATABASE_FILE + CREATING_SUFFIX);
    try {
      for (String suffix : new String[] {"", "-wal", "-shm", "-journal"}) {
        // Only ever our own leftover from a creation that did not finish.
        Files.deleteIfExists(dir.resolve(DATABASE_FILE + CREATING_SUFFIX + suffix));
      }
      Files.createFile(
          creating,
          PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
      try (Connection connection =
          DriverManager.getConnection("jdbc:sqlite:" + creating, settings(false).toProperties())) {
        try (Statement statement = connection.createStatement()) {
          statement.execute("PRAGMA application_id = " + APPLICATION_ID);
          statement.execute("PRAGMA user_version = " + Sql.SCHEMA_VERSION);
        }
        JdbcStore.createSchema(connection, "");
      }
      Files.move(creating, database, StandardCopyOption.ATOMIC_MOVE);
      try (FileChannel directory = FileChannel.open(dir, StandardOpenOption.READ)) {
        directory.force(true);
      }
    } catch (IOException | SQLException e) {
      throw new StoreUnusable(database + ": cannot create the database (" + reason(e) + ")");
    }
  }

  /** Refuses anything but a whole database of ours, before anything writes to it. */
  private static void check(Path database) {
    if (!Files.isRegularFile(database)) {
      throw new StoreUnusable(database + ": is not a regular file");
    }
    byte[] header = new byte[HEADER_BYTES];
    long length;
    try (InputStream in = Files.newInputStream(database)) {
      length = Files.size(database);
      int read = in.readNBytes(header, 0, HEADER_BYTES);
      if (read == 0) {
        throw new StoreUnusable(database + ": is empty (truncated?); not a TOTP mock database");
      }
      if (read < HEADER_BYTES
          || !Arrays.equals(header, 0, SQLITE_MAGIC.length, SQLITE_MAGIC, 0, SQLITE_MAGIC.length)) {
        throw new StoreUnusable(database + ": is not an SQLite database (no SQLite header)");
      }
    } catch (IOException e) {
      throw new StoreUnusable(database + ": cannot be read (" + reason(e) + ")");
    }
    ByteBuffer fields = ByteBuffer.wrap(header);
    int applicationId = fields.getInt(68);
    if (applicationId != APPLICATION_ID) {
      throw new StoreUnusable(
          database
              + ": is an SQLite database of another application (application_id "
              + applicationId
              + "), not a TOTP mock database");
    }
    int schema = fields.getInt(60);
    if (schema > Sql.SCHEMA_VERSION) {
      throw new StoreUnusable(
          database
              + ": was written by a newer server (schema version "
              + schema
              + "; this one reads up to "
              + Sql.SCHEMA_VERSION
              + "); use that version");
    }
    if (schema < 1) {
      throw new StoreUnusable(database + ": has no schema version; not a TOTP mock database");
    }
    if (schema < Sql.SCHEMA_VERSION) {
      throw new StoreUnusable(olderSchema(database.toString(), schema));
    }
    int pageSize = Short.toUnsignedInt(fields.getShort(16));
    long pageBytes = pageSize == 1 ? 65_536 : pageSize;
    long pages = Integer.toUnsignedLong(fields.getInt(28));
    boolean pagesValid = fields.getInt(24) == fields.getInt(92);
    if (pagesValid && length < pages * pageBytes) {
      throw new StoreUnusable(
          database + ": is truncated (" + length + " of " + pages * pageBytes + " bytes)");
    }
    // Read-only: the check itself must not write to a file it may refuse.
    try (Connection connection =
            DriverManager.getConnection("jdbc:sqlite:" + database, readOnly().toProperties());
        Statement statement = connection.createStatement()) {
      try (ResultSet row = statement.executeQuery("PRAGMA quick_check")) {
        String verdict = row.next() ? row.getString(1) : "no answer";
        if (!"ok".equals(verdict)) {
          throw new StoreUnusable(
              database + ": is damaged (quick_check: " + firstLine(verdict) + ")");
        }
      }
      int stored = JdbcStore.storedSchemaVersion(connection, "");
      if (stored != schema) {
        throw new StoreUnusable(
            database + ": its schema versions disagree (" + schema + " and " + stored + ")");
      }
    } catch (SQLException e) {
      throw new StoreUnusable(database + ": is damaged (" + firstLine(reason(e)) + ")");
    }
  }

  /**
   * A store of an older schema is refused, never converted in place: its data stays as the older
   * server left it, for that server (a decision: see docs/decisions.md).
   */
  static String olderSchema(String where, int schema) {
    return where
        + ": was written by an older server (schema version "
        + schema
        + "; this one reads version "
        + Sql.SCHEMA_VERSION
        + " only); use that server, or start this one on a new data directory or database";
  }

  private static HikariDataSource pool(Path database) {
    SQLiteDataSource sqlite = new SQLiteDataSource(settings(true));
    sqlite.setUrl("jdbc:sqlite:" + database);
    HikariConfig config = new HikariConfig();
    config.setDataSource(sqlite);
    config.setPoolName("totp-store");
    config.setMaximumPoolSize(POOL_SIZE);
    config.setMinimumIdle(1);
    try {
      return new HikariDataSource(config);
    } catch (RuntimeException e) {
      throw new StoreUnusable(database + ": cannot be opened (" + firstLine(reason(e)) + ")");
    }
  }

  /**
   * WAL with {@code synchronous=FULL}: no acknowledged write is lost to a crash. An existing file
   * is opened read/write but never created.
   */
  private static SQLiteConfig settings(boolean existing) {
    SQLiteConfig config = new SQLiteConfig();
    if (existing) {
      config.resetOpenMode(SQLiteOpenMode.CREATE);
    }
    config.setJournalMode(SQLiteConfig.JournalMode.WAL);
    config.setSynchronous(SQLiteConfig.SynchronousMode.FULL);
    config.setBusyTimeout(BUSY_TIMEOUT_MILLIS);
    return config;
  }

  private static SQLiteConfig readOnly() {
    SQLiteConfig config = new SQLiteConfig();
    config.resetOpenMode(SQLiteOpenMode.CREATE);
    config.setReadOnly(true);
    config.setBusyTimeout(BUSY_TIMEOUT_MILLIS);
    return config;
  }

  private static String reason(Exception e) {
    return e.getMessage() != null ? e.getMessage() : e.getClass().getSimpleName();
  }

  private static String firstLine(String text) {
    int newline = text.indexOf('\n');
    return newline < 0 ? text : text.substring(0, newline);
  }

  private static void closeQuietly(FileChannel channel) {
    try {
      channel.close();
    } catch (IOException e) {
      // nothing more to release
    }
  }
}
