package org.totpkit.mock.totp;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * A request whose answer may wait for its write's commit without a thread waiting for it. A front
 * that can send an answer later (a servlet's {@code AsyncContext}) runs the request in {@link
 * #run}; an engine that commits writes in groups ({@code CheckedWrites} on PostgreSQL) may then
 * take the request's one checked write as done, queue it, and report its commit here instead of
 * parking the request's thread. The front sends the answer only once {@link #whenCommitted} says
 * {@link Commit#WRITTEN}; when the write was not written (the registration changed meanwhile) the
 * decision was never kept, so the front runs the request again as a plain one; when the database
 * failed, it answers the store's failure, as a plain request would have.
 *
 * <p>Outside {@link #run} (every other transport, the hooks) nothing is held and engines block as
 * before. Plain Java: nothing here knows HTTP.
 */
public final class HeldCommit {
  /** What became of the held write. */
  public enum Commit {
    /** Committed: the answer decided on it may be sent. */
    WRITTEN,
    /** Not written (the registration or settings changed): the request must be decided again. */
    NOT_WRITTEN,
    /** The database failed for it: answered as the store's failure. */
    FAILED
  }

  private static final ThreadLocal<HeldCommit> CURRENT = new ThreadLocal<>();

  private Runnable send;
  private volatile Commit commit;
  private RuntimeException failure;
  private Consumer<HeldCommit> listener;
  private final List<Runnable> afterWritten = new ArrayList<>();

  /** Runs {@code request} on this thread with this holder offered to the engine. */
  public <T> T run(Supplier<T> request) {
    HeldCommit outer = CURRENT.get();
    CURRENT.set(this);
    try {
      return request.get();
    } finally {
      if (outer == null) {
        CURRENT.remove();
      } else {
        CURRENT.set(outer);
      }
    }
  }

  /**
   * The holder of the request running on this thread that has not held a write yet, or null: an
   * engine holds at most one write per request (a verify makes one).
   */
  public static HeldCommit offered() {
    HeldCommit held = CURRENT.get();
    return held != null && held.send == null ? held : null;
  }

  /**
   * Runs {@code action} once the request's held write is committed, or now when nothing is held
   * (for what must not be seen of an answer that may still be decided again, e.g. a live log).
   */
  public static void afterWritten(Runnable action) {
    HeldCommit held = CURRENT.get();
    if (held == null || held.send == null) {
      action.run();
      return;
    }
    synchronized (held) {
      if (held.commit == null) {
        held.afterWritten.add(action);
        return;
      }
    }
    if (held.commit == Commit.WRITTEN) {
      action.run();
    }
  }

  /** Engine: the request's write is queued; {@code send} sends it on its way (without waiting). */
  public void hold(Runnable send) {
    if (this.send != null) {
      throw new IllegalStateException("a request holds one write");
    }
    this.send = send;
  }

  /** Front: whether the answer waits for a commit. */
  public boolean holds() {
    return send != null;
  }

  /**
   * Front: sends the held write and calls {@code listener} (on the committing thread, or on this
   * one if it is already known) once its commit is known.
   */
  public void whenCommitted(Consumer<HeldCommit> listener) {
    boolean known;
    synchronized (this) {
      this.listener = listener;
      known = commit != null;
    }
    if (known) {
      listener.accept(this);
    } else {
      send.run();
    }
  }

  /** Engine: what became of the write ({@code failure} for {@link Commit#FAILED}). */
  public void committed(Commit what, RuntimeException failure) {
    Consumer<HeldCommit> told;
    List<Runnable> after;
    synchronized (this) {
      if (commit != null) {
        return;
      }
      commit = what;
      this.failure = failure;
      told = listener;
      after = List.copyOf(afterWritten);
      afterWritten.clear();
    }
    if (what == Commit.WRITTEN) {
      after.forEach(Runnable::run);
    }
    if (told != null) {
      told.accept(this);
    }
  }

  public Commit commit() {
    return commit;
  }

  /** The store's failure, for {@link Commit#FAILED}. */
  public RuntimeException failure() {
    return failure;
  }
}
