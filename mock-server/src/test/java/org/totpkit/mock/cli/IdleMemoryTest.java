package org.totpkit.mock.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.management.HotSpotDiagnosticMXBean;
import java.lang.management.ManagementFactory;
import org.junit.jupiter.api.Test;

class IdleMemoryTest {
  private final HotSpotDiagnosticMXBean vm =
      ManagementFactory.getPlatformMXBean(HotSpotDiagnosticMXBean.class);

  @Test
  void setsG1sIdleCollectionAndFreeRatiosOnlyWhereLeftAtDefaults() {
    boolean g1 = "true".equals(vm.getVMOption("UseG1GC").getValue());
    String interval = vm.getVMOption("G1PeriodicGCInterval").getValue();
    boolean intervalWasDefault = isDefault("G1PeriodicGCInterval");

    IdleMemory.returnWhenIdle();

    if (!g1 || !intervalWasDefault) {
      assertThat(vm.getVMOption("G1PeriodicGCInterval").getValue()).isEqualTo(interval);
      return;
    }
    assertThat(vm.getVMOption("G1PeriodicGCInterval").getValue())
        .isEqualTo(Long.toString(IdleMemory.IDLE_SECONDS * 1000));
    assertThat(vm.getVMOption("MaxHeapFreeRatio").getValue())
        .isEqualTo(Integer.toString(IdleMemory.MAX_FREE_PERCENT));
    assertThat(vm.getVMOption("MinHeapFreeRatio").getValue())
        .isEqualTo(Integer.toString(IdleMemory.MIN_FREE_PERCENT));
    // Set once: a second call finds them no longer at their defaults and leaves them.
    IdleMemory.returnWhenIdle();
    assertThat(isDefault("G1PeriodicGCInterval")).isFalse();
  }

  private boolean isDefault(String flag) {
    return vm.getVMOption(flag).getOrigin() == com.sun.management.VMOption.Origin.DEFAULT;
  }
}
