package org.totpkit.mock.journal;

import com.github.tomakehurst.wiremock.http.Request;
import com.github.tomakehurst.wiremock.store.RequestJournalStore;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.Stream;

/**
 * WireMock's request journal, holding only redacted events and at most {@code capacity} of them
 * (the newest). Every event is redacted here, before it is stored, so nothing that reads the
 * journal (the admin API, {@code verify}, {@code findAll}, near misses) can see a secret. The cap
 * is kept here rather than by WireMock, which counts the whole journal on every request.
 *
 * <p>How it is kept: a ring of {@code capacity} slots, oldest to newest, whose storage is made once
 * (a {@code byte[]} per slot, grown only for a larger entry, and arrays of numbers). The entries of
 * the contract's own answers ({@link #recordContractAnswer}, nearly every request) are written into
 * their slot's bytes, already redacted, with no object kept per entry: a young collection finds
 * nothing of them to copy, where an entry kept as objects was live at the next collection and
 * copied once before it was pushed out. They are made into WireMock's {@link ServeEvent} only when
 * the journal is read (and that event is kept with the slot until it is overwritten, so a second
 * read does not make it again). The entries WireMock adds itself ({@link #add}: stubs, the admin
 * API) are rare on the hot path and stay objects in their slot. One lock guards the ring: a write
 * holds it to copy its bytes (encoded before, into the thread's own buffer) and move two indexes.
 */
public final class RedactedJournalStore implements RequestJournalStore {
  private final int capacity;

  // The ids of the contract's own entries: a random version-4 prefix per journal and the entry's
  // sequence number.
  private static final long LOW_MASK = 0x3FFF_FFFF_FFFF_FFFFL;
  private static final long LOW_VARIANT = 0x8000_0000_0000_0000L;
  private final long idHigh = (new SecureRandom().nextLong() & ~0xF000L) | 0x4000L;

  // The ring, guarded by "this": position p (0 = oldest) is slot (start + p) % capacity.
  private int start;
  private int count;
  private long lastSequence;
  // Per slot: the entry's sequence number (ascending from the oldest position to the newest), its
  // bytes and their length (an encoded entry), and its object (WireMock's own entry, or the event
  // made when an encoded entry was read; null until then).
  private final long[] sequences;
  private final byte[][] bytes;
  private final int[] lengths;
  private final ServeEvent[] objects;
  private final boolean[] encoded;

  // Each thread encodes its entry into its own buffer, outside the lock.
  private static final ThreadLocal<EntryBytes.Writer> WRITERS =
      ThreadLocal.withInitial(EntryBytes.Writer::new);
  // A slot's buffer is made this size at least; one grown past SHRINK_ABOVE is made again at the
  // entry's size when a much smaller entry takes the slot, so large entries do not stay in the
  // ring after they are pushed out.
  private static final int SLOT_BYTES = 768;
  private static final int SHRINK_ABOVE = 16 * 1024;

  public RedactedJournalStore(int capacity) {
    if (capacity < 0) {
      throw new IllegalArgumentException("capacity must not be negative");
    }
    this.capacity = capacity;
    this.sequences = new long[capacity];
    this.bytes = new byte[capacity][];
    this.lengths = new int[capacity];
    this.objects = new ServeEvent[capacity];
    this.encoded = new boolean[capacity];
  }

  @Override
  public void add(ServeEvent event) {
    if (capacity == 0) {
      return;
    }
    ServeEvent redacted = Redaction.of(event);
    synchronized (this) {
      int slot = nextSlot();
      objects[slot] = redacted;
      encoded[slot] = false;
    }
  }

  /**
   * The entry of an answer the contract gave itself, in front of WireMock's handler: redacted and
   * written into the journal's byte form now, and made into WireMock's event only when the journal
   * is read.
   *
   * @param request the request as WireMock's extensions see it
   * @param loggedMillis when the request arrived (the container's time stamp)
   * @param headers every header of the answer, by name (not copied: the caller does not change it)
   * @param body the answer's body as sent (not copied: the caller does not change it)
   * @param secretFree whether the body is known to hold no secret-bearing field, as the contract's
   *     error bodies are (a number as code, a message, details): then it is kept as it is, with no
   *     redaction pass; any other body is redacted now, as {@link #add} redacts
   */
  public void recordContractAnswer(
      Request request,
      long loggedMillis,
      int status,
      Map<String, String> headers,
      byte[] body,
      boolean secretFree) {
    if (capacity == 0) {
      return;
    }
    EntryBytes.Writer out = WRITERS.get();
    out.reset();
    Redaction.capture(out, request, loggedMillis, status, headers, body, secretFree);
    int length = out.length();
    synchronized (this) {
      int slot = nextSlot();
      byte[] kept = bytes[slot];
      if (kept == null
          || kept.length < length
          || (kept.length > SHRINK_ABOVE && kept.length > 4 * length)) {
        kept = new byte[Math.max(SLOT_BYTES, length)];
        bytes[slot] = kept;
      }
      System.arraycopy(out.buffer(), 0, kept, 0, length);
      lengths[slot] = length;
      objects[slot] = null;
      encoded[slot] = true;
    }
  }

  // The slot of a new newest entry, the oldest pushed out when the ring is full; under the lock.
  private int nextSlot() {
    if (count == capacity) {
      dropOldest();
    }
    int slot = slot(count);
    count++;
    sequences[slot] = ++lastSequence;
    return slot;
  }

  private int slot(int position) {
    int slot = start + position;
    return slot >= capacity ? slot - capacity : slot;
  }

  private void dropOldest() {
    objects[start] = null;
    start = slot(1);
    count--;
  }

  private UUID idOf(long sequence) {
    return new UUID(idHigh, (sequence & LOW_MASK) | LOW_VARIANT);
  }

  /** What a reader takes of one position under the lock: the object, or a copy of the bytes. */
  private record Taken(long sequence, ServeEvent object, byte[] bytes) {}

  private Taken take(int position) {
    int slot = slot(position);
    ServeEvent object = objects[slot];
    byte[] copy = object == null ? Arrays.copyOf(bytes[slot], lengths[slot]) : null;
    return new Taken(sequences[slot], object, copy);
  }

  // WireMock's event for what was taken: made from the bytes (and kept with the slot if the entry
  // is still there) when it was not made before.
  private ServeEvent event(Taken taken) {
    if (taken.object() != null) {
      return taken.object();
    }
    ServeEvent made = ContractAnswerEntry.read(idOf(taken.sequence()), taken.bytes()).event();
    synchronized (this) {
      int position = positionOf(taken.sequence());
      if (position >= 0) {
        int slot = slot(position);
        if (encoded[slot] && objects[slot] == null) {
          objects[slot] = made;
        } else if (objects[slot] != null) {
          return objects[slot];
        }
      }
    }
    return made;
  }

  // The position of the entry with this sequence number, or -1; under the lock.
  private int positionOf(long sequence) {
    int low = 0;
    int high = count - 1;
    while (low <= high) {
      int mid = (low + high) >>> 1;
      long at = sequences[slot(mid)];
      if (at < sequence) {
        low = mid + 1;
      } else if (at > sequence) {
        high = mid - 1;
      } else {
        return mid;
      }
    }
    return -1;
  }

  // The position of the entry with this id, or -1; under the lock. The contract's ids name their
  // sequence number; WireMock's own are looked for among the objects, newest first.
  private int positionOf(UUID id) {
    if (id.getMostSignificantBits() == idHigh
        && (id.getLeastSignificantBits() & ~LOW_MASK) == LOW_VARIANT) {
      int position = positionOf(id.getLeastSignificantBits() & LOW_MASK);
      if (position >= 0 && encoded[slot(position)]) {
        return position;
      }
    }
    for (int position = count - 1; position >= 0; position--) {
      int slot = slot(position);
      if (!encoded[slot] && objects[slot] != null && id.equals(objects[slot].getId())) {
        return position;
      }
    }
    return -1;
  }

  /** Newest first, as WireMock's in-memory journal keeps them. */
  @Override
  public Stream<ServeEvent> getAll() {
    List<Taken> taken;
    synchronized (this) {
      taken = new ArrayList<>(count);
      for (int position = count - 1; position >= 0; position--) {
        taken.add(take(position));
      }
    }
    return taken.stream().map(this::event);
  }

  @Override
  public synchronized void removeLast() {
    if (count > 0) {
      dropOldest();
    }
  }

  @Override
  public Stream<UUID> getAllKeys() {
    List<UUID> keys;
    synchronized (this) {
      keys = new ArrayList<>(count);
      for (int position = count - 1; position >= 0; position--) {
        int slot = slot(position);
        keys.add(encoded[slot] ? idOf(sequences[slot]) : objects[slot].getId());
      }
    }
    return keys.stream();
  }

  @Override
  public Optional<ServeEvent> get(UUID id) {
    Taken taken;
    synchronized (this) {
      int position = positionOf(id);
      if (position < 0) {
        return Optional.empty();
      }
      taken = take(position);
    }
    return Optional.of(event(taken));
  }

  // WireMock puts the event again once the response is sent; it is redacted again.
  @Override
  public void put(UUID id, ServeEvent event) {
    ServeEvent redacted = null;
    synchronized (this) {
      if (positionOf(id) < 0) {
        return;
      }
    }
    redacted = Redaction.of(event);
    synchronized (this) {
      int position = positionOf(id);
      if (position >= 0) {
        int slot = slot(position);
        objects[slot] = redacted;
        encoded[slot] = false;
      }
    }
  }

  @Override
  public synchronized void remove(UUID id) {
    int position = positionOf(id);
    if (position < 0) {
      return;
    }
    // The newer entries move one position toward the oldest; the freed buffer goes to the end.
    int freed = slot(position);
    byte[] buffer = bytes[freed];
    for (int p = position; p < count - 1; p++) {
      int to = slot(p);
      int from = slot(p + 1);
      sequences[to] = sequences[from];
      bytes[to] = bytes[from];
      lengths[to] = lengths[from];
      objects[to] = objects[from];
      encoded[to] = encoded[from];
    }
    int last = slot(count - 1);
    bytes[last] = buffer;
    objects[last] = null;
    count--;
  }

  @Override
  public synchronized void clear() {
    Arrays.fill(objects, null);
    start = 0;
    count = 0;
  }

  public synchronized int size() {
    return count;
  }

  /** The bytes the ring's slots hold, used or not: what tests check a large entry leaves. */
  synchronized long slotBytes() {
    long all = 0;
    for (byte[] slot : bytes) {
      all += slot == null ? 0 : slot.length;
    }
    return all;
  }

  /** The byte form of every encoded entry held, newest first: what tests scan for secrets. */
  synchronized List<byte[]> encodedEntries() {
    List<byte[]> all = new ArrayList<>();
    for (int position = count - 1; position >= 0; position--) {
      int slot = slot(position);
      if (encoded[slot]) {
        all.add(Arrays.copyOf(bytes[slot], lengths[slot]));
      }
    }
    return all;
  }
}
