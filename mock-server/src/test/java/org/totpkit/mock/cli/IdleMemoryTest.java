package org.totpkit.mock.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.sun.management.HotSpotDiagnosticMXBean;
import java.lang.management.ManagementFactory;
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
  void onePeriodicCycleAnIdleSpellAndArmedAgainByTheNextCollectionOfTheLoad() {
    assumeTrue("true".equals(vm.getVMOption("UseG1GC").getValue()), "the flag is G1's");
    String before = vm.getVMOption(IdleMemory.INTERVAL).getValue();
    try {
      IdleMemory.AfterLoad afterLoad = new IdleMemory.AfterLoad(vm);

      afterLoad.onCollection("G1 Evacuation Pause", 900L << 20);
      assertThat(afterLoad.armed()).isTrue();
      assertThat(vm.getVMOption(IdleMemory.INTERVAL).getValue())
          .isEqualTo(Long.toString(IdleMemory.AFTER_LOAD_MILLIS));

      // A periodic collection right after the load still found its garbage: one more comes.
      afterLoad.onCollection(IdleMemory.PERIODIC_CAUSE, 300L << 20);
      assertThat(afterLoad.armed()).isTrue();

      // One that found eden empty found an idle server: not collected again every interval.
      afterLoad.onCollection(IdleMemory.PERIODIC_CAUSE, IdleMemory.IDLE_EDEN_BYTES);
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

  private boolean isDefault(String flag) {
    return vm.getVMOption(flag).getOrigin() == com.sun.management.VMOption.Origin.DEFAULT;
  }
}
