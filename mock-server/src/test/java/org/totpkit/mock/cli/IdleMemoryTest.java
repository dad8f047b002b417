package org.totpkit.mock.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.sun.management.HotSpotDiagnosticMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryUsage;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class IdleMemoryTest {
  private final HotSpotDiagnosticMXBean vm =
      ManagementFactory.getPlatformMXBean(HotSpotDiagnosticMXBean.class);

  @Test
  void setsG1sFreeRatiosAndTheAfterLoadCycleOnlyWhereLeftAtDefaults() {
    boolean g1 = "true".equals(vm.getVMOption("UseG1GC").getValue());
    String interval = vm.getVMOption(IdleMemory.INTERVAL).getValue();
    boolean intervalWasDefault = isDefault(IdleMemory.INTERVAL);

    IdleMemory.returnWhenIdle();

    if (!g1 || !intervalWasDefault) {
      assertThat(vm.getVMOption(IdleMemory.INTERVAL).getValue()).isEqualTo(interval);
      return;
    }
    assertThat(vm.getVMOption(IdleMemory.INTERVAL).getValue())
        .isEqualTo(Long.toString(IdleMemory.AFTER_LOAD_MILLIS));
    assertThat(vm.getVMOption("MaxHeapFreeRatio").getValue())
        .isEqualTo(Integer.toString(IdleMemory.MAX_FREE_PERCENT));
    assertThat(vm.getVMOption("MinHeapFreeRatio").getValue())
        .isEqualTo(Integer.toString(IdleMemory.MIN_FREE_PERCENT));
    // Set once: a second call finds them no longer at their defaults and leaves them.
    IdleMemory.returnWhenIdle();
    assertThat(isDefault(IdleMemory.INTERVAL)).isFalse();
  }

  @Test
  void periodicCyclesAfterTheLoadUntilAnIdleOneFindsTheHeapGivenBack() {
    assumeTrue("true".equals(vm.getVMOption("UseG1GC").getValue()), "the flag is G1's");
    String before = vm.getVMOption(IdleMemory.INTERVAL).getValue();
    long live = 300L << 20;
    // What the heap holds and has committed when each collection is reported.
    AtomicReference<MemoryUsage> heap = new AtomicReference<>(usage(live, 3000L << 20));
    try {
      IdleMemory.AfterLoad afterLoad = new IdleMemory.AfterLoad(vm, heap::get);

      afterLoad.onCollection("G1 Evacuation Pause", 900L << 20);
      assertThat(afterLoad.armed()).isTrue();
      assertThat(vm.getVMOption(IdleMemory.INTERVAL).getValue())
          .isEqualTo(Long.toString(IdleMemory.AFTER_LOAD_MILLIS));

      // Right after the load: the periodic collection still found the load's garbage.
      afterLoad.onCollection(IdleMemory.PERIODIC_CAUSE, 300L << 20);
      assertThat(afterLoad.armed()).isTrue();
      // Idle, but the heap is not given back yet (G1 shrinks when a concurrent cycle ends).
      afterLoad.onCollection(IdleMemory.PERIODIC_CAUSE, 0);
      assertThat(afterLoad.armed()).isTrue();

      // The cycle ended and shrank the heap: an idle server is not collected every interval.
      heap.set(usage(live, live * 100 / (100 - IdleMemory.MAX_FREE_PERCENT)));
      afterLoad.onCollection(IdleMemory.PERIODIC_CAUSE, 0);
      assertThat(afterLoad.armed()).isFalse();
      assertThat(vm.getVMOption(IdleMemory.INTERVAL).getValue()).isEqualTo("0");

      // The load comes back: its first collection arms the next cycle.
      afterLoad.onCollection("G1 Humongous Allocation", 4L << 20);
      assertThat(afterLoad.armed()).isTrue();
      assertThat(vm.getVMOption(IdleMemory.INTERVAL).getValue())
          .isEqualTo(Long.toString(IdleMemory.AFTER_LOAD_MILLIS));
    } finally {
      vm.setVMOption(IdleMemory.INTERVAL, before);
    }
  }

  @Test
  void aHeapG1CannotShrinkCostsAFewIdleCyclesNotOneAnInterval() {
    assumeTrue("true".equals(vm.getVMOption("UseG1GC").getValue()), "the flag is G1's");
    String before = vm.getVMOption(IdleMemory.INTERVAL).getValue();
    try {
      IdleMemory.AfterLoad afterLoad =
          new IdleMemory.AfterLoad(vm, () -> usage(100L << 20, 2000L << 20));
      afterLoad.onCollection("G1 Evacuation Pause", 900L << 20);
      for (int i = 1; i < IdleMemory.MAX_IDLE_COLLECTIONS; i++) {
        afterLoad.onCollection(IdleMemory.PERIODIC_CAUSE, 0);
        assertThat(afterLoad.armed()).isTrue();
      }
      afterLoad.onCollection(IdleMemory.PERIODIC_CAUSE, 0);
      assertThat(afterLoad.armed()).isFalse();
    } finally {
      vm.setVMOption(IdleMemory.INTERVAL, before);
    }
  }

  @Test
  void anIdleFullCollectionEndsTheArmedCycleOnceTheHeapIsShrunk() {
    assumeTrue("true".equals(vm.getVMOption("UseG1GC").getValue()), "the flag is G1's");
    String before = vm.getVMOption(IdleMemory.INTERVAL).getValue();
    long live = 300L << 20;
    AtomicReference<MemoryUsage> heap = new AtomicReference<>(usage(live, 3000L << 20));
    try {
      IdleMemory.AfterLoad afterLoad = new IdleMemory.AfterLoad(vm, heap::get);
      afterLoad.onCollection("G1 Evacuation Pause", 900L << 20);
      assertThat(afterLoad.armed()).isTrue();
      heap.set(usage(live, live * 100 / (100 - IdleMemory.MAX_FREE_PERCENT)));
      // Eden still holds the burst's last garbage: the collection ran because the server is quiet.
      afterLoad.onCollection(IdleMemory.EXPLICIT_CAUSE, 500L << 20);
      assertThat(afterLoad.armed()).isFalse();
      assertThat(vm.getVMOption(IdleMemory.INTERVAL).getValue()).isEqualTo("0");
    } finally {
      vm.setVMOption(IdleMemory.INTERVAL, before);
    }
  }

  @Test
  void aBurstsHeapGetsOneFullCollectionOnceTheBurstIsQuiet() {
    assumeTrue("true".equals(vm.getVMOption("UseG1GC").getValue()), "the ratio is G1's");
    long live = 300L << 20;
    long fitting = live * 100 / (100 - maxFree()) + IdleMemory.EXCESS_BYTES;
    AtomicLong allocated = new AtomicLong();
    AtomicReference<MemoryUsage> heap = new AtomicReference<>(usage(live, 2000L << 20));
    AtomicInteger full = new AtomicInteger();
    IdleMemory.QuietAfterLoad quiet =
        new IdleMemory.QuietAfterLoad(vm, heap::get, allocated::get, full::incrementAndGet);

    // Idle from the start (no burst seen): nothing, whatever the heap.
    quiet.collected(live);
    for (int i = 0; i < 2 * IdleMemory.QUIET_TICKS; i++) {
      assertThat(quiet.tick()).isFalse();
    }
    // Under load: every tick allocates more than a quiet one; never collected.
    for (int i = 0; i < 10; i++) {
      allocated.addAndGet(50L << 20);
      assertThat(quiet.tick()).isFalse();
    }
    // The load stops: quiet ticks (a little allocation still) until the last one collects.
    for (int i = 1; i < IdleMemory.QUIET_TICKS; i++) {
      allocated.addAndGet(IdleMemory.QUIET_BYTES_PER_TICK / 2);
      assertThat(quiet.tick()).isFalse();
    }
    assertThat(quiet.tick()).isTrue();
    assertThat(full.get()).isEqualTo(1);
    // Once per burst: the same idle spell asks no more, even if the heap were still large.
    for (int i = 0; i < 3 * IdleMemory.QUIET_TICKS; i++) {
      assertThat(quiet.tick()).isFalse();
    }
    assertThat(full.get()).isEqualTo(1);

    // A burst that left the heap within the free ratio (plus the margin) is left to G1.
    heap.set(usage(live, fitting));
    allocated.addAndGet(50L << 20);
    quiet.tick();
    for (int i = 0; i < 2 * IdleMemory.QUIET_TICKS; i++) {
      assertThat(quiet.tick()).isFalse();
    }
    assertThat(full.get()).isEqualTo(1);
    // One byte more than that, after the next burst: collected.
    heap.set(usage(live, fitting + 1));
    allocated.addAndGet(50L << 20);
    quiet.tick();
    for (int i = 0; i < IdleMemory.QUIET_TICKS; i++) {
      quiet.tick();
    }
    assertThat(full.get()).isEqualTo(2);
  }

  @Test
  void theGarbageALateYoungCollectionPromotedDoesNotHideALoadedHeap() {
    assumeTrue("true".equals(vm.getVMOption("UseG1GC").getValue()), "the ratio is G1's");
    long live = 300L << 20;
    AtomicLong allocated = new AtomicLong();
    AtomicInteger full = new AtomicInteger();
    IdleMemory.QuietAfterLoad quiet =
        new IdleMemory.QuietAfterLoad(
            vm, () -> usage(live, 2000L << 20), allocated::get, full::incrementAndGet);
    quiet.collected(live);
    // Late in the burst a young collection leaves the old generation full of the burst's garbage:
    // 2,000 MB committed looks within the free ratio of 1,800 MB held, but not of the live 300.
    quiet.collected(1800L << 20);
    quiet.tick();
    allocated.addAndGet(50L << 20);
    quiet.tick();
    for (int i = 0; i < IdleMemory.QUIET_TICKS; i++) {
      quiet.tick();
    }
    assertThat(full.get()).isEqualTo(1);
  }

  @Test
  void aFullCollectionSaysWhatTheHeapHoldsNow() {
    assumeTrue("true".equals(vm.getVMOption("UseG1GC").getValue()), "the ratio is G1's");
    long grown = 600L << 20;
    long fitting = grown * 100 / (100 - maxFree()) + IdleMemory.EXCESS_BYTES;
    AtomicLong allocated = new AtomicLong();
    AtomicInteger full = new AtomicInteger();
    IdleMemory.QuietAfterLoad quiet =
        new IdleMemory.QuietAfterLoad(
            vm, () -> usage(grown, fitting), allocated::get, full::incrementAndGet);
    // A small heap once, then the store grew: the last full collection found 600 MB live.
    quiet.collected(100L << 20);
    quiet.collectedFully(grown);
    quiet.tick();
    allocated.addAndGet(50L << 20);
    quiet.tick();
    for (int i = 0; i < 2 * IdleMemory.QUIET_TICKS; i++) {
      assertThat(quiet.tick()).isFalse();
    }
    assertThat(full.get()).isZero();
  }

  @Test
  void theIdleCollectionShrinksToTheLowerRatioAndPutsTheUsualOneBack() {
    assumeTrue("true".equals(vm.getVMOption("UseG1GC").getValue()), "the ratios are G1's");
    String min = vm.getVMOption("MinHeapFreeRatio").getValue();
    String max = vm.getVMOption("MaxHeapFreeRatio").getValue();
    try {
      vm.setVMOption("MinHeapFreeRatio", Integer.toString(IdleMemory.MIN_FREE_PERCENT));
      vm.setVMOption("MaxHeapFreeRatio", Integer.toString(IdleMemory.MAX_FREE_PERCENT));
      AtomicReference<String> during = new AtomicReference<>();
      Runnable collection = () -> during.set(vm.getVMOption("MaxHeapFreeRatio").getValue());
      IdleMemory.tightCollection(vm, collection);
      assertThat(during.get()).isEqualTo(Integer.toString(IdleMemory.MIN_FREE_PERCENT));
      assertThat(vm.getVMOption("MaxHeapFreeRatio").getValue())
          .isEqualTo(Integer.toString(IdleMemory.MAX_FREE_PERCENT));
      // A minimum above the lower ratio: the collection still runs, with the ratios as they are.
      vm.setVMOption("MaxHeapFreeRatio", "70");
      vm.setVMOption("MinHeapFreeRatio", "40");
      during.set(null);
      IdleMemory.tightCollection(vm, collection);
      assertThat(during.get()).isEqualTo("70");
      assertThat(vm.getVMOption("MaxHeapFreeRatio").getValue()).isEqualTo("70");
    } finally {
      // The maximum first when raising, the minimum first when lowering: never max below min.
      vm.setVMOption("MinHeapFreeRatio", "0");
      vm.setVMOption("MaxHeapFreeRatio", max);
      vm.setVMOption("MinHeapFreeRatio", min);
    }
  }

  @Test
  void aBurstBeforeAnyCollectionIsLeftAlone() {
    assumeTrue("true".equals(vm.getVMOption("UseG1GC").getValue()), "the ratio is G1's");
    AtomicLong allocated = new AtomicLong();
    AtomicInteger full = new AtomicInteger();
    IdleMemory.QuietAfterLoad quiet =
        new IdleMemory.QuietAfterLoad(
            vm, () -> usage(10L << 20, 2000L << 20), allocated::get, full::incrementAndGet);
    allocated.addAndGet(50L << 20);
    quiet.tick();
    allocated.addAndGet(50L << 20);
    quiet.tick();
    for (int i = 0; i < 3 * IdleMemory.QUIET_TICKS; i++) {
      assertThat(quiet.tick()).isFalse();
    }
    assertThat(full.get()).isZero();
  }

  @Test
  void whatACollectionLeftIsTheHeapPoolsAfterIt() {
    assertThat(
            IdleMemory.heldAfter(
                Map.of(
                    IdleMemory.EDEN,
                    usage(0, 100),
                    "G1 Survivor Space",
                    usage(5, 10),
                    "G1 Old Gen",
                    usage(300, 400),
                    "Metaspace",
                    usage(70, 80))))
        .isEqualTo(305);
  }

  private long maxFree() {
    return Long.parseLong(vm.getVMOption("MaxHeapFreeRatio").getValue());
  }

  private static MemoryUsage usage(long used, long committed) {
    return new MemoryUsage(0, used, committed, -1);
  }

  private boolean isDefault(String flag) {
    return vm.getVMOption(flag).getOrigin() == com.sun.management.VMOption.Origin.DEFAULT;
  }
}
