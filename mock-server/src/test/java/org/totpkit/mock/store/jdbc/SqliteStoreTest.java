package org.totpkit.mock.store.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sqlite.SQLiteConfig;
import org.sqlite.SQLiteDataSource;
import org.totpkit.mock.store.TotpStoreContract;
import org.totpkit.mock.totp.TotpStore;

/**
 * The contract on SQLite. The sharing stores are separate engines with pools of their own on one
 * file, as separate processes would be (the data directory's lock keeps two servers apart, so they
 * are built here without it).
 */
class SqliteStoreTest extends TotpStoreContract {
  @TempDir Path dir;

  @Override
  protected TotpStore newStore() {
    return SqliteDataDir.open(dir);
  }

  @Override
  protected List<TotpStore> sharing(int n) {
    List<TotpStore> stores = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      SQLiteConfig config = new SQLiteConfig();
      config.setJournalMode(SQLiteConfig.JournalMode.WAL);
      config.setSynchronous(SQLiteConfig.SynchronousMode.FULL);
      config.setBusyTimeout(10_000);
      SQLiteDataSource source = new SQLiteDataSource(config);
      source.setUrl("jdbc:sqlite:" + dir.resolve(SqliteDataDir.DATABASE_FILE));
      stores.add(new JdbcStore(source, "", () -> {}));
    }
    return stores;
  }

  @Test
  void everythingSurvivesClosingAndOpeningAgain() {
    store.addUser(
        new org.totpkit.mock.totp.User("u1", "o1", "u1@x", java.time.Instant.ofEpochSecond(5, 7)),
        new org.totpkit.mock.totp.Organization("o1", "o1.localhost"),
        "t1",
        10,
        10);
    long id = store.newId();
    TotpStore.Contents before = store.contents();
    store.close();
    store = SqliteDataDir.open(dir);
    assertThat(store.contents()).isEqualTo(before);
    assertThat(store.newId()).as("a new block after a restart").isGreaterThan(id);
  }

  @Test
  void theSameSqlMakesTablesWithAPrefix() throws SQLException {
    SQLiteDataSource source = new SQLiteDataSource();
    source.setUrl("jdbc:sqlite:" + dir.resolve("prefixed.db"));
    try (Connection connection = source.getConnection()) {
      JdbcStore.createSchema(connection, "team_a_");
      JdbcStore.createSchema(connection, "team_a_");
      assertThat(JdbcStore.storedSchemaVersion(connection, "team_a_"))
          .isEqualTo(JdbcStore.schemaVersion());
    }
    try (JdbcStore prefixed = new JdbcStore(source, "team_a_", () -> {})) {
      assertThat(prefixed.claimDemoData()).isTrue();
      assertThat(prefixed.contents().users()).isEmpty();
    }
  }
}
