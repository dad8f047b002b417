package org.totpkit.mock.store.jdbc;

import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;

/**
 * Every SQL text of the JDBC engine, and the table names, in one place. Only the subset that SQLite
 * and PostgreSQL both run: VARCHAR, INTEGER and BIGINT columns (instants as seconds plus nanos),
 * conditional UPDATE and DELETE whose update count is the answer, a version column for
 * compare-and-set, {@code INSERT … ON CONFLICT DO NOTHING} and {@code UPDATE … RETURNING}. No
 * sequences, identity columns, {@code FOR UPDATE}, {@code MERGE} or BOOLEAN, except in the
 * PostgreSQL-only statements of a request's checked transition (marked so below), which SQLite
 * never runs.
 */
final class Sql {
  /**
   * The schema this code writes and reads; a store with another one is refused. Version 2 added the
   * user's event sequence and own TOTP (the v2 dialect).
   */
  static final int SCHEMA_VERSION = 2;

  final String meta;
  final String settings;
  final String organizations;
  final String users;
  final String tokens;
  final String registrations;

  /**
   * @param prefix put before every table name, so that several stores can share one database
   */
  Sql(String prefix) {
    if (!prefix.matches("[a-z0-9_]{0,30}")) {
      throw new IllegalArgumentException(
          "a table prefix is up to 30 lower-case letters, digits and underscores");
    }
    meta = prefix + "totp_meta";
    settings = prefix + "totp_settings";
    organizations = prefix + "totp_organizations";
    users = prefix + "totp_users";
    tokens = prefix + "totp_tokens";
    registrations = prefix + "totp_registrations";
  }

  List<String> createSchema() {
    return List.of(
        "CREATE TABLE IF NOT EXISTS "
            + meta
            + " (id INTEGER PRIMARY KEY, schema_version INTEGER NOT NULL,"
            + " next_id BIGINT NOT NULL, demo_claimed INTEGER NOT NULL)",
        "CREATE TABLE IF NOT EXISTS "
            + settings
            + " (id INTEGER PRIMARY KEY, version BIGINT NOT NULL,"
            + " frozen INTEGER NOT NULL, frozen_s BIGINT NOT NULL, frozen_n INTEGER NOT NULL,"
            + " offset_s BIGINT NOT NULL, offset_n INTEGER NOT NULL,"
            + " algorithm VARCHAR NOT NULL, digits INTEGER NOT NULL, period INTEGER NOT NULL,"
            + " skew INTEGER NOT NULL, issuer VARCHAR NOT NULL, max_failed INTEGER NOT NULL,"
            + " lock_seconds INTEGER NOT NULL, pending_ttl INTEGER NOT NULL)",
        "CREATE TABLE IF NOT EXISTS "
            + organizations
            + " (id VARCHAR PRIMARY KEY, domain VARCHAR NOT NULL)",
        "CREATE TABLE IF NOT EXISTS "
            + users
            + " (id VARCHAR PRIMARY KEY, org_id VARCHAR NOT NULL, login_name VARCHAR NOT NULL,"
            + " created_s BIGINT NOT NULL, created_n INTEGER NOT NULL,"
            + " sequence_no BIGINT NOT NULL, own_totp_id VARCHAR)",
        "CREATE TABLE IF NOT EXISTS "
            + tokens
            + " (token VARCHAR PRIMARY KEY, user_id VARCHAR, org_id VARCHAR NOT NULL,"
            + " permissions VARCHAR NOT NULL)",
        "CREATE TABLE IF NOT EXISTS "
            + registrations
            + " (totp_id VARCHAR PRIMARY KEY, user_id VARCHAR NOT NULL, secret VARCHAR NOT NULL,"
            + " algorithm VARCHAR NOT NULL, digits INTEGER NOT NULL, period INTEGER NOT NULL,"
            + " skew INTEGER NOT NULL, state VARCHAR NOT NULL,"
            + " started_s BIGINT NOT NULL, started_n INTEGER NOT NULL,"
            + " failed INTEGER NOT NULL, locked INTEGER NOT NULL,"
            + " locked_s BIGINT NOT NULL, locked_n INTEGER NOT NULL, version BIGINT NOT NULL)",
        "CREATE INDEX IF NOT EXISTS "
            + registrations
            + "_by_user ON "
            + registrations
            + " (user_id)");
  }

  /** Every table's name, the meta table first. */
  List<String> tables() {
    return List.of(meta, settings, organizations, users, tokens, registrations);
  }

  /**
   * A query per table that names every column this code reads and returns no row: it fails on a
   * table of the same name made by something else.
   */
  List<String> probes() {
    return List.of(
        "SELECT id, schema_version, next_id, demo_claimed FROM " + meta + " WHERE 1 = 0",
        "SELECT id, version, " + SETTINGS_COLUMNS + " FROM " + settings + " WHERE 1 = 0",
        "SELECT id, domain FROM " + organizations + " WHERE 1 = 0",
        "SELECT id, org_id, login_name, created_s, created_n, sequence_no, own_totp_id FROM "
            + users
            + " WHERE 1 = 0",
        "SELECT token, user_id, org_id, permissions FROM " + tokens + " WHERE 1 = 0",
        "SELECT version, " + REGISTRATION_COLUMNS + " FROM " + registrations + " WHERE 1 = 0");
  }

  // --- the one meta row: schema version, id counter, demo data claimed

  String insertMeta() {
    return "INSERT INTO "
        + meta
        + " (id, schema_version, next_id, demo_claimed) VALUES (1, ?, ?, 0)"
        + " ON CONFLICT (id) DO NOTHING";
  }

  String selectSchemaVersion() {
    return "SELECT schema_version FROM " + meta + " WHERE id = 1";
  }

  /** Reserves a block of ids: the answer is the end of the block. */
  String reserveIds() {
    return "UPDATE " + meta + " SET next_id = next_id + ? WHERE id = 1 RETURNING next_id";
  }

  /**
   * Taken first by a transaction that adds within a bound: a no-op write on the meta row, which
   * PostgreSQL holds as a row lock until commit (SQLite has one writer anyway), so that two
   * replicas do not both see room for the last user, token or registration.
   */
  String lockForBounds() {
    return "UPDATE " + meta + " SET demo_claimed = demo_claimed WHERE id = 1";
  }

  String claimDemoData() {
    return "UPDATE " + meta + " SET demo_claimed = 1 WHERE id = 1 AND demo_claimed = 0";
  }

  // --- the one settings row: clock and policy, compare-and-set on its version

  private static final String SETTINGS_COLUMNS =
      "frozen, frozen_s, frozen_n, offset_s, offset_n, algorithm, digits, period, skew, issuer,"
          + " max_failed, lock_seconds, pending_ttl";

  String insertSettings() {
    return "INSERT INTO "
        + settings
        + " (id, version, "
        + SETTINGS_COLUMNS
        + ") VALUES (1, 0, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (id) DO NOTHING";
  }

  String selectSettings() {
    return "SELECT version, " + SETTINGS_COLUMNS + " FROM " + settings + " WHERE id = 1";
  }

  String updateSettings() {
    return "UPDATE "
        + settings
        + " SET version = version + 1, frozen = ?, frozen_s = ?, frozen_n = ?, offset_s = ?,"
        + " offset_n = ?, algorithm = ?, digits = ?, period = ?, skew = ?, issuer = ?,"
        + " max_failed = ?, lock_seconds = ?, pending_ttl = ? WHERE id = 1 AND version = ?";
  }

  // --- organizations, users, tokens

  String insertOrganization() {
    return "INSERT INTO "
        + organizations
        + " (id, domain) VALUES (?, ?) ON CONFLICT (id) DO NOTHING";
  }

  String selectOrganization() {
    return "SELECT id, domain FROM " + organizations + " WHERE id = ?";
  }

  String selectOrganizations() {
    return "SELECT id, domain FROM " + organizations + " ORDER BY id";
  }

  /** Adds a user unless the id is taken or the bound is reached (the update count says which). */
  String insertUserWithinBound() {
    return "INSERT INTO "
        + users
        + " (id, org_id, login_name, created_s, created_n, sequence_no) SELECT ?, ?, ?, ?, ?, 1"
        + " WHERE (SELECT COUNT(*) FROM "
        + users
        + ") < ? ON CONFLICT (id) DO NOTHING";
  }

  String selectUser() {
    return "SELECT id, org_id, login_name, created_s, created_n FROM " + users + " WHERE id = ?";
  }

  String selectUsers() {
    return "SELECT id, org_id, login_name, created_s, created_n FROM " + users + " ORDER BY id";
  }

  // --- a user's events: the sequence and the own TOTP, on the user's row (which a counted change
  // locks first, before any registration row, so that changes of one user never deadlock)

  String selectSequence() {
    return "SELECT sequence_no FROM " + users + " WHERE id = ?";
  }

  String selectOwnTotpId() {
    return "SELECT own_totp_id FROM " + users + " WHERE id = ?";
  }

  /** Counts one event of the user: the answer is the new sequence (no row: no such user). */
  String countEvent() {
    return "UPDATE "
        + users
        + " SET sequence_no = sequence_no + 1 WHERE id = ? RETURNING sequence_no";
  }

  /** Locks the user's row without changing it, answering the own TOTP's id. */
  String lockUser() {
    return "UPDATE " + users + " SET sequence_no = sequence_no WHERE id = ? RETURNING own_totp_id";
  }

  /** Counts one event and names the user's own TOTP: the answer is the new sequence. */
  String setOwnTotp() {
    return "UPDATE "
        + users
        + " SET sequence_no = sequence_no + 1, own_totp_id = ? WHERE id = ? RETURNING sequence_no";
  }

  String insertTokenWithinBound() {
    return "INSERT INTO "
        + tokens
        + " (token, user_id, org_id, permissions) SELECT ?, ?, ?, ?"
        + " WHERE (SELECT COUNT(*) FROM "
        + tokens
        + ") < ? ON CONFLICT (token) DO NOTHING";
  }

  String selectCaller() {
    return "SELECT user_id, org_id, permissions FROM " + tokens + " WHERE token = ?";
  }

  String selectTokens() {
    return "SELECT token, user_id, org_id, permissions FROM " + tokens + " ORDER BY token";
  }

  String countUsers() {
    return "SELECT COUNT(*) FROM " + users;
  }

  String countTokens() {
    return "SELECT COUNT(*) FROM " + tokens;
  }

  // --- registrations: compare-and-set on each row's version

  private static final String REGISTRATION_COLUMNS =
      "totp_id, user_id, secret, algorithm, digits, period, skew, state, started_s, started_n,"
          + " failed, locked, locked_s, locked_n";

  String insertRegistrationWithinBounds() {
    return "INSERT INTO "
        + registrations
        + " ("
        + REGISTRATION_COLUMNS
        + ", version) SELECT ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 0"
        + " WHERE (SELECT COUNT(*) FROM "
        + registrations
        + " WHERE user_id = ?) < ? AND (SELECT COUNT(*) FROM "
        + registrations
        + ") < ? ON CONFLICT (totp_id) DO NOTHING";
  }

  /** A transition's insert, when a step makes a registration where there was none. */
  String insertRegistration() {
    return "INSERT INTO "
        + registrations
        + " ("
        + REGISTRATION_COLUMNS
        + ", version) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 0)"
        + " ON CONFLICT (totp_id) DO NOTHING";
  }

  String selectRegistration() {
    return "SELECT version, "
        + REGISTRATION_COLUMNS
        + " FROM "
        + registrations
        + " WHERE totp_id = ?";
  }

  String selectRegistrations() {
    return "SELECT version, "
        + REGISTRATION_COLUMNS
        + " FROM "
        + registrations
        + " ORDER BY totp_id";
  }

  String countRegistrations() {
    return "SELECT COUNT(*) FROM " + registrations;
  }

  String countRegistrationsOf() {
    return "SELECT COUNT(*) FROM " + registrations + " WHERE user_id = ?";
  }

  String updateRegistration() {
    return "UPDATE "
        + registrations
        + " SET user_id = ?, secret = ?, algorithm = ?, digits = ?, period = ?, skew = ?,"
        + " state = ?, started_s = ?, started_n = ?, failed = ?, locked = ?, locked_s = ?,"
        + " locked_n = ?, version = version + 1 WHERE totp_id = ? AND version = ?";
  }

  /** Under the user's lock, where no version is needed. */
  String deleteRegistrationOf() {
    return "DELETE FROM " + registrations + " WHERE totp_id = ? AND user_id = ?";
  }

  String deleteRegistration() {
    return "DELETE FROM " + registrations + " WHERE totp_id = ? AND version = ?";
  }

  // --- PostgreSQL only: a request's transition in one statement that checks, in the same
  // statement,
  // that the settings row still has the version the request saw (the view of
  // JdbcStore.consistently)

  String selectSettingsVersion() {
    return "SELECT version FROM " + settings + " WHERE id = 1";
  }

  /** Makes every view of the state older than now stale (a reset: users and tokens go). */
  String bumpSettingsVersion() {
    return "UPDATE " + settings + " SET version = version + 1 WHERE id = 1";
  }

  /**
   * The settings version and the registration (its columns prefixed {@code r_}; null when absent).
   * Only the version of the settings: a verify reads this on every request, and the settings
   * themselves are read (with {@link #selectSettings}) only when the version moved.
   */
  String selectSettingsAndRegistration() {
    StringBuilder columns = new StringBuilder("r.version AS r_version");
    for (String column : REGISTRATION_COLUMNS.split(",\\s*")) {
      columns.append(", r.").append(column).append(" AS r_").append(column);
    }
    return "SELECT s.version, "
        + columns
        + " FROM "
        + settings
        + " s LEFT JOIN "
        + registrations
        + " r ON r.totp_id = ? WHERE s.id = 1";
  }

  private String settingsStill() {
    return "(SELECT version FROM " + settings + " WHERE id = 1) = ?";
  }

  /**
   * A change that is no event (failures, a lock): parameters as updateRegistration, then the
   * settings version.
   */
  String updateRegistrationChecked() {
    return updateRegistration() + " AND " + settingsStill();
  }

  /**
   * A change of only what changes after a registration is made (its state, failure count and lock),
   * checked like {@link #updateRegistrationChecked}: parameters state, failed, locked, locked_s,
   * locked_n, then totp_id, the version read and the settings version seen.
   */
  String updateRegistrationStateChecked() {
    return "UPDATE "
        + registrations
        + " SET state = ?, failed = ?, locked = ?, locked_s = ?, locked_n = ?,"
        + " version = version + 1 WHERE totp_id = ? AND version = ? AND "
        + settingsStill();
  }

  /**
   * A change that is an event, counted on the user's row in the same statement: the user's row is
   * locked first (as every counted change does), then the registration is changed if its version
   * and the settings version are still those seen. Parameters: the user's id, then {@code
   * change}'s. Answers one row: how many registrations changed (0 or 1) and the user's new sequence
   * (null without a user row).
   */
  private String counted(String change) {
    return "WITH u AS (SELECT id FROM "
        + users
        + " WHERE id = ? FOR UPDATE), r AS ("
        + change
        + " AND "
        + settingsStill()
        + " AND (SELECT COUNT(*) FROM u) >= 0 RETURNING user_id), c AS (UPDATE "
        + users
        + " SET sequence_no = sequence_no + 1 WHERE id IN (SELECT user_id FROM r)"
        + " RETURNING sequence_no) SELECT (SELECT COUNT(*) FROM r), (SELECT MAX(sequence_no) FROM c)";
  }

  /**
   * Many requests' changes that are no event (failures, a lock) in one statement, one row each: a
   * row is written only if its registration still has the version its request read and the settings
   * row the version its request saw. Parameters: one array per column of {@link
   * #CHECKED_BATCH_COLUMNS}, in that order. Answers the totp_id of every row written.
   */
  String updateRegistrationsChecked() {
    StringBuilder set = new StringBuilder();
    for (String[] column : CHECKED_BATCH_COLUMNS) {
      if (!column[0].equals("totp_id") && !column[0].endsWith("_version")) {
        set.append(column[0]).append(" = v.").append(column[0]).append(", ");
      }
    }
    return "UPDATE "
        + registrations
        + " AS r SET "
        + set
        + "version = r.version + 1 FROM "
        + unnested(CHECKED_BATCH_COLUMNS)
        + " WHERE r.totp_id = v.totp_id AND r.version = v.seen_version"
        + " AND v.settings_version = (SELECT version FROM "
        + settings
        + " WHERE id = 1) RETURNING r.totp_id";
  }

  /**
   * {@link #updateRegistrationsChecked} for a batch that holds events (a right code's state
   * change), counted on the users' rows in the same statement: the rows of every user with an event
   * in the batch are locked first, in id order (as every counted change locks its user before any
   * registration), then each row is written as in {@link #updateRegistrationsChecked}, then each
   * user's sequence moves by the events written. Parameters: one array per column of {@link
   * #COUNTED_BATCH_COLUMNS} ({@code event_user} null for a row that is no event; {@code arrival}
   * orders one user's events). Answers, per row written, its totp_id and the user's sequence after
   * its event (null for no event or no user row).
   */
  String updateRegistrationsCheckedCounted() {
    return "WITH v AS (SELECT * FROM "
        + unnested(COUNTED_BATCH_COLUMNS)
        + "), u AS (SELECT id FROM "
        + users
        + " WHERE id IN (SELECT event_user FROM v) ORDER BY id FOR UPDATE), r AS (UPDATE "
        + registrations
        + " AS r SET state = v.state, failed = v.failed, locked = v.locked,"
        + " locked_s = v.locked_s, locked_n = v.locked_n, version = r.version + 1 FROM v"
        + " WHERE r.totp_id = v.totp_id AND r.version = v.seen_version"
        + " AND v.settings_version = (SELECT version FROM "
        + settings
        + " WHERE id = 1) AND (SELECT COUNT(*) FROM u) >= 0"
        + " RETURNING r.totp_id, v.event_user, v.arrival),"
        + " e AS (SELECT totp_id, event_user,"
        + " row_number() OVER (PARTITION BY event_user ORDER BY arrival) AS k,"
        + " COUNT(*) OVER (PARTITION BY event_user) AS n FROM r WHERE event_user IS NOT NULL),"
        + " c AS (UPDATE "
        + users
        + " AS s SET sequence_no = s.sequence_no + g.n FROM (SELECT event_user, MAX(n) AS n"
        + " FROM e GROUP BY event_user) AS g WHERE s.id = g.event_user"
        + " RETURNING s.id, s.sequence_no)"
        + " SELECT r.totp_id, c.sequence_no - e.n + e.k FROM r"
        + " LEFT JOIN e ON e.totp_id = r.totp_id LEFT JOIN c ON c.id = e.event_user";
  }

  /**
   * {@code unnest(?::type[], ...) AS v(name, ...)}: one array parameter per column (name and
   * PostgreSQL element type), read as the rows of {@code v}.
   */
  private static String unnested(String[][] columns) {
    StringBuilder arrays = new StringBuilder();
    StringBuilder names = new StringBuilder();
    for (String[] column : columns) {
      if (arrays.length() > 0) {
        arrays.append(", ");
        names.append(", ");
      }
      arrays.append("?::").append(column[1]).append("[]");
      names.append(column[0]);
    }
    return "unnest(" + arrays + ") AS v(" + names + ")";
  }

  /** The arrays of {@link #updateRegistrationsChecked}: name and PostgreSQL element type. */
  static final String[][] CHECKED_BATCH_COLUMNS = {
    {"totp_id", "varchar"},
    {"seen_version", "bigint"},
    {"settings_version", "bigint"},
    {"state", "varchar"},
    {"failed", "int"},
    {"locked", "int"},
    {"locked_s", "bigint"},
    {"locked_n", "int"}
  };

  /**
   * The arrays of {@link #updateRegistrationsCheckedCounted}: those of {@link
   * #CHECKED_BATCH_COLUMNS}, then the event's user and its arrival.
   */
  static final String[][] COUNTED_BATCH_COLUMNS =
      Stream.concat(
              Arrays.stream(CHECKED_BATCH_COLUMNS),
              Stream.of(new String[] {"event_user", "varchar"}, new String[] {"arrival", "int"}))
          .toArray(String[][]::new);

  String updateRegistrationCounted() {
    return counted(updateRegistration());
  }

  String deleteRegistrationCounted() {
    return counted(deleteRegistration());
  }

  /** What {@code clear()} empties, children first. */
  List<String> deleteAll() {
    return List.of(
        "DELETE FROM " + registrations,
        "DELETE FROM " + tokens,
        "DELETE FROM " + users,
        "DELETE FROM " + organizations);
  }
}
