package org.totpkit.mock.store.jdbc;

import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;
import java.util.stream.Collectors;
import javax.sql.DataSource;
import org.totpkit.mock.totp.Base32;
import org.totpkit.mock.totp.Caller;
import org.totpkit.mock.totp.ClockSetting;
import org.totpkit.mock.totp.HashAlgorithm;
import org.totpkit.mock.totp.HeldCommit;
import org.totpkit.mock.totp.Organization;
import org.totpkit.mock.totp.Permission;
import org.totpkit.mock.totp.Registration;
import org.totpkit.mock.totp.Settings;
import org.totpkit.mock.totp.TotpParameters;
import org.totpkit.mock.totp.TotpPolicy;
import org.totpkit.mock.totp.TotpStore;
import org.totpkit.mock.totp.User;

/**
 * The engine on a relational database through JDBC. Nothing is cached: every read goes to the
 * database, so several processes on one database see one state. A registration's transition reads
 * the row with its version, lets the domain decide, and writes only if the version is unchanged
 * (else it reads again): compare-and-set, without locks that SQLite and PostgreSQL spell
 * differently. A change that is an event of its user counts it on the user's row in the same
 * transaction, locking that row first. The SQL is in {@link Sql}.
 *
 * <p>On PostgreSQL ({@code viewed}), a request run through {@link #consistently} may read from what
 * this process last saw: the settings row with its version, and the callers, users and
 * registrations read under that version. Every write of such a request checks the version in the
 * same statement (a reset and every clock or policy change move it), a registration's write checks
 * the row's own version too, and an answer without a write reads the version once; when it moved,
 * the request runs again on fresh reads. A verify is then one statement: the transition, its
 * lockout counting and the user's event sequence, committed together; wrong and right codes
 * arriving together share one statement and one commit ({@link CheckedWrites}).
 */
public final class JdbcStore implements TotpStore {
  /** Ids reserved from the counter row at a time; the rest of a block is lost at a restart. */
  static final int ID_BLOCK = 64;

  private static final long ID_BASE = 160_000_000_000_000_000L;

  private final DataSource dataSource;
  private final Sql sql;
  private final AutoCloseable onClose;
  private long nextId;
  private long idBlockEnd;

  /** Whether requests may read from {@link #view} (PostgreSQL); else every read is fresh. */
  private final boolean viewed;

  /** What this process last saw of the shared state; null until the settings are first read. */
  private volatile View view;

  private final Object viewLock = new Object();

  /** The group commit of a request's checked writes that are no event (PostgreSQL only). */
  private final CheckedWrites checkedWrites;

  /** The view the current thread's request runs on, when it runs in {@link #consistently}. */
  private final ThreadLocal<RequestView> request = new ThreadLocal<>();

  /** A request runs again at most this often on a view that moved; then once on fresh reads. */
  private static final int VIEW_ATTEMPTS = 4;

  /** Bounds each of a view's maps: past it the map starts again empty. */
  private static final int VIEW_ENTRIES = 200_000;

  /**
   * A store on {@code dataSource}, whose schema must exist ({@link #createSchema}).
   *
   * @param onClose closes the pool (and whatever else the store holds) when the store closes
   */
  public JdbcStore(DataSource dataSource, String tablePrefix, AutoCloseable onClose) {
    this(dataSource, tablePrefix, onClose, false);
  }

  /**
   * @param viewed whether requests may read from what this process last saw, each write checking it
   *     in the same statement (PostgreSQL's SQL only)
   */
  JdbcStore(DataSource dataSource, String tablePrefix, AutoCloseable onClose, boolean viewed) {
    this.dataSource = dataSource;
    this.sql = new Sql(tablePrefix);
    this.onClose = onClose;
    this.viewed = viewed;
    this.checkedWrites = viewed ? new CheckedWrites(dataSource, sql) : null;
  }

  /** The schema version this code writes. */
  public static int schemaVersion() {
    return Sql.SCHEMA_VERSION;
  }

  /** Creates the tables and their one-row tables, where missing, in one transaction. */
  public static void createSchema(Connection connection, String tablePrefix) throws SQLException {
    Sql sql = new Sql(tablePrefix);
    boolean autoCommit = connection.getAutoCommit();
    connection.setAutoCommit(false);
    try {
      try (var statement = connection.createStatement()) {
        for (String ddl : sql.createSchema()) {
          statement.execute(ddl);
        }
      }
      try (PreparedStatement insert = connection.prepareStatement(sql.insertMeta())) {
        insert.setInt(1, Sql.SCHEMA_VERSION);
        insert.setLong(2, ID_BASE + new SecureRandom().nextInt(1 << 30));
        insert.executeUpdate();
      }
      try (PreparedStatement insert = connection.prepareStatement(sql.insertSettings())) {
        bindSettings(insert, 1, Settings.DEFAULT);
        insert.executeUpdate();
      }
      connection.commit();
    } catch (SQLException e) {
      connection.rollback();
      throw e;
    } finally {
      connection.setAutoCommit(autoCommit);
    }
  }

  /** The schema version the store at {@code connection} says it has. */
  public static int storedSchemaVersion(Connection connection, String tablePrefix)
      throws SQLException {
    try (PreparedStatement select =
            connection.prepareStatement(new Sql(tablePrefix).selectSchemaVersion());
        ResultSet row = select.executeQuery()) {
      if (!row.next()) {
        throw new SQLException("no schema version row");
      }
      return row.getInt(1);
    }
  }

  // --- settings

  @Override
  public Settings settings() {
    RequestView current = request.get();
    if (current != null) {
      return current.view.settings;
    }
    return query(
        c -> {
          try (PreparedStatement select = c.prepareStatement(sql.selectSettings());
              ResultSet row = select.executeQuery()) {
            if (!row.next()) {
              throw new IllegalStateException("the settings row is missing");
            }
            Settings settings = readSettings(row);
            saw(row.getLong("version"), settings);
            return settings;
          }
        });
  }

  @Override
  public Settings updateSettings(UnaryOperator<Settings> change) {
    while (true) {
      long[] version = new long[1];
      Settings current =
          query(
              c -> {
                try (PreparedStatement select = c.prepareStatement(sql.selectSettings());
                    ResultSet row = select.executeQuery()) {
                  if (!row.next()) {
                    throw new IllegalStateException("the settings row is missing");
                  }
                  version[0] = row.getLong("version");
                  return readSettings(row);
                }
              });
      Settings next = change.apply(current);
      int updated =
          query(
              c -> {
                try (PreparedStatement update = c.prepareStatement(sql.updateSettings())) {
                  int index = bindSettings(update, 1, next);
                  update.setLong(index, version[0]);
                  return update.executeUpdate();
                }
              });
      if (updated == 1) {
        saw(version[0] + 1, next);
        return next;
      }
    }
  }

  // --- ids

  @Override
  public synchronized long newId() {
    if (nextId >= idBlockEnd) {
      long end =
          query(
              c -> {
                try (PreparedStatement reserve = c.prepareStatement(sql.reserveIds())) {
                  reserve.setLong(1, ID_BLOCK);
                  try (ResultSet row = reserve.executeQuery()) {
                    row.next();
                    return row.getLong(1);
                  }
                }
              });
      nextId = end - ID_BLOCK;
      idBlockEnd = end;
    }
    return nextId++;
  }

  @Override
  public boolean claimDemoData() {
    return update(sql.claimDemoData()) == 1;
  }

  // --- organizations, users, tokens

  @Override
  public Organization addOrganization(Organization org) {
    query(c -> insertOrganization(c, org));
    return organization(org.id()).orElseThrow();
  }

  @Override
  public Optional<Organization> organization(String id) {
    return query(
        c -> {
          try (PreparedStatement select = c.prepareStatement(sql.selectOrganization())) {
            select.setString(1, id);
            try (ResultSet row = select.executeQuery()) {
              return row.next()
                  ? Optional.of(new Organization(row.getString(1), row.getString(2)))
                  : Optional.empty();
            }
          }
        });
  }

  @Override
  public Admission addUser(User user, Organization org, String token, int maxUsers, int maxTokens) {
    return inTransaction(
        c -> {
          // A write first: SQLite takes its write lock here, PostgreSQL a row lock on the meta row.
          lockForBounds(c);
          insertOrganization(c, org);
          int added;
          try (PreparedStatement insert = c.prepareStatement(sql.insertUserWithinBound())) {
            insert.setString(1, user.id());
            insert.setString(2, user.orgId());
            insert.setString(3, user.loginName());
            insert.setLong(4, user.created().getEpochSecond());
            insert.setInt(5, user.created().getNano());
            insert.setInt(6, maxUsers);
            added = insert.executeUpdate();
          }
          if (added == 0) {
            // Nothing was added: nor is the organization.
            c.rollback();
            return user(c, user.id()).isPresent() ? Admission.TAKEN : Admission.TOO_MANY_USERS;
          }
          return insertToken(c, token, Caller.user(user), maxTokens);
        });
  }

  @Override
  public Optional<User> user(String id) {
    RequestView current = request.get();
    if (current == null) {
      return query(c -> user(c, id));
    }
    User seen = current.view.users.get(id);
    if (seen != null) {
      return Optional.of(seen);
    }
    Optional<User> read = query(c -> user(c, id));
    read.ifPresent(user -> current.view.keep(current.view.users, id, user));
    return read;
  }

  @Override
  public Admission addToken(String token, Caller caller, Organization org, int maxTokens) {
    return inTransaction(
        c -> {
          lockForBounds(c);
          insertOrganization(c, org);
          return insertToken(c, token, caller, maxTokens);
        });
  }

  @Override
  public Optional<Caller> caller(String token) {
    RequestView current = request.get();
    if (current == null) {
      return readCaller(token);
    }
    Caller seen = current.view.callers.get(token);
    if (seen != null) {
      return Optional.of(seen);
    }
    Optional<Caller> read = readCaller(token);
    read.ifPresent(caller -> current.view.keep(current.view.callers, token, caller));
    return read;
  }

  private Optional<Caller> readCaller(String token) {
    return query(
        c -> {
          try (PreparedStatement select = c.prepareStatement(sql.selectCaller())) {
            select.setString(1, token);
            try (ResultSet row = select.executeQuery()) {
              return row.next()
                  ? Optional.of(
                      new Caller(row.getString(1), row.getString(2), permissions(row.getString(3))))
                  : Optional.empty();
            }
          }
        });
  }

  // --- registrations

  @Override
  public OptionalLong sequence(String userId) {
    return query(
        c -> {
          try (PreparedStatement select = c.prepareStatement(sql.selectSequence())) {
            select.setString(1, userId);
            try (ResultSet row = select.executeQuery()) {
              return row.next() ? OptionalLong.of(row.getLong(1)) : OptionalLong.empty();
            }
          }
        });
  }

  @Override
  public Optional<String> ownTotpId(String userId) {
    return query(
        c -> {
          try (PreparedStatement select = c.prepareStatement(sql.selectOwnTotpId())) {
            select.setString(1, userId);
            try (ResultSet row = select.executeQuery()) {
              return row.next() ? Optional.ofNullable(row.getString(1)) : Optional.empty();
            }
          }
        });
  }

  @Override
  public Admission addRegistration(Registration registration, int maxPerUser, int maxTotal) {
    return inTransaction(
        c -> {
          lockForBounds(c);
          long counted = countEvent(c, registration.userId());
          RequestView current = request.get();
          if (current != null && counted == 0) {
            // The user the request saw is gone: a reset through another process.
            c.rollback();
            throw new StaleView();
          }
          if (insertWithinBounds(c, registration, maxPerUser, maxTotal)) {
            // What this process wrote, a request may decide on without reading it (its write is
            // checked against the version, as for anything seen); an import through the hooks
            // too, so that the first verify of a registration made here is one statement.
            View seen = current != null ? current.view : view;
            if (seen != null) {
              seen.keep(seen.registrations, registration.totpId(), new Versioned(registration, 0L));
            }
            return Admission.ADDED;
          }
          // Nothing was added: nor is the event counted.
          c.rollback();
          return whyNotAdded(c, registration, maxPerUser);
        });
  }

  @Override
  public Counted<Admission> registerOwnTotp(Registration pending, int maxPerUser, int maxTotal) {
    String userId = pending.userId();
    return inTransaction(
        c -> {
          lockForBounds(c);
          String ownId;
          try (PreparedStatement lock = c.prepareStatement(sql.lockUser())) {
            lock.setString(1, userId);
            try (ResultSet row = lock.executeQuery()) {
              if (!row.next()) {
                c.rollback();
                return new Counted<>(Admission.NO_USER, 0L);
              }
              ownId = row.getString(1);
            }
          }
          Optional<Versioned> old = ownId == null ? Optional.empty() : registration(c, ownId);
          if (old.isPresent() && old.get().registration().userId().equals(userId)) {
            if (old.get().registration().state() == Registration.State.VERIFIED) {
              c.rollback();
              return new Counted<>(Admission.OWN_TOTP_READY, 0L);
            }
            // Every counted change of this user waits for the lock held here; a version is moot.
            try (PreparedStatement delete = c.prepareStatement(sql.deleteRegistrationOf())) {
              delete.setString(1, ownId);
              delete.setString(2, userId);
              delete.executeUpdate();
            }
          }
          if (!insertWithinBounds(c, pending, maxPerUser, maxTotal)) {
            c.rollback();
            return new Counted<>(whyNotAdded(c, pending, maxPerUser), 0L);
          }
          try (PreparedStatement own = c.prepareStatement(sql.setOwnTotp())) {
            own.setString(1, pending.totpId());
            own.setString(2, userId);
            try (ResultSet row = own.executeQuery()) {
              row.next();
              return new Counted<>(Admission.ADDED, row.getLong(1));
            }
          }
        });
  }

  private boolean insertWithinBounds(
      Connection c, Registration registration, int maxPerUser, int maxTotal) throws SQLException {
    try (PreparedStatement insert = c.prepareStatement(sql.insertRegistrationWithinBounds())) {
      int index = bindRegistration(insert, 1, registration);
      insert.setString(index++, registration.userId());
      insert.setInt(index++, maxPerUser);
      insert.setInt(index, maxTotal);
      return insert.executeUpdate() == 1;
    }
  }

  private Admission whyNotAdded(Connection c, Registration registration, int maxPerUser)
      throws SQLException {
    if (registration(c, registration.totpId()).isPresent()) {
      return Admission.TAKEN;
    }
    return count(c, sql.countRegistrationsOf(), registration.userId()) >= maxPerUser
        ? Admission.TOO_MANY_FOR_USER
        : Admission.TOO_MANY_REGISTRATIONS;
  }

  /** Counts one event of the user, locking the user's row: the new sequence, 0 with no user. */
  private long countEvent(Connection c, String userId) throws SQLException {
    try (PreparedStatement count = c.prepareStatement(sql.countEvent())) {
      count.setString(1, userId);
      try (ResultSet row = count.executeQuery()) {
        return row.next() ? row.getLong(1) : 0L;
      }
    }
  }

  @Override
  public Optional<Registration> registration(String totpId) {
    return query(c -> registration(c, totpId).map(Versioned::registration));
  }

  /**
   * On a request's view, a transition whose caller does not show the user's sequence: its write, an
   * event or not, may be held for the group commit (answered when it commits).
   */
  @Override
  public <R> R transition(String totpId, Function<Registration, Transition<R>> step) {
    RequestView onView = request.get();
    if (onView != null) {
      return viewedTransition(onView, totpId, step, false).result();
    }
    return countedTransition(totpId, step).result();
  }

  @Override
  public <R> Counted<R> countedTransition(
      String totpId, Function<Registration, Transition<R>> step) {
    RequestView onView = request.get();
    if (onView != null) {
      return viewedTransition(onView, totpId, step, true);
    }
    while (true) {
      Optional<Versioned> read = query(c -> registration(c, totpId));
      Registration current = read.map(Versioned::registration).orElse(null);
      Transition<R> decided = step.apply(current);
      Registration next = decided.next();
      if (next != null && !next.totpId().equals(totpId)) {
        throw new IllegalArgumentException("a transition cannot change a registration's id");
      }
      if (next == null ? current == null : next.equals(current)) {
        // Nothing to write: the answer holds for the state just read.
        return new Counted<>(decided.result(), 0L);
      }
      boolean event = TotpStore.isEvent(current, next);
      String userId = (current != null ? current : next).userId();
      long sequence =
          inTransaction(
              c -> {
                // The user's row first (see Sql): the count is undone with a lost race.
                long counted = event ? countEvent(c, userId) : 0L;
                if (write(c, totpId, read, current, next) == 1) {
                  return counted;
                }
                c.rollback();
                return -1L;
              });
      if (sequence >= 0) {
        return new Counted<>(decided.result(), sequence);
      }
      // Someone else changed the registration since it was read: decide again on the new state.
    }
  }

  private int write(
      Connection c,
      String totpId,
      Optional<Versioned> read,
      Registration current,
      Registration next)
      throws SQLException {
    if (current == null) {
      try (PreparedStatement insert = c.prepareStatement(sql.insertRegistration())) {
        bindRegistration(insert, 1, next);
        return insert.executeUpdate();
      }
    }
    if (next == null) {
      try (PreparedStatement delete = c.prepareStatement(sql.deleteRegistration())) {
        delete.setString(1, totpId);
        delete.setLong(2, read.get().version());
        return delete.executeUpdate();
      }
    }
    try (PreparedStatement update = c.prepareStatement(sql.updateRegistration())) {
      int index = bindRegistrationValues(update, 1, next);
      update.setString(index++, totpId);
      update.setLong(index, read.get().version());
      return update.executeUpdate();
    }
  }

  // --- a request on the view (PostgreSQL)

  /** The settings row as seen at one version, and what was read while it had that version. */
  private static final class View {
    final long version;
    final Settings settings;
    final Map<String, Caller> callers = new ConcurrentHashMap<>();
    final Map<String, User> users = new ConcurrentHashMap<>();
    final Map<String, Versioned> registrations = new ConcurrentHashMap<>();

    View(long version, Settings settings) {
      this.version = version;
      this.settings = settings;
    }

    <V> void keep(Map<String, V> map, String key, V value) {
      if (map.size() >= VIEW_ENTRIES) {
        map.clear();
      }
      map.put(key, value);
    }

    /**
     * Keeps what this process wrote, unless a request of this process has already kept a newer
     * version (two answers of one registration may be kept in either order).
     */
    void keepWritten(String totpId, Versioned written) {
      if (registrations.size() >= VIEW_ENTRIES) {
        registrations.clear();
      }
      registrations.merge(
          totpId, written, (kept, mine) -> kept.version() > mine.version() ? kept : mine);
    }
  }

  /** One request's view, and whether the request has found it still current. */
  private static final class RequestView {
    final View view;
    boolean confirmed;

    RequestView(View view) {
      this.view = view;
    }
  }

  /** The view a request ran on moved: the request runs again. */
  private static final class StaleView extends RuntimeException {
    StaleView() {
      super("the state changed under the request's view", null, false, false);
    }
  }

  /** Notes the settings row read at {@code version}: a newer version starts a new, empty view. */
  private void saw(long version, Settings settings) {
    if (!viewed) {
      return;
    }
    synchronized (viewLock) {
      View known = view;
      if (known == null || known.version < version) {
        view = new View(version, settings);
      }
    }
  }

  @Override
  public <T> T consistently(Supplier<T> work) {
    if (!viewed || request.get() != null) {
      return work.get();
    }
    for (int attempt = 1; attempt <= VIEW_ATTEMPTS; attempt++) {
      View known = view;
      if (known == null) {
        settings();
        known = view;
      }
      RequestView current = new RequestView(known);
      request.set(current);
      try {
        T result = work.get();
        if (!current.confirmed) {
          query(
              c -> {
                confirm(c, current);
                return null;
              });
        }
        return result;
      } catch (StaleView e) {
        // Decided on what changed since: again, on the newer view.
      } finally {
        request.remove();
      }
    }
    return work.get();
  }

  /** Reads the settings version: throws StaleView when it is not the request's. */
  private void confirm(Connection c, RequestView current) throws SQLException {
    if (current.confirmed) {
      return;
    }
    try (PreparedStatement select = c.prepareStatement(sql.selectSettings());
        ResultSet row = select.executeQuery()) {
      if (!row.next()) {
        throw new IllegalStateException("the settings row is missing");
      }
      long version = row.getLong("version");
      if (version != current.view.version) {
        saw(version, readSettings(row));
        throw new StaleView();
      }
    }
    current.confirmed = true;
  }

  /**
   * The transition of a request on a view: decided on the registration as last seen and written in
   * one statement that checks it and the settings are unchanged; decided again on one fresh read
   * (the settings row and the registration) when not, or when nothing is to be written.
   */
  private <R> Counted<R> viewedTransition(
      RequestView current,
      String totpId,
      Function<Registration, Transition<R>> step,
      boolean sequenceShown) {
    View seen = current.view;
    Versioned cached = seen.registrations.get(totpId);
    while (true) {
      Versioned read = cached;
      if (read == null) {
        Optional<Versioned> fresh = query(c -> readWithSettings(c, current, totpId));
        if (fresh.isEmpty()) {
          seen.registrations.remove(totpId);
        } else {
          seen.keep(seen.registrations, totpId, fresh.get());
        }
        read = fresh.orElse(null);
      }
      Registration before = read == null ? null : read.registration();
      Transition<R> decided = step.apply(before);
      Registration next = decided.next();
      if (next != null && !next.totpId().equals(totpId)) {
        throw new IllegalArgumentException("a transition cannot change a registration's id");
      }
      boolean unchanged = next == null ? before == null : next.equals(before);
      if (unchanged || before == null) {
        if (cached != null) {
          // Decided on what this process last saw: an answer without a write needs a fresh read.
          cached = null;
          continue;
        }
        if (unchanged) {
          return new Counted<>(decided.result(), 0L);
        }
        // A registration made by a transition: the general path, checked by its transaction.
        long sequence =
            inTransaction(
                c -> {
                  long counted = TotpStore.isEvent(null, next) ? countEvent(c, next.userId()) : 0L;
                  try (PreparedStatement insert = c.prepareStatement(sql.insertRegistration())) {
                    bindRegistration(insert, 1, next);
                    if (insert.executeUpdate() == 1) {
                      return counted;
                    }
                  }
                  c.rollback();
                  return -1L;
                });
        if (sequence >= 0) {
          return new Counted<>(decided.result(), sequence);
        }
        continue;
      }
      Versioned written = next == null ? null : new Versioned(next, read.version() + 1);
      long sequence = writeChecked(seen, read, next, written, sequenceShown);
      if (sequence >= 0) {
        current.confirmed = true;
        if (next == null) {
          seen.registrations.remove(totpId);
        } else {
          seen.keepWritten(totpId, written);
        }
        return new Counted<>(decided.result(), sequence);
      }
      // Changed since it was read. By a request of this process (two requests on one registration
      // at once): it kept what it wrote, so decide again on that, without a read. By another
      // process: read it again.
      Versioned kept = seen.registrations.get(totpId);
      if (kept != null && kept.version() > read.version()) {
        cached = kept;
      } else {
        seen.registrations.remove(totpId, read);
        cached = null;
      }
    }
  }

  /** The registration and the settings row in one read: throws StaleView when they moved. */
  private Optional<Versioned> readWithSettings(Connection c, RequestView current, String totpId)
      throws SQLException {
    try (PreparedStatement select = c.prepareStatement(sql.selectSettingsAndRegistration())) {
      select.setString(1, totpId);
      try (ResultSet row = select.executeQuery()) {
        if (!row.next()) {
          throw new IllegalStateException("the settings row is missing");
        }
        long version = row.getLong("version");
        if (version != current.view.version) {
          // Moved (rare): the settings of their newest version, then the request starts again.
          confirm(c, current);
          throw new StaleView();
        }
        current.confirmed = true;
        return row.getString("r_totp_id") == null
            ? Optional.empty()
            : Optional.of(readRegistration(row, "r_"));
      }
    }
  }

  /**
   * Writes {@code next} over {@code read} in one statement if neither the registration nor the
   * settings changed since they were seen, counting an event on the user's row in the same
   * statement: the user's new sequence (0 for no event), or -1 when something changed.
   *
   * @param sequenceShown whether the caller answers with the sequence (then an event's write is
   *     never held: its answer needs the sequence the commit gives)
   */
  private long writeChecked(
      View seen, Versioned read, Registration next, Versioned written, boolean sequenceShown) {
    Registration before = read.registration();
    boolean event = TotpStore.isEvent(before, next);
    if (next != null && sameFixedParts(before, next)) {
      // A wrong code's count or a lock, or a right code's state change (an event, counted on the
      // user's row in the same statement): written with the others arriving together (group
      // commit), only the columns that change; the fixed parts (secret, parameters, owner) stay
      // as read.
      String eventUser = event ? before.userId() : null;
      HeldCommit held = event && sequenceShown ? null : HeldCommit.offered();
      if (held != null) {
        // The front sends the answer once this commits (and runs the request again if it is
        // not written): taken as written now, and the view's entry for it dropped if not.
        checkedWrites.hold(
            next,
            read.version(),
            seen.version,
            eventUser,
            held,
            () -> seen.registrations.remove(next.totpId(), written));
        return 0L;
      }
      return checkedWrites.write(next, read.version(), seen.version, eventUser);
    }
    if (!event) {
      // A change of a fixed part (no transition of the domain makes one): the whole row, checked.
      return query(
          c -> {
            try (PreparedStatement write = c.prepareStatement(sql.updateRegistrationChecked())) {
              int index = bindRegistrationValues(write, 1, next);
              write.setString(index++, next.totpId());
              write.setLong(index++, read.version());
              write.setLong(index, seen.version);
              return write.executeUpdate() == 1 ? 0L : -1L;
            }
          });
    }
    try {
      return query(
          c -> {
            String statement =
                next == null ? sql.deleteRegistrationCounted() : sql.updateRegistrationCounted();
            try (PreparedStatement write = c.prepareStatement(statement)) {
              int index = 1;
              write.setString(index++, before.userId());
              if (next != null) {
                index = bindRegistrationValues(write, index, next);
              }
              write.setString(index++, before.totpId());
              write.setLong(index++, read.version());
              write.setLong(index, seen.version);
              try (ResultSet row = write.executeQuery()) {
                row.next();
                if (row.getLong(1) != 1) {
                  return -1L;
                }
                long sequence = row.getLong(2);
                return row.wasNull() ? 0L : sequence;
              }
            }
          });
    } catch (StoreFailure e) {
      // Two counted changes of one user met in the other order: PostgreSQL undid this one.
      if (e.getCause() instanceof SQLException cause && "40P01".equals(cause.getSQLState())) {
        return -1L;
      }
      throw e;
    }
  }

  /** Whether a change leaves what a registration is born with (owner, secret, parameters) as is. */
  private static boolean sameFixedParts(Registration before, Registration next) {
    return before.userId().equals(next.userId())
        && java.util.Arrays.equals(before.secret(), next.secret())
        && before.parameters().equals(next.parameters())
        && before.startedAt().equals(next.startedAt());
  }

  // --- everything

  @Override
  public void clear() {
    inTransaction(
        c -> {
          try (var statement = c.createStatement()) {
            // First, so that a request of another process that saw the old state writes nothing.
            statement.executeUpdate(sql.bumpSettingsVersion());
            for (String delete : sql.deleteAll()) {
              statement.executeUpdate(delete);
            }
          }
          return null;
        });
    updateSettings(s -> Settings.DEFAULT);
  }

  @Override
  public Contents contents() {
    return query(
        c -> {
          List<Organization> orgs = new ArrayList<>();
          try (PreparedStatement select = c.prepareStatement(sql.selectOrganizations());
              ResultSet row = select.executeQuery()) {
            while (row.next()) {
              orgs.add(new Organization(row.getString(1), row.getString(2)));
            }
          }
          List<User> users = new ArrayList<>();
          try (PreparedStatement select = c.prepareStatement(sql.selectUsers());
              ResultSet row = select.executeQuery()) {
            while (row.next()) {
              users.add(readUser(row));
            }
          }
          Map<String, Caller> tokens = new LinkedHashMap<>();
          try (PreparedStatement select = c.prepareStatement(sql.selectTokens());
              ResultSet row = select.executeQuery()) {
            while (row.next()) {
              tokens.put(
                  row.getString(1),
                  new Caller(row.getString(2), row.getString(3), permissions(row.getString(4))));
            }
          }
          List<Registration> registrations = new ArrayList<>();
          try (PreparedStatement select = c.prepareStatement(sql.selectRegistrations());
              ResultSet row = select.executeQuery()) {
            while (row.next()) {
              registrations.add(readRegistration(row).registration());
            }
          }
          return new Contents(
              List.copyOf(orgs),
              List.copyOf(users),
              Map.copyOf(tokens),
              List.copyOf(registrations),
              settings());
        });
  }

  /** A replica's view (PostgreSQL) commits verifies' writes in groups; SQLite writes at once. */
  @Override
  public boolean holdsWrites() {
    return checkedWrites != null;
  }

  @Override
  public void close() {
    if (checkedWrites != null) {
      checkedWrites.close();
    }
    try {
      onClose.close();
    } catch (Exception e) {
      throw new IllegalStateException("closing the store failed", e);
    }
  }

  // --- plumbing

  /** Work on one connection that may throw SQLException. */
  @FunctionalInterface
  private interface Work<T> {
    T on(Connection connection) throws SQLException;
  }

  /** Serialises adds within a bound, so that concurrent adds on several replicas stay within it. */
  private void lockForBounds(Connection c) throws SQLException {
    try (PreparedStatement lock = c.prepareStatement(sql.lockForBounds())) {
      lock.executeUpdate();
    }
  }

  private <T> T query(Work<T> work) {
    try (Connection connection = dataSource.getConnection()) {
      return work.on(connection);
    } catch (SQLException e) {
      throw new StoreFailure(e);
    }
  }

  private <T> T inTransaction(Work<T> work) {
    RequestView current = request.get();
    try (Connection connection = dataSource.getConnection()) {
      connection.setAutoCommit(false);
      try {
        if (current != null) {
          confirm(connection, current);
        }
        T result = work.on(connection);
        connection.commit();
        return result;
      } catch (SQLException | RuntimeException e) {
        if (!connection.getAutoCommit()) {
          connection.rollback();
        }
        throw e;
      } finally {
        connection.setAutoCommit(true);
      }
    } catch (SQLException e) {
      throw new StoreFailure(e);
    }
  }

  private int update(String statement) {
    return query(
        c -> {
          try (PreparedStatement update = c.prepareStatement(statement)) {
            return update.executeUpdate();
          }
        });
  }

  private int insertOrganization(Connection c, Organization org) throws SQLException {
    try (PreparedStatement insert = c.prepareStatement(sql.insertOrganization())) {
      insert.setString(1, org.id());
      insert.setString(2, org.domain());
      return insert.executeUpdate();
    }
  }

  private Admission insertToken(Connection c, String token, Caller caller, int maxTokens)
      throws SQLException {
    try (PreparedStatement insert = c.prepareStatement(sql.insertTokenWithinBound())) {
      insert.setString(1, token);
      insert.setString(2, caller.userId());
      insert.setString(3, caller.orgId());
      insert.setString(4, permissionNames(caller.permissions()));
      insert.setInt(5, maxTokens);
      if (insert.executeUpdate() == 1) {
        return Admission.ADDED;
      }
    }
    // Nothing was added: undo the rest of the transaction.
    c.rollback();
    return count(c, sql.countTokens(), null) >= maxTokens
        ? Admission.TOO_MANY_TOKENS
        : Admission.TAKEN;
  }

  private Optional<User> user(Connection c, String id) throws SQLException {
    try (PreparedStatement select = c.prepareStatement(sql.selectUser())) {
      select.setString(1, id);
      try (ResultSet row = select.executeQuery()) {
        return row.next() ? Optional.of(readUser(row)) : Optional.empty();
      }
    }
  }

  private static User readUser(ResultSet row) throws SQLException {
    return new User(
        row.getString(1),
        row.getString(2),
        row.getString(3),
        instant(row.getLong(4), row.getInt(5)));
  }

  private static long count(Connection c, String statement, String parameter) throws SQLException {
    try (PreparedStatement select = c.prepareStatement(statement)) {
      if (parameter != null) {
        select.setString(1, parameter);
      }
      try (ResultSet row = select.executeQuery()) {
        row.next();
        return row.getLong(1);
      }
    }
  }

  /** A registration as read, with the version its row had. */
  private record Versioned(Registration registration, long version) {}

  private Optional<Versioned> registration(Connection c, String totpId) throws SQLException {
    try (PreparedStatement select = c.prepareStatement(sql.selectRegistration())) {
      select.setString(1, totpId);
      try (ResultSet row = select.executeQuery()) {
        return row.next() ? Optional.of(readRegistration(row)) : Optional.empty();
      }
    }
  }

  private static Versioned readRegistration(ResultSet row) throws SQLException {
    return readRegistration(row, "");
  }

  /** The registration whose column labels start with {@code p}. */
  private static Versioned readRegistration(ResultSet row, String p) throws SQLException {
    long version = row.getLong(p + "version");
    Registration registration =
        new Registration(
            row.getString(p + "totp_id"),
            row.getString(p + "user_id"),
            Base32.decode(row.getString(p + "secret")),
            new TotpParameters(
                HashAlgorithm.valueOf(row.getString(p + "algorithm")),
                row.getInt(p + "digits"),
                row.getInt(p + "period"),
                row.getInt(p + "skew")),
            Registration.State.valueOf(row.getString(p + "state")),
            instant(row.getLong(p + "started_s"), row.getInt(p + "started_n")),
            row.getInt(p + "failed"),
            row.getInt(p + "locked") == 1
                ? instant(row.getLong(p + "locked_s"), row.getInt(p + "locked_n"))
                : null);
    return new Versioned(registration, version);
  }

  /** Binds every column of {@link Sql}'s registration column list, from {@code index}. */
  private static int bindRegistration(PreparedStatement statement, int index, Registration r)
      throws SQLException {
    statement.setString(index++, r.totpId());
    return bindRegistrationValues(statement, index, r);
  }

  /** Binds the columns after totp_id. */
  static int bindRegistrationValues(PreparedStatement statement, int index, Registration r)
      throws SQLException {
    statement.setString(index++, r.userId());
    statement.setString(index++, Base32.encode(r.secret()));
    statement.setString(index++, r.parameters().algorithm().name());
    statement.setInt(index++, r.parameters().digits());
    statement.setInt(index++, r.parameters().periodSeconds());
    statement.setInt(index++, r.parameters().skew());
    statement.setString(index++, r.state().name());
    statement.setLong(index++, r.startedAt().getEpochSecond());
    statement.setInt(index++, r.startedAt().getNano());
    statement.setInt(index++, r.failedAttempts());
    Instant locked = r.lockedUntil();
    statement.setInt(index++, locked != null ? 1 : 0);
    statement.setLong(index++, locked != null ? locked.getEpochSecond() : 0);
    statement.setInt(index++, locked != null ? locked.getNano() : 0);
    return index;
  }

  private static Settings readSettings(ResultSet row) throws SQLException {
    ClockSetting clock =
        new ClockSetting(
            row.getInt("frozen") == 1
                ? instant(row.getLong("frozen_s"), row.getInt("frozen_n"))
                : null,
            Duration.ofSeconds(row.getLong("offset_s"), row.getInt("offset_n")));
    TotpPolicy policy =
        new TotpPolicy(
            HashAlgorithm.valueOf(row.getString("algorithm")),
            row.getInt("digits"),
            row.getInt("period"),
            row.getInt("skew"),
            row.getString("issuer"),
            row.getInt("max_failed"),
            row.getInt("lock_seconds"),
            row.getInt("pending_ttl"));
    return new Settings(clock, policy);
  }

  private static int bindSettings(PreparedStatement statement, int index, Settings settings)
      throws SQLException {
    ClockSetting clock = settings.clock();
    statement.setInt(index++, clock.frozen() ? 1 : 0);
    statement.setLong(index++, clock.frozen() ? clock.frozenAt().getEpochSecond() : 0);
    statement.setInt(index++, clock.frozen() ? clock.frozenAt().getNano() : 0);
    statement.setLong(index++, clock.offset().getSeconds());
    statement.setInt(index++, clock.offset().getNano());
    TotpPolicy policy = settings.policy();
    statement.setString(index++, policy.algorithm().name());
    statement.setInt(index++, policy.digits());
    statement.setInt(index++, policy.periodSeconds());
    statement.setInt(index++, policy.skew());
    statement.setString(index++, policy.issuer());
    statement.setInt(index++, policy.maxFailedAttempts());
    statement.setInt(index++, policy.lockSeconds());
    statement.setInt(index++, policy.pendingTtlSeconds());
    return index;
  }

  private static Instant instant(long seconds, int nanos) {
    return Instant.ofEpochSecond(seconds, nanos);
  }

  private static String permissionNames(Set<Permission> permissions) {
    return permissions.stream().map(Enum::name).sorted().collect(Collectors.joining(","));
  }

  private static Set<Permission> permissions(String names) {
    Set<Permission> permissions = EnumSet.noneOf(Permission.class);
    if (!names.isEmpty()) {
      for (String name : names.split(",")) {
        permissions.add(Permission.valueOf(name));
      }
    }
    return permissions;
  }

  /** The database failed underneath (not a rule of the contract): the request cannot be served. */
  public static final class StoreFailure extends RuntimeException {
    StoreFailure(SQLException cause) {
      super("the database failed: " + cause.getMessage(), cause);
    }
  }
}
