package org.totpkit.mock.store.jdbc;

import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import javax.sql.DataSource;
import org.totpkit.mock.store.jdbc.JdbcStore.StoreFailure;
import org.totpkit.mock.totp.HeldCommit;
import org.totpkit.mock.totp.HeldCommit.Commit;
import org.totpkit.mock.totp.Registration;

/**
 * Group commit of a replica's checked writes on PostgreSQL, writing only the columns such a change
 * moves (state, failures, lock; the caller keeps a change of the secret, parameters or owner out of
 * here): a wrong code's failure count or lock, and a right code's state change, which is an event
 * of its user counted on the user's row in the same statement. The writes of requests that arrive
 * together go to the database as one statement in one autocommit transaction, so one commit (one
 * WAL flush, one hold of each user's row lock) answers many requests, each from its own row. {@code
 * synchronous_commit} is untouched: a caller is answered only after the commit that holds its row.
 *
 * <p>No timer: a caller queues its write and, when fewer than {@link #DRAINERS} callers are
 * writing, writes the queue itself at once (alone on an idle replica); the others wait, and their
 * writes go in the next statement. A drainer leaves once its own write is answered and wakes the
 * oldest waiter, which drains next. Two writes of one registration never share a statement nor are
 * in two statements at once (the second waits until the first is answered), so every row's answer
 * is its own compare-and-set, and one registration's writes go in the order they arrived.
 *
 * <p>A request run with a {@link HeldCommit} offered (a REST verify) does not wait at all: its
 * write is queued ({@link #hold}) and one of two committer threads drains the queue and reports
 * each commit to the request's holder, which sends the answer from there.
 */
final class CheckedWrites {
  /** Callers writing at once, each on one pooled connection: one commits while one gathers. */
  static final int DRAINERS = 2;

  /** Rows per statement at most. */
  static final int MAX_BATCH = 128;

  /** A waiter looks again this often even if no drainer woke it (a safety net, not a delay). */
  private static final long RECHECK_NANOS = TimeUnit.MILLISECONDS.toNanos(20);

  private final DataSource dataSource;
  private final String batchStatement;
  private final String singleStatement;
  private final String countedBatchStatement;
  private final ConcurrentLinkedQueue<Write> queue = new ConcurrentLinkedQueue<>();

  /** The registrations in a statement being sent (claimed, not yet answered). */
  private final Set<String> inFlight = ConcurrentHashMap.newKeySet();

  private final Semaphore drainers = new Semaphore(DRAINERS);
  private final AtomicLong statements = new AtomicLong();

  /**
   * The threads that commit held writes and send their answers (daemons, at most {@link #DRAINERS}
   * at work, as each holds a drainer's permit); idle ones end after a minute.
   */
  private final ThreadPoolExecutor committers =
      new ThreadPoolExecutor(
          DRAINERS,
          DRAINERS,
          1,
          TimeUnit.MINUTES,
          new LinkedBlockingQueue<>(),
          task -> {
            Thread thread = new Thread(task, "totp-commit-" + COMMITTERS.incrementAndGet());
            thread.setDaemon(true);
            return thread;
          });

  private static final AtomicLong COMMITTERS = new AtomicLong();

  CheckedWrites(DataSource dataSource, Sql sql) {
    this.dataSource = dataSource;
    this.batchStatement = sql.updateRegistrationsChecked();
    this.singleStatement = sql.updateRegistrationStateChecked();
    this.countedBatchStatement = sql.updateRegistrationsCheckedCounted();
    committers.allowCoreThreadTimeOut(true);
  }

  /** Ends the committer threads once their work is done (the store is closing). */
  void close() {
    committers.shutdown();
  }

  /** One caller's write, answered once the statement that holds it is committed. */
  private static final class Write {
    final Registration next;
    final long seenVersion;
    final long settingsVersion;

    /** The user whose event this write is (counted on the user's row), or null: no event. */
    final String eventUser;

    final Thread owner = Thread.currentThread();
    final AtomicBoolean claimed = new AtomicBoolean();
    volatile boolean done;
    boolean written;

    /** The user's sequence after this write's event (0 for no event). */
    long sequence;

    StoreFailure failure;

    /** The request's holder when nobody waits for this write (null: its owner parks for it). */
    final HeldCommit held;

    /** Run when a held write was not written (the view's entry kept for it is dropped). */
    final Runnable ifNotWritten;

    Write(Registration next, long seenVersion, long settingsVersion, String eventUser) {
      this(next, seenVersion, settingsVersion, eventUser, null, null);
    }

    Write(
        Registration next,
        long seenVersion,
        long settingsVersion,
        String eventUser,
        HeldCommit held,
        Runnable ifNotWritten) {
      this.next = next;
      this.seenVersion = seenVersion;
      this.settingsVersion = settingsVersion;
      this.eventUser = eventUser;
      this.held = held;
      this.ifNotWritten = ifNotWritten;
    }

    void answer(boolean written, long sequence, StoreFailure failure) {
      this.written = written;
      this.sequence = sequence;
      this.failure = failure;
      done = true;
      if (held == null) {
        LockSupport.unpark(owner);
        return;
      }
      if (!written && ifNotWritten != null) {
        ifNotWritten.run();
      }
      held.committed(
          failure != null ? Commit.FAILED : written ? Commit.WRITTEN : Commit.NOT_WRITTEN, failure);
    }
  }

  /**
   * Queues the write for {@code held}'s request and answers at once, as if written: the request's
   * answer is sent by the front once {@code held} reports the commit (from the thread that commits
   * it), so no thread waits for it. {@code ifNotWritten} runs first when it is not written. An
   * event ({@code eventUser} not null) is counted as in {@link #write(Registration, long, long,
   * String)}, but its sequence is not answered: only a request that does not show it is held.
   */
  void hold(
      Registration next,
      long seenVersion,
      long settingsVersion,
      String eventUser,
      HeldCommit held,
      Runnable ifNotWritten) {
    queue.add(new Write(next, seenVersion, settingsVersion, eventUser, held, ifNotWritten));
    held.hold(this::kick);
  }

  /**
   * Makes sure a queued write is drained: when a drainer is free, a committer thread takes the
   * queue until it is empty. Every drainer looks at the queue after leaving, so a write queued
   * while all were at work goes in their next statement.
   */
  private void kick() {
    if (!queue.isEmpty() && drainers.tryAcquire()) {
      try {
        committers.execute(this::drainAll);
      } catch (RuntimeException refused) {
        drainers.release();
        throw refused;
      }
    }
  }

  /** A committer's turn: statements until the queue is empty, then another look after leaving. */
  private void drainAll() {
    boolean took;
    do {
      took = false;
      try {
        List<Write> batch;
        while (!(batch = take()).isEmpty()) {
          took = true;
          run(batch);
        }
      } finally {
        drainers.release();
      }
      // Took nothing: what is queued waits for a registration in the other drainer's statement,
      // and that drainer takes it when its statement is answered.
    } while (took && !queue.isEmpty() && drainers.tryAcquire());
  }

  /**
   * Writes {@code next} over the registration of version {@code seenVersion} if it still has that
   * version and the settings row still has {@code settingsVersion}: whether it was written.
   *
   * @throws StoreFailure when the database failed for this write
   */
  boolean write(Registration next, long seenVersion, long settingsVersion) {
    return write(next, seenVersion, settingsVersion, null) >= 0;
  }

  /**
   * {@link #write(Registration, long, long)}, counting an event of {@code eventUser} (null: no
   * event) on the user's row in the same statement: -1 when not written, else the user's sequence
   * after the event (0 for no event, or no user row).
   *
   * @throws StoreFailure when the database failed for this write
   */
  long write(Registration next, long seenVersion, long settingsVersion, String eventUser) {
    Write mine = new Write(next, seenVersion, settingsVersion, eventUser);
    queue.add(mine);
    boolean interrupted = false;
    while (!mine.done) {
      if (drainers.tryAcquire()) {
        try {
          while (!mine.done) {
            List<Write> batch = take();
            if (batch.isEmpty()) {
              break;
            }
            run(batch);
          }
        } finally {
          drainers.release();
        }
        // Queued while this caller held the permit: its owner may have found none free, and a
        // held write has no owner waiting at all.
        Write oldest = queue.peek();
        if (oldest != null && oldest != mine) {
          if (oldest.held == null) {
            LockSupport.unpark(oldest.owner);
          } else {
            kick();
          }
        }
        if (!mine.done) {
          // In the other drainer's statement, or waiting for one of its registrations: that
          // drainer answers it or wakes this caller when its statement is answered.
          LockSupport.parkNanos(this, RECHECK_NANOS);
          if (Thread.interrupted()) {
            interrupted = true;
          }
        }
      } else {
        LockSupport.parkNanos(this, RECHECK_NANOS);
        if (Thread.interrupted()) {
          interrupted = true;
        }
      }
    }
    if (interrupted) {
      Thread.currentThread().interrupt();
    }
    if (mine.failure != null) {
      throw mine.failure;
    }
    return mine.written ? mine.sequence : -1L;
  }

  /** Statements sent so far (batches and single retries): for tests. */
  long statements() {
    return statements.get();
  }

  /** Writes waiting for a statement: for tests. */
  int queued() {
    return queue.size();
  }

  /**
   * Claims up to MAX_BATCH queued writes, oldest first, at most one per registration and none of a
   * registration in the other drainer's statement: one registration's writes are sent one after the
   * other, in the order they arrived, each checked against what the one before it wrote.
   */
  private List<Write> take() {
    List<Write> batch = new ArrayList<>();
    Set<String> ids = new HashSet<>();
    for (Iterator<Write> it = queue.iterator(); it.hasNext() && batch.size() < MAX_BATCH; ) {
      Write write = it.next();
      String id = write.next.totpId();
      if (ids.contains(id) || inFlight.contains(id)) {
        // Later writes of this registration wait too, behind this one.
        ids.add(id);
        continue;
      }
      if (write.claimed.compareAndSet(false, true)) {
        // In flight before it leaves the queue: a drainer taking at the same time sees one or the
        // other.
        inFlight.add(id);
        it.remove();
        ids.add(id);
        batch.add(write);
      } else {
        // Claimed by a drainer taking at the same time.
        ids.add(id);
      }
    }
    return batch;
  }

  private void run(List<Write> batch) {
    try {
      send(batch);
    } finally {
      for (Write write : batch) {
        inFlight.remove(write.next.totpId());
      }
    }
  }

  private void send(List<Write> batch) {
    try {
      Map<String, Long> written =
          batch.size() == 1 && batch.get(0).eventUser == null
              ? writeOne(batch.get(0))
              : writeMany(batch);
      for (Write write : batch) {
        Long sequence = written.get(write.next.totpId());
        write.answer(sequence != null, sequence != null ? sequence : 0L, null);
      }
    } catch (SQLException e) {
      if (batch.size() > 1) {
        // Whatever failed the statement (a deadlock with another replica's batch, one bad row):
        // each write again on its own, so that a failure reaches only its own caller.
        for (Write write : batch) {
          send(List.of(write));
        }
        return;
      }
      if ("40P01".equals(e.getSQLState())) {
        // PostgreSQL undid it to break a deadlock: not written; the caller reads again.
        batch.get(0).answer(false, 0L, null);
      } else {
        batch.get(0).answer(false, 0L, new StoreFailure(e));
      }
    } catch (RuntimeException e) {
      for (Write write : batch) {
        if (!write.done) {
          write.answer(false, 0L, new StoreFailure(new SQLException(e.toString(), e)));
        }
      }
    }
  }

  private Map<String, Long> writeOne(Write write) throws SQLException {
    statements.incrementAndGet();
    try (Connection c = dataSource.getConnection();
        PreparedStatement update = c.prepareStatement(singleStatement)) {
      Registration r = write.next;
      Instant locked = r.lockedUntil();
      int index = 1;
      update.setString(index++, r.state().name());
      update.setInt(index++, r.failedAttempts());
      update.setInt(index++, locked != null ? 1 : 0);
      update.setLong(index++, locked != null ? locked.getEpochSecond() : 0L);
      update.setInt(index++, locked != null ? locked.getNano() : 0);
      update.setString(index++, r.totpId());
      update.setLong(index++, write.seenVersion);
      update.setLong(index, write.settingsVersion);
      return update.executeUpdate() == 1 ? Map.of(write.next.totpId(), 0L) : Map.of();
    }
  }

  private Map<String, Long> writeMany(List<Write> claimed) throws SQLException {
    statements.incrementAndGet();
    boolean events = claimed.stream().anyMatch(write -> write.eventUser != null);
    String[][] names = events ? Sql.COUNTED_BATCH_COLUMNS : Sql.CHECKED_BATCH_COLUMNS;
    // In one order on every replica, so that two replicas' statements seldom lock rows crosswise;
    // one user's events are counted in the order they arrived (their index in the claim).
    int n = claimed.size();
    Integer[] order = new Integer[n];
    for (int i = 0; i < n; i++) {
      order[i] = i;
    }
    java.util.Arrays.sort(order, Comparator.comparing((Integer i) -> claimed.get(i).next.totpId()));
    Object[][] columns = new Object[names.length][n];
    for (int i = 0; i < n; i++) {
      Write write = claimed.get(order[i]);
      Registration r = write.next;
      Instant locked = r.lockedUntil();
      Object[] row = {
        r.totpId(),
        write.seenVersion,
        write.settingsVersion,
        r.state().name(),
        r.failedAttempts(),
        locked != null ? 1 : 0,
        locked != null ? locked.getEpochSecond() : 0L,
        locked != null ? locked.getNano() : 0,
        write.eventUser,
        order[i]
      };
      for (int column = 0; column < names.length; column++) {
        columns[column][i] = row[column];
      }
    }
    try (Connection c = dataSource.getConnection();
        PreparedStatement update =
            c.prepareStatement(events ? countedBatchStatement : batchStatement)) {
      List<Array> arrays = new ArrayList<>();
      try {
        for (int column = 0; column < columns.length; column++) {
          Array array = c.createArrayOf(names[column][1], columns[column]);
          arrays.add(array);
          update.setArray(column + 1, array);
        }
        Map<String, Long> written = new HashMap<>();
        try (ResultSet rows = update.executeQuery()) {
          while (rows.next()) {
            long sequence = events ? rows.getLong(2) : 0L;
            written.put(rows.getString(1), sequence);
          }
        }
        return written;
      } finally {
        for (Array array : arrays) {
          array.free();
        }
      }
    }
  }
}
