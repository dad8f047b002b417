package org.totpkit.bench;

import java.time.Instant;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;
import org.totpkit.mock.totp.HashAlgorithm;
import org.totpkit.mock.totp.Registration;
import org.totpkit.mock.totp.RegistrationStore;
import org.totpkit.mock.totp.RegistrationStore.Transition;
import org.totpkit.mock.totp.TotpParameters;

/**
 * The store's atomic transition (what a wrong code does: read, count one more failure, write back)
 * with 1, 2 and 8 threads, on one hot registration that every thread fights over and spread over
 * many. Every engine the server has is one constant of {@link Engine}.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class StoreBenchmark {
  /** The store engines of the server; add a line here for a new one. */
  public enum Engine {
    MEMORY(RegistrationStore::new);

    private final Supplier<RegistrationStore> open;

    Engine(Supplier<RegistrationStore> open) {
      this.open = open;
    }
  }

  @State(Scope.Benchmark)
  public static class Store {
    @Param({"MEMORY"})
    public Engine engine;

    /** 1: every thread on the same registration; 10000: rarely the same one. */
    @Param({"1", "10000"})
    public int registrations;

    RegistrationStore store;
    String[] ids;

    @Setup
    public void open() {
      store = engine.open.get();
      ids = new String[registrations];
      TotpParameters parameters = new TotpParameters(HashAlgorithm.SHA1, 6, 30, 1);
      Instant now = Instant.ofEpochSecond(1_111_111_111L);
      for (int i = 0; i < registrations; i++) {
        ids[i] = Long.toString(160_000_000_000_000_000L + i);
        store.add(Registration.pending(ids[i], "1", new byte[20], parameters, now));
      }
    }

    @TearDown
    public void close() {
      store.clear();
    }
  }

  private static final Transition<Boolean> ABSENT = new Transition<>(null, false);

  private static Transition<Boolean> oneMoreFailure(Registration current) {
    if (current == null) {
      return ABSENT;
    }
    Registration next =
        new Registration(
            current.totpId(),
            current.userId(),
            current.secret(),
            current.parameters(),
            current.state(),
            current.startedAt(),
            current.failedAttempts() + 1,
            null);
    return new Transition<>(next, true);
  }

  private static boolean transition(Store s) {
    String id = s.ids[ThreadLocalRandom.current().nextInt(s.ids.length)];
    return s.store.transition(id, StoreBenchmark::oneMoreFailure);
  }

  @Benchmark
  @Threads(1)
  public boolean threads1(Store s) {
    return transition(s);
  }

  @Benchmark
  @Threads(2)
  public boolean threads2(Store s) {
    return transition(s);
  }

  @Benchmark
  @Threads(8)
  public boolean threads8(Store s) {
    return transition(s);
  }
}
