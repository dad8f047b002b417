package org.totpkit.mock.hooks;

import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReferenceArray;
import org.totpkit.mock.contract.AnsweredCall;
import org.totpkit.mock.contract.AnsweredCalls;

/**
 * The newest answers of the API, in memory, for the events hook (the web console's live log).
 * Bounded: the newest {@link #CAPACITY} are kept. Lock-free, so that logging never makes two API
 * calls wait for each other: each answer takes the next sequence number and its slot in a ring.
 */
public final class CallEvents implements AnsweredCalls {
  public static final int CAPACITY = 1000;

  /** One answer, numbered, at the server's clock. */
  public record Event(long seq, Instant at, AnsweredCall call) {}

  private final InstantSource clock;
  private final AtomicLong last = new AtomicLong();
  // The newest number a reset forgot: nothing at or below it is read again.
  private final AtomicLong forgotten = new AtomicLong();
  private final AtomicReferenceArray<Event> ring = new AtomicReferenceArray<>(CAPACITY);

  /**
   * @param clock the server's clock, so that an answer is stamped with the time the verifier saw
   */
  public CallEvents(InstantSource clock) {
    this.clock = clock;
  }

  @Override
  public void answered(AnsweredCall call) {
    answered(call, clock.instant());
  }

  @Override
  public void answered(AnsweredCall call, Instant at) {
    long seq = last.incrementAndGet();
    ring.set(slot(seq), new Event(seq, at, call));
  }

  /**
   * The kept answers numbered above {@code after}, oldest first, at most {@code limit}. It stops
   * before an answer whose number is taken but not yet written, so that a poller that asks again
   * after the last one it got misses nothing.
   */
  public List<Event> after(long after, int limit) {
    long newest = last.get();
    long from = Math.max(Math.max(after, forgotten.get()) + 1, newest - CAPACITY + 1);
    List<Event> events = new ArrayList<>();
    for (long seq = from; seq <= newest && events.size() < limit; seq++) {
      Event event = ring.get(slot(seq));
      if (event == null || event.seq() < seq) {
        break;
      }
      if (event.seq() == seq) {
        events.add(event);
      }
    }
    return events;
  }

  /** Forgets every answer (the reset hook); numbers keep growing, so pollers see nothing twice. */
  public void clear() {
    forgotten.set(last.get());
    for (int i = 0; i < CAPACITY; i++) {
      ring.set(i, null);
    }
  }

  /** The number of the newest answer so far. */
  public long latest() {
    return last.get();
  }

  private static int slot(long seq) {
    return (int) (seq % CAPACITY);
  }
}
