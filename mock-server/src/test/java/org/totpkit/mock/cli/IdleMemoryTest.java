package org.totpkit.mock.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.sun.management.HotSpotDiagnosticMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryUsage;
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

  private static MemoryUsage usage(long used, long committed) {
    return new MemoryUsage(0, used, committed, -1);
  }

  private boolean isDefault(String flag) {
    return vm.getVMOption(flag).getOrigin() == com.sun.management.VMOption.Origin.DEFAULT;
  }
}
