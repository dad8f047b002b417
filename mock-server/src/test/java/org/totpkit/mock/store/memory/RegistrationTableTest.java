package org.totpkit.mock.store.memory;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.totpkit.mock.totp.HashAlgorithm;
import org.totpkit.mock.totp.Registration;
import org.totpkit.mock.totp.TotpParameters;

class RegistrationTableTest {
  private static final TotpParameters SHA1 = new TotpParameters(HashAlgorithm.SHA1, 6, 30, 1);
  private static final Instant NOW = Instant.ofEpochSecond(1_000);

  private static HeldRegistration held(int failedAttempts) {
    return new HeldRegistration(
        "u", new byte[20], SHA1, Registration.State.PENDING, NOW, failedAttempts, null);
  }

  @Test
  void everyIdComesBackAsItWasGivenAndDistinctIdsStayDistinct() {
    String[] ids = {
      "7",
      "007",
      "0",
      "00",
      "160000000000000001",
      "999999999999999999",
      "9999999999999999999",
      "-5",
      "+5",
      "12a",
      "",
      "１２"
    };
    RegistrationTable table = new RegistrationTable();
    for (int i = 0; i < ids.length; i++) {
      assertThat(table.putIfAbsent(ids[i], held(i))).isNull();
    }
    Map<String, Integer> seen = new HashMap<>();
    table.forEach((id, held) -> seen.put(id, held.failedAttempts()));
    for (int i = 0; i < ids.length; i++) {
      assertThat(seen).containsEntry(ids[i], i);
      assertThat(table.get(ids[i]).failedAttempts()).isEqualTo(i);
    }
    assertThat(seen).hasSize(ids.length);
    assertThat(RegistrationTable.number("160000000000000001")).isEqualTo(160000000000000001L);
    assertThat(RegistrationTable.number("007")).isEqualTo(-1);
    assertThat(RegistrationTable.number("9999999999999999999")).isEqualTo(-1);
  }

  @Test
  void behavesAsAMapThroughGrowthCollisionsAndRemovals() {
    // Dense ids (as the server counts them) and random ones, many removed again: every probe run
    // is cut by deletions many times, so a slot moved back wrongly shows as a lost or stale entry.
    Random random = new Random(18);
    RegistrationTable table = new RegistrationTable();
    Map<String, Integer> expected = new HashMap<>();
    long base = 160_000_000_000_000_000L;
    for (int op = 0; op < 400_000; op++) {
      String id =
          Long.toString(
              random.nextBoolean() ? base + random.nextInt(20_000) : random.nextInt(5000));
      int value = random.nextInt(1000);
      switch (random.nextInt(4)) {
        case 0 -> {
          HeldRegistration before = table.putIfAbsent(id, held(value));
          Integer was = expected.putIfAbsent(id, value);
          assertThat(before == null ? null : before.failedAttempts()).isEqualTo(was);
        }
        case 1 -> {
          HeldRegistration removed = table.remove(id);
          Integer was = expected.remove(id);
          assertThat(removed == null ? null : removed.failedAttempts()).isEqualTo(was);
        }
        case 2 -> {
          boolean drop = random.nextInt(3) == 0;
          table.compute(id, old -> drop ? null : held(value));
          if (drop) {
            expected.remove(id);
          } else {
            expected.put(id, value);
          }
        }
        default -> {
          HeldRegistration now = table.get(id);
          assertThat(now == null ? null : now.failedAttempts()).isEqualTo(expected.get(id));
        }
      }
    }
    Map<String, Integer> all = new HashMap<>();
    table.forEach((id, held) -> all.put(id, held.failedAttempts()));
    assertThat(all).isEqualTo(expected);
    assertThat(table.size()).isEqualTo(expected.size());
    table.clear();
    assertThat(table.size()).isZero();
    assertThat(table.get(expected.keySet().iterator().next())).isNull();
  }

  @Test
  void aComputeThatThrowsLeavesTheEntryAsItWas() {
    RegistrationTable table = new RegistrationTable();
    table.putIfAbsent("42", held(1));
    try {
      table.compute(
          "42",
          old -> {
            throw new IllegalStateException("refused");
          });
    } catch (IllegalStateException expected) {
      // as ConcurrentHashMap.compute: the exception reaches the caller
    }
    assertThat(table.get("42").failedAttempts()).isEqualTo(1);
  }

  @Test
  void transitionsOfOneIdFromManyThreadsAreEachApplied() throws Exception {
    RegistrationTable table = new RegistrationTable();
    List<String> ids = new ArrayList<>();
    for (int i = 0; i < 64; i++) {
      ids.add(Long.toString(160_000_000_000_000_000L + i));
      table.putIfAbsent(ids.get(i), held(0));
    }
    int threads = 4;
    int rounds = 5_000;
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    CountDownLatch start = new CountDownLatch(1);
    try {
      List<Future<?>> done = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        done.add(
            pool.submit(
                () -> {
                  start.await();
                  for (int r = 0; r < rounds; r++) {
                    for (String id : ids) {
                      table.compute(id, old -> held(old.failedAttempts() + 1));
                    }
                  }
                  return null;
                }));
      }
      start.countDown();
      for (Future<?> future : done) {
        future.get(60, TimeUnit.SECONDS);
      }
    } finally {
      pool.shutdownNow();
    }
    for (String id : ids) {
      assertThat(table.get(id).failedAttempts()).isEqualTo(threads * rounds);
    }
  }
}
