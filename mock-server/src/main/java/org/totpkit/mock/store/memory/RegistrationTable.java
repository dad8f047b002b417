package org.totpkit.mock.store.memory;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BiConsumer;
import java.util.function.UnaryOperator;

/**
 * The memory store's registrations by id, without an object per entry: upstream's ids are decimal
 * numbers, held as {@code long}s in open-addressed tables (linear probing), one per segment, each
 * segment under its own lock. A {@link ConcurrentHashMap} spent 56 bytes of node and boxed key on
 * each registration beside the 80 of the registration itself; here a registration costs its slot (a
 * {@code long} and a reference, 16–32 bytes with the table's spare room). An id that is not such a
 * number (none the server makes) goes to a plain concurrent map.
 *
 * <p>Every operation on an id runs under its segment's lock, {@link #compute} included, so a
 * registration's transitions are atomic as with {@link ConcurrentHashMap#compute}; ids of other
 * segments never wait for each other. The function given to {@code compute} must not use the table
 * (it may take other locks: the store's per-user monitors are always taken before a segment's).
 */
final class RegistrationTable {
  private static final int SEGMENT_BITS = 6;
  private static final int INITIAL_CAPACITY = 16;

  private final Segment[] segments = new Segment[1 << SEGMENT_BITS];
  private final Map<String, HeldRegistration> byText = new ConcurrentHashMap<>();

  RegistrationTable() {
    for (int i = 0; i < segments.length; i++) {
      segments[i] = new Segment();
    }
  }

  /** The id's number: its value for a decimal id without leading zeros, else -1. */
  static long number(String id) {
    int length = id.length();
    // 18 digits always fit in a long; a leading zero would not come back from Long.toString.
    if (length == 0 || length > 18 || (id.charAt(0) == '0' && length > 1)) {
      return -1;
    }
    long value = 0;
    for (int i = 0; i < length; i++) {
      char c = id.charAt(i);
      if (c < '0' || c > '9') {
        return -1;
      }
      value = value * 10 + (c - '0');
    }
    return value;
  }

  // Fibonacci hashing: consecutive ids (the server counts them) spread over segments and slots.
  private static long mix(long number) {
    return number * 0x9E3779B97F4A7C15L;
  }

  private Segment segment(long hash) {
    return segments[(int) (hash >>> (64 - SEGMENT_BITS))];
  }

  HeldRegistration get(String id) {
    long number = number(id);
    if (number < 0) {
      return byText.get(id);
    }
    long hash = mix(number);
    Segment segment = segment(hash);
    synchronized (segment) {
      int slot = segment.find(number, hash);
      return slot < 0 ? null : segment.values[slot];
    }
  }

  /** Adds {@code value} unless the id is taken; returns what holds the id already, or null. */
  HeldRegistration putIfAbsent(String id, HeldRegistration value) {
    long number = number(id);
    if (number < 0) {
      return byText.putIfAbsent(id, value);
    }
    long hash = mix(number);
    Segment segment = segment(hash);
    synchronized (segment) {
      int slot = segment.find(number, hash);
      if (slot >= 0) {
        return segment.values[slot];
      }
      segment.insert(number, hash, value);
      return null;
    }
  }

  /** Removes the id's registration; returns it, or null when there was none. */
  HeldRegistration remove(String id) {
    long number = number(id);
    if (number < 0) {
      return byText.remove(id);
    }
    long hash = mix(number);
    Segment segment = segment(hash);
    synchronized (segment) {
      int slot = segment.find(number, hash);
      if (slot < 0) {
        return null;
      }
      HeldRegistration old = segment.values[slot];
      segment.delete(slot);
      return old;
    }
  }

  /**
   * The id's next registration from its current one (null: none), atomically: {@code step} runs
   * under the id's lock; a null result removes it. An exception leaves the table as it was.
   */
  void compute(String id, UnaryOperator<HeldRegistration> step) {
    long number = number(id);
    if (number < 0) {
      byText.compute(id, (key, held) -> step.apply(held));
      return;
    }
    long hash = mix(number);
    Segment segment = segment(hash);
    synchronized (segment) {
      int slot = segment.find(number, hash);
      HeldRegistration next = step.apply(slot < 0 ? null : segment.values[slot]);
      if (slot >= 0 && next != null) {
        segment.values[slot] = next;
      } else if (slot >= 0) {
        segment.delete(slot);
      } else if (next != null) {
        segment.insert(number, hash, next);
      }
    }
  }

  /** Each registration with its id; a segment at a time (its lock held meanwhile). */
  void forEach(BiConsumer<String, HeldRegistration> action) {
    for (Segment segment : segments) {
      synchronized (segment) {
        for (int i = 0; i < segment.values.length; i++) {
          if (segment.values[i] != null) {
            action.accept(Long.toString(segment.keys[i]), segment.values[i]);
          }
        }
      }
    }
    byText.forEach(action);
  }

  void clear() {
    for (Segment segment : segments) {
      synchronized (segment) {
        segment.reset();
      }
    }
    byText.clear();
  }

  /** How many registrations are held (for tests; counted segment by segment). */
  int size() {
    int size = byText.size();
    for (Segment segment : segments) {
      synchronized (segment) {
        size += segment.size;
      }
    }
    return size;
  }

  /** One open-addressed table: a free slot is one whose value is null. Guarded by itself. */
  private static final class Segment {
    long[] keys;
    HeldRegistration[] values;
    int size;

    Segment() {
      reset();
    }

    void reset() {
      keys = new long[INITIAL_CAPACITY];
      values = new HeldRegistration[INITIAL_CAPACITY];
      size = 0;
    }

    // The slot's bits are below the segment's: the hash's middle bits.
    private int home(long hash) {
      return (int) (hash >>> 20) & (values.length - 1);
    }

    /** The slot holding {@code number}, or -1. */
    int find(long number, long hash) {
      int mask = values.length - 1;
      for (int i = home(hash); ; i = (i + 1) & mask) {
        if (values[i] == null) {
          return -1;
        }
        if (keys[i] == number) {
          return i;
        }
      }
    }

    /** Adds an id known to be absent; the table grows at three quarters full. */
    void insert(long number, long hash, HeldRegistration value) {
      if ((size + 1) * 4L > values.length * 3L) {
        grow();
      }
      int mask = values.length - 1;
      int i = home(hash);
      while (values[i] != null) {
        i = (i + 1) & mask;
      }
      keys[i] = number;
      values[i] = value;
      size++;
    }

    private void grow() {
      long[] oldKeys = keys;
      HeldRegistration[] oldValues = values;
      keys = new long[oldKeys.length * 2];
      values = new HeldRegistration[oldValues.length * 2];
      int mask = values.length - 1;
      for (int j = 0; j < oldValues.length; j++) {
        if (oldValues[j] != null) {
          int i = home(mix(oldKeys[j]));
          while (values[i] != null) {
            i = (i + 1) & mask;
          }
          keys[i] = oldKeys[j];
          values[i] = oldValues[j];
        }
      }
    }

    /**
     * Empties slot {@code i} and moves back each following entry of the run that its probe would no
     * longer reach (backward-shift deletion: no tombstones, lookups stay short).
     */
    void delete(int i) {
      int mask = values.length - 1;
      int hole = i;
      for (int j = (hole + 1) & mask; values[j] != null; j = (j + 1) & mask) {
        int home = home(mix(keys[j]));
        // Entry j stays when its home lies cyclically in (hole, j]: a probe from there reaches it.
        boolean reachable = hole <= j ? hole < home && home <= j : hole < home || home <= j;
        if (!reachable) {
          keys[hole] = keys[j];
          values[hole] = values[j];
          hole = j;
        }
      }
      values[hole] = null;
      keys[hole] = 0;
      size--;
    }
  }
}
