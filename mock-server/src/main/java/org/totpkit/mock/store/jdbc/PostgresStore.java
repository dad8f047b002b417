package org.totpkit.mock.store.jdbc;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Properties;
import org.postgresql.Driver;
import org.totpkit.mock.store.StoreLocation;
import org.totpkit.mock.store.StoreUnusable;

/**
 * The team-shared store of {@code --store jdbc:postgresql://HOST:PORT/DB}: the JDBC engine and its
 * SQL on PostgreSQL, through a small pool. Every replica naming the same database and table prefix
 * shares one state. The schema is created when missing and checked when present: tables of the same
 * names made by something else, or a newer schema, are refused with one line.
 */
public final class PostgresStore {
  public static final String URL_START = "jdbc:postgresql://";

  /** Connections per replica: enough for a test suite's bursts, small beside PostgreSQL's 100. */
  private static final int POOL_SIZE = 8;

  private static final long CONNECT_TIMEOUT_MILLIS = 10_000;

  /** Replicas starting together may race to create the tables: try again a few times. */
  private static final int CREATE_ATTEMPTS = 5;

  private PostgresStore() {}

  /** Whether {@code url} names a PostgreSQL database (the driver's own parser decides). */
  public static boolean isPostgresUrl(String url) {
    return url.startsWith(URL_START) && Driver.parseURL(url, new Properties()) != null;
  }

  /**
   * Opens the store at {@code location}, creating its tables if missing.
   *
   * @throws StoreUnusable with the one line to print when the database cannot be used
   */
  public static JdbcStore open(StoreLocation location) {
    if (!isPostgresUrl(location.url())) {
      throw new StoreUnusable(
          "--store: '"
              + location.url()
              + "' is not a PostgreSQL JDBC URL; use jdbc:postgresql://HOST:PORT/DB"
              + " (or --data-dir DIR for SQLite)");
    }
    if (location.url().toLowerCase(java.util.Locale.ROOT).contains("password=")) {
      throw new StoreUnusable(
          "--store: the URL must not carry the password; set TOTP_STORE_PASSWORD or use"
              + " --store-password-file FILE");
    }
    String where = describe(location);
    Sql sql;
    try {
      sql = new Sql(location.tablePrefix());
    } catch (IllegalArgumentException e) {
      throw new StoreUnusable("--store-table-prefix: " + e.getMessage());
    }
    HikariDataSource pool = pool(location, where);
    try {
      prepareSchema(pool, sql, location.tablePrefix(), where);
    } catch (RuntimeException e) {
      pool.close();
      throw e;
    }
    return new JdbcStore(pool, location.tablePrefix(), pool::close, true);
  }

  private static HikariDataSource pool(StoreLocation location, String where) {
    HikariConfig config = new HikariConfig();
    config.setJdbcUrl(location.url());
    if (location.user() != null) {
      config.setUsername(location.user());
    }
    if (location.password() != null) {
      config.setPassword(location.password());
    }
    config.setPoolName("totp-store");
    config.setMaximumPoolSize(POOL_SIZE);
    // A fixed pool (HikariCP's own advice): no connection opened or retired under load.
    config.setMinimumIdle(POOL_SIZE);
    config.setConnectionTimeout(CONNECT_TIMEOUT_MILLIS);
    try {
      return new HikariDataSource(config);
    } catch (RuntimeException e) {
      throw new StoreUnusable(where + ": cannot connect (" + rootReason(e) + ")");
    }
  }

  private static void prepareSchema(
      HikariDataSource pool, Sql sql, String tablePrefix, String where) {
    for (int attempt = 1; ; attempt++) {
      try (Connection connection = pool.getConnection()) {
        checkExistingTables(connection, sql, tablePrefix, where);
        if (!exists(connection, sql.tables().get(0))) {
          JdbcStore.createSchema(connection, tablePrefix);
        }
        checkVersion(connection, tablePrefix, where);
        return;
      } catch (SQLException e) {
        if (attempt >= CREATE_ATTEMPTS || !isCreationRace(e)) {
          throw new StoreUnusable(where + ": cannot prepare the tables (" + firstLine(e) + ")");
        }
      }
    }
  }

  /** Refuses tables of our names that lack the columns this code reads. */
  private static void checkExistingTables(
      Connection connection, Sql sql, String tablePrefix, String where) throws SQLException {
    for (int i = 0; i < sql.tables().size(); i++) {
      String table = sql.tables().get(i);
      if (!exists(connection, table)) {
        continue;
      }
      boolean autoCommit = connection.getAutoCommit();
      try (Statement statement = connection.createStatement()) {
        statement.executeQuery(sql.probes().get(i)).close();
      } catch (SQLException e) {
        if (!autoCommit) {
          connection.rollback();
        }
        throw new StoreUnusable(
            where
                + ": table "
                + table
                + " is not a TOTP mock table (another application's schema?); use another"
                + " database or --store-table-prefix");
      }
      if (i == 0) {
        // Our meta table: an older schema's other tables lack columns, which is not foreign.
        checkVersion(connection, tablePrefix, where);
      }
    }
  }

  private static void checkVersion(Connection connection, String tablePrefix, String where)
      throws SQLException {
    int stored;
    try {
      stored = JdbcStore.storedSchemaVersion(connection, tablePrefix);
    } catch (SQLException e) {
      throw new StoreUnusable(where + ": has no TOTP mock schema version (" + firstLine(e) + ")");
    }
    if (stored > Sql.SCHEMA_VERSION) {
      throw new StoreUnusable(
          where
              + ": was written by a newer server (schema version "
              + stored
              + "; this one reads up to "
              + Sql.SCHEMA_VERSION
              + "); use that version");
    }
    if (stored < 1) {
      throw new StoreUnusable(where + ": has schema version " + stored + "; not a TOTP mock");
    }
    if (stored < Sql.SCHEMA_VERSION) {
      throw new StoreUnusable(SqliteDataDir.olderSchema(where, stored));
    }
  }

  /** Through JDBC's metadata, so that no catalogue SQL is needed. */
  private static boolean exists(Connection connection, String table) throws SQLException {
    DatabaseMetaData meta = connection.getMetaData();
    try (ResultSet tables = meta.getTables(null, null, table, new String[] {"TABLE"})) {
      return tables.next();
    }
  }

  /** Two replicas creating the same table at once: unique violation or "already exists". */
  private static boolean isCreationRace(SQLException e) {
    return "23505".equals(e.getSQLState()) || "42P07".equals(e.getSQLState());
  }

  private static String describe(StoreLocation location) {
    String prefix =
        location.tablePrefix().isEmpty() ? "" : " (tables " + location.tablePrefix() + "*)";
    // The query string may hold connection settings; the one line names the database only.
    return location.url().replaceFirst("\\?.*", "") + prefix;
  }

  private static String rootReason(Throwable e) {
    Throwable cause = e;
    while (cause.getCause() != null) {
      cause = cause.getCause();
    }
    String message = cause.getMessage() != null ? cause.getMessage() : cause.getClass().getName();
    return firstLine(message);
  }

  private static String firstLine(SQLException e) {
    return firstLine(e.getMessage() != null ? e.getMessage() : e.getSQLState());
  }

  private static String firstLine(String text) {
    int newline = text.indexOf('\n');
    return newline < 0 ? text : text.substring(0, newline);
  }
}
