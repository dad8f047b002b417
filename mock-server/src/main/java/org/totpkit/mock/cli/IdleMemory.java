package org.totpkit.mock.cli;

import com.sun.management.HotSpotDiagnosticMXBean;
import com.sun.management.VMOption;
import java.lang.management.ManagementFactory;

/**
 * The standalone server gives memory back to the system once it is idle. A mock server spends most
 * of its life waiting between test runs, and G1 otherwise keeps every region a burst of load made
 * it commit. Through G1's own manageable flags (JEP 346), set only where the user left them at
 * their defaults: a concurrent cycle after {@link #IDLE_SECONDS} without a collection, and a heap
 * shrunk at its end to at most {@link #MAX_FREE_PERCENT} % free. Only the process the command line
 * starts; a server embedded in someone's test JVM leaves that JVM's flags alone.
 */
public final class IdleMemory {
  static final long IDLE_SECONDS = 10;
  static final int MIN_FREE_PERCENT = 10;
  static final int MAX_FREE_PERCENT = 30;

  private IdleMemory() {}

  /** Sets the flags; a JVM without G1 or without these flags is left as it is. */
  public static void returnWhenIdle() {
    try {
      HotSpotDiagnosticMXBean vm =
          ManagementFactory.getPlatformMXBean(HotSpotDiagnosticMXBean.class);
      if (vm == null || !"true".equals(vm.getVMOption("UseG1GC").getValue())) {
        return;
      }
      if (isDefault(vm, "G1PeriodicGCInterval")) {
        vm.setVMOption("G1PeriodicGCInterval", Long.toString(IDLE_SECONDS * 1000));
      }
      // The lower bound first: the JVM refuses a maximum below the minimum.
      if (isDefault(vm, "MinHeapFreeRatio") && isDefault(vm, "MaxHeapFreeRatio")) {
        vm.setVMOption("MinHeapFreeRatio", Integer.toString(MIN_FREE_PERCENT));
        vm.setVMOption("MaxHeapFreeRatio", Integer.toString(MAX_FREE_PERCENT));
      }
    } catch (RuntimeException notThisJvm) {
      // Another JVM or a flag it does not manage: it keeps its own sizing.
    }
  }

  private static boolean isDefault(HotSpotDiagnosticMXBean vm, String flag) {
    return vm.getVMOption(flag).getOrigin() == VMOption.Origin.DEFAULT;
  }
}
