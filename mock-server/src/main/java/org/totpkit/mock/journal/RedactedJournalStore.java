package org.totpkit.mock.journal;

import com.github.tomakehurst.wiremock.http.Request;
import com.github.tomakehurst.wiremock.store.RequestJournalStore;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;
import java.security.SecureRandom;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;

/**
 * WireMock's request journal, holding only redacted events and at most {@code capacity} of them
 * (the newest). Every event is redacted here, before it is stored, so nothing that reads the
 * journal (the admin API, {@code verify}, {@code findAll}, near misses) can see a secret. The cap
 * is kept here rather than by WireMock, which counts the whole journal on every request.
 */
public final class RedactedJournalStore implements RequestJournalStore {
  private final int capacity;
  private final Deque order = new Deque();
  private final Map<UUID, Object> events = new ConcurrentHashMap<>();

  // The ids of the contract's own entries: a random version-4 prefix per journal and a counter.
  private static final long LOW_MASK = 0x3FFF_FFFF_FFFF_FFFFL;
  private static final long LOW_VARIANT = 0x8000_0000_0000_0000L;
  private final long idHigh = (new SecureRandom().nextLong() & ~0xF000L) | 0x4000L;
  private final AtomicLong idCount = new AtomicLong();

  /** Newest first, as WireMock's in-memory journal keeps them. */
  private static final class Deque extends ConcurrentLinkedDeque<UUID> {}

  public RedactedJournalStore(int capacity) {
    if (capacity < 0) {
      throw new IllegalArgumentException("capacity must not be negative");
    }
    this.capacity = capacity;
  }

  @Override
  public void add(ServeEvent event) {
    if (capacity == 0) {
      return;
    }
    keep(Redaction.of(event));
  }

  /**
   * The entry of an answer the contract gave itself, in front of WireMock's handler: redacted now,
   * as {@link #add} redacts, and turned into WireMock's event only when the journal is read.
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
    UUID id = new UUID(idHigh, (idCount.incrementAndGet() & LOW_MASK) | LOW_VARIANT);
    keep(id, Redaction.capture(id, request, loggedMillis, status, headers, body, secretFree));
  }

  private void keep(ServeEvent redacted) {
    keep(redacted.getId(), redacted);
  }

  // entry: a ServeEvent, or a ContractAnswerEntry made into one when read.
  private void keep(UUID id, Object entry) {
    events.put(id, entry);
    synchronized (order) {
      order.addFirst(id);
      while (events.size() > capacity) {
        UUID oldest = order.pollLast();
        if (oldest == null) {
          break;
        }
        events.remove(oldest);
      }
    }
  }

  @Override
  public Stream<ServeEvent> getAll() {
    return order.stream()
        .map(events::get)
        .filter(Objects::nonNull)
        .map(RedactedJournalStore::event);
  }

  @Override
  public void removeLast() {
    synchronized (order) {
      UUID oldest = order.pollLast();
      if (oldest != null) {
        events.remove(oldest);
      }
    }
  }

  @Override
  public Stream<UUID> getAllKeys() {
    return getAll().map(ServeEvent::getId);
  }

  @Override
  public Optional<ServeEvent> get(UUID id) {
    return Optional.ofNullable(events.get(id)).map(RedactedJournalStore::event);
  }

  // WireMock puts the event again once the response is sent; it is redacted again.
  @Override
  public void put(UUID id, ServeEvent event) {
    events.computeIfPresent(id, (key, old) -> Redaction.of(event));
  }

  @Override
  public void remove(UUID id) {
    synchronized (order) {
      order.remove(id);
      events.remove(id);
    }
  }

  @Override
  public void clear() {
    synchronized (order) {
      order.clear();
      events.clear();
    }
  }

  private static ServeEvent event(Object entry) {
    return entry instanceof ContractAnswerEntry answer ? answer.event() : (ServeEvent) entry;
  }

  public int size() {
    return events.size();
  }
}
