package org.totpkit.mock.hooks;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.InstantSource;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.totpkit.mock.contract.AnsweredCall;

/** The ring behind the events hook: bounded, in order, nothing lost or repeated to a poller. */
class CallEventsTest {
  static final Instant AT = Instant.parse("2030-01-01T00:00:00Z");

  final CallEvents events = new CallEvents(InstantSource.fixed(AT));

  static AnsweredCall call(String userId) {
    return new AnsweredCall("v3alpha", "VerifyTOTPRegistration", userId, "1", null, 0);
  }

  @Test
  void answersAreNumberedAndReadAfterANumber() {
    events.answered(call("a"));
    events.answered(call("b"));
    events.answered(call("c"));
    List<CallEvents.Event> all = events.after(0, 100);
    assertThat(all).extracting(CallEvents.Event::seq).containsExactly(1L, 2L, 3L);
    assertThat(all).extracting(e -> e.call().userId()).containsExactly("a", "b", "c");
    assertThat(all.get(0).at()).isEqualTo(AT);
    assertThat(events.after(1, 1)).extracting(CallEvents.Event::seq).containsExactly(2L);
    assertThat(events.after(3, 100)).isEmpty();
  }

  @Test
  void onlyTheNewestAreKept() {
    for (int i = 0; i < CallEvents.CAPACITY + 5; i++) {
      events.answered(call("u" + i));
    }
    List<CallEvents.Event> kept = events.after(0, CallEvents.CAPACITY * 2);
    assertThat(kept).hasSize(CallEvents.CAPACITY);
    assertThat(kept.get(0).seq()).isEqualTo(6);
    assertThat(kept.get(kept.size() - 1).seq()).isEqualTo(CallEvents.CAPACITY + 5);
  }

  @Test
  void aResetForgetsButNumbersKeepGrowing() {
    events.answered(call("a"));
    events.answered(call("b"));
    events.clear();
    assertThat(events.after(0, 100)).isEmpty();
    events.answered(call("c"));
    assertThat(events.after(0, 100)).extracting(CallEvents.Event::seq).containsExactly(3L);
  }

  @Test
  @Timeout(30)
  void aPollerThatFollowsNextSeesEveryAnswerOnceUnderConcurrentWriters() throws Exception {
    int writers = 4;
    int each = 200;
    ExecutorService pool = Executors.newFixedThreadPool(writers);
    CountDownLatch go = new CountDownLatch(1);
    for (int w = 0; w < writers; w++) {
      pool.execute(
          () -> {
            try {
              go.await();
            } catch (InterruptedException e) {
              Thread.currentThread().interrupt();
            }
            for (int i = 0; i < each; i++) {
              events.answered(call("w"));
            }
          });
    }
    go.countDown();
    // Poll while they write, always after the last number seen, as the console does.
    java.util.List<Long> seen = new java.util.ArrayList<>();
    long after = 0;
    while (seen.size() < writers * each) {
      for (CallEvents.Event event : events.after(after, 50)) {
        seen.add(event.seq());
        after = event.seq();
      }
    }
    pool.shutdown();
    assertThat(pool.awaitTermination(30, TimeUnit.SECONDS)).isTrue();
    assertThat(seen)
        .containsExactlyElementsOf(LongStream.rangeClosed(1, writers * each).boxed().toList());
  }
}
