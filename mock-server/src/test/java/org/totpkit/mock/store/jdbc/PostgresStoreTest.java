package org.totpkit.mock.store.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.totpkit.mock.store.StoreLocation;
import org.totpkit.mock.store.StoreUnusable;
import org.totpkit.mock.store.TotpStoreContract;
import org.totpkit.mock.testing.TestPostgres;
import org.totpkit.mock.totp.Organization;
import org.totpkit.mock.totp.TotpStore;
import org.totpkit.mock.totp.User;

/**
 * The contract on PostgreSQL. The sharing stores are separate engines, each with its own pool, on
 * one database and table prefix: as separate replicas would be.
 */
class PostgresStoreTest extends TotpStoreContract {
  private StoreLocation location;

  @Override
  protected TotpStore newStore() {
    location = TestPostgres.freshLocation();
    return PostgresStore.open(location);
  }

  @Override
  protected List<TotpStore> sharing(int n) {
    List<TotpStore> stores = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      stores.add(PostgresStore.open(location));
    }
    return stores;
  }

  @Test
  void everythingSurvivesClosingAndOpeningAgain() {
    store.addUser(
        new User("u1", "o1", "u1@x", Instant.ofEpochSecond(5, 7)),
        new Organization("o1", "o1.localhost"),
        "t1",
        10,
        10);
    long id = store.newId();
    TotpStore.Contents before = store.contents();
    store.close();
    store = PostgresStore.open(location);
    assertThat(store.contents()).isEqualTo(before);
    assertThat(store.newId()).as("a new block after a restart").isGreaterThan(id);
  }

  @Test
  void anotherPrefixIsAnotherState() {
    store.addUser(
        new User("u1", "o1", "u1@x", Instant.ofEpochSecond(5)),
        new Organization("o1", "o1.localhost"),
        "t1",
        10,
        10);
    try (TotpStore other = PostgresStore.open(TestPostgres.freshLocation())) {
      assertThat(other.contents().users()).isEmpty();
      assertThat(other.claimDemoData()).isTrue();
    }
    assertThat(store.contents().users()).hasSize(1);
  }

  @Test
  void aNewerSchemaIsRefusedInOneLine() throws SQLException {
    store.close();
    execute("UPDATE " + location.tablePrefix() + "totp_meta SET schema_version = 99");
    assertThatThrownBy(() -> PostgresStore.open(location))
        .isInstanceOf(StoreUnusable.class)
        .hasMessageContaining("newer server (schema version 99")
        .hasMessageNotContaining("\n");
    store = PostgresStore.open(TestPostgres.freshLocation());
  }

  @Test
  void anOlderSchemaIsRefusedInOneLineNotCalledForeign() throws SQLException {
    store.close();
    // What a server before the v2 dialect made: schema 1, users without the sequence columns.
    String users = location.tablePrefix() + "totp_users";
    execute("ALTER TABLE " + users + " DROP COLUMN sequence_no");
    execute("ALTER TABLE " + users + " DROP COLUMN own_totp_id");
    execute("UPDATE " + location.tablePrefix() + "totp_meta SET schema_version = 1");
    assertThatThrownBy(() -> PostgresStore.open(location))
        .isInstanceOf(StoreUnusable.class)
        .hasMessageContaining("older server (schema version 1; this one reads version 2")
        .hasMessageNotContaining("\n");
    store = PostgresStore.open(TestPostgres.freshLocation());
  }

  @Test
  void aForeignTableOfOurNameIsRefusedAndLeftAlone() throws SQLException {
    StoreLocation foreign = TestPostgres.freshLocation();
    execute("CREATE TABLE " + foreign.tablePrefix() + "totp_users (name TEXT, age INTEGER)");
    execute("INSERT INTO " + foreign.tablePrefix() + "totp_users VALUES ('ada', 36)");
    assertThatThrownBy(() -> PostgresStore.open(foreign))
        .isInstanceOf(StoreUnusable.class)
        .hasMessageContaining("table " + foreign.tablePrefix() + "totp_users is not a TOTP mock")
        .hasMessageNotContaining("\n");
    try (Connection c = connect();
        Statement s = c.createStatement();
        var rows = s.executeQuery("SELECT COUNT(*) FROM " + foreign.tablePrefix() + "totp_users")) {
      rows.next();
      assertThat(rows.getInt(1)).as("the foreign table is untouched").isEqualTo(1);
    }
  }

  @Test
  void anUnreachableDatabaseIsOneLineWithoutThePassword() {
    StoreLocation nowhere =
        new StoreLocation(
            "jdbc:postgresql://127.0.0.1:1/totp?connectTimeout=2", "postgres", "s3cret-pw", "");
    assertThatThrownBy(() -> PostgresStore.open(nowhere))
        .isInstanceOf(StoreUnusable.class)
        .hasMessageStartingWith("jdbc:postgresql://127.0.0.1:1/totp: cannot connect")
        .hasMessageNotContaining("s3cret-pw")
        .hasMessageNotContaining("\n");
  }

  @Test
  void aPasswordInTheUrlIsRefused() {
    StoreLocation leaky =
        new StoreLocation(TestPostgres.url() + "?password=s3cret-pw", "postgres", null, "");
    assertThatThrownBy(() -> PostgresStore.open(leaky))
        .isInstanceOf(StoreUnusable.class)
        .hasMessageContaining("TOTP_STORE_PASSWORD")
        .hasMessageNotContaining("s3cret-pw");
  }

  private static Connection connect() throws SQLException {
    return DriverManager.getConnection(TestPostgres.url(), "postgres", "");
  }

  private static void execute(String statement) throws SQLException {
    try (Connection c = connect();
        Statement s = c.createStatement()) {
      s.execute(statement);
    }
  }
}
