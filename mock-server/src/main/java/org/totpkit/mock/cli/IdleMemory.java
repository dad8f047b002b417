package org.totpkit.mock.cli;

import com.sun.management.GarbageCollectionNotificationInfo;
import com.sun.management.HotSpotDiagnosticMXBean;
import com.sun.management.VMOption;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryUsage;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;
import javax.management.NotificationEmitter;
import javax.management.openmbean.CompositeData;

/**
 * The standalone server gives memory back to the system as soon as a burst of load is over. A mock
 * server spends most of its life waiting between test runs, and G1 otherwise keeps every region a
 * burst made it commit (on JDK 17 it grows the heap whenever collections take more than about 1 %
 * of the time while the heap is under half its maximum, and shrinks it only at the end of a
 * concurrent cycle or a full collection).
 *
 * <p>Through G1's own manageable flags (JEP 346), set only where the user left them at their
 * defaults: a heap shrunk at the end of each concurrent cycle to at most {@link #MAX_FREE_PERCENT}
 * % free, and a periodic concurrent cycle once no collection has run for {@link #AFTER_LOAD_MILLIS}
 * (the load is over, or the young generation holds more than that much of its garbage). A periodic
 * cycle repeats every interval for as long as the process stays idle, so the interval is switched
 * off once a periodic collection finds the server idle (eden nearly empty) and on again at the next
 * collection that allocation caused: an idle server costs no CPU. Only the process the command line
 * starts; a server embedded in someone's test JVM leaves that JVM's flags alone.
 */
public final class IdleMemory {
  static final long AFTER_LOAD_MILLIS = 1000;
  static final int MIN_FREE_PERCENT = 10;
  static final int MAX_FREE_PERCENT = 30;
  static final String INTERVAL = "G1PeriodicGCInterval";
  // HotSpot's names (gcCause.cpp, the G1 memory pools) of the periodic collection and of eden.
  static final String PERIODIC_CAUSE = "G1 Periodic Collection";
  static final String EDEN = "G1 Eden Space";

  /**
   * A periodic collection that found at most this much in eden found an idle server: the cycle it
   * starts ends with the heap at the live set plus the free ratio, and no further one is needed.
   * One that found more (the load had just stopped, or goes on) leaves the next one armed.
   */
  static final long IDLE_EDEN_BYTES = 16L << 20;

  /**
   * G1 shrinks the heap only when a concurrent cycle ends, and the periodic collections right after
   * a burst may still be the mixed ones of a cycle the burst started: the periodic cycle stays
   * armed until an idle one finds the heap already within the free ratio of its contents, or after
   * this many idle ones in a row (a heap G1 cannot shrink further does not cost a cycle a second).
   */
  static final int MAX_IDLE_COLLECTIONS = 5;

  /** Two of G1's regions at most (they are 1 to 32 MB): what rounding to regions leaves over. */
  static final long SHRUNK_SLACK_BYTES = 32L << 20;

  private IdleMemory() {}

  /** Sets the flags; a JVM without G1 or without these flags is left as it is. */
  public static void returnWhenIdle() {
    try {
      HotSpotDiagnosticMXBean vm =
          ManagementFactory.getPlatformMXBean(HotSpotDiagnosticMXBean.class);
      if (vm == null || !"true".equals(vm.getVMOption("UseG1GC").getValue())) {
        return;
      }
      // The lower bound first: the JVM refuses a maximum below the minimum.
      if (isDefault(vm, "MinHeapFreeRatio") && isDefault(vm, "MaxHeapFreeRatio")) {
        vm.setVMOption("MinHeapFreeRatio", Integer.toString(MIN_FREE_PERCENT));
        vm.setVMOption("MaxHeapFreeRatio", Integer.toString(MAX_FREE_PERCENT));
      }
      if (isDefault(vm, INTERVAL)) {
        AfterLoad afterLoad =
            new AfterLoad(vm, ManagementFactory.getMemoryMXBean()::getHeapMemoryUsage);
        afterLoad.onCollection("start", Long.MAX_VALUE);
        for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
          if (gc instanceof NotificationEmitter emitter) {
            emitter.addNotificationListener(
                (notification, handback) -> {
                  if (GarbageCollectionNotificationInfo.GARBAGE_COLLECTION_NOTIFICATION.equals(
                      notification.getType())) {
                    GarbageCollectionNotificationInfo info =
                        GarbageCollectionNotificationInfo.from(
                            (CompositeData) notification.getUserData());
                    MemoryUsage eden = info.getGcInfo().getMemoryUsageBeforeGc().get(EDEN);
                    afterLoad.onCollection(
                        info.getGcCause(), eden == null ? Long.MAX_VALUE : eden.getUsed());
                  }
                },
                null,
                null);
          }
        }
      }
    } catch (RuntimeException notThisJvm) {
      // Another JVM or a flag it does not manage: it keeps its own sizing.
    }
  }

  private static boolean isDefault(HotSpotDiagnosticMXBean vm, String flag) {
    return vm.getVMOption(flag).getOrigin() == VMOption.Origin.DEFAULT;
  }

  /**
   * Arms the periodic cycle after every collection that allocation caused and disarms it once a
   * periodic one finds the server idle (eden nearly empty) and the heap given back, so that an idle
   * spell gets its concurrent cycle on a clean heap and then none. Runs on JMX's notification
   * thread, one notification at a time; the flag is written only when it changes.
   */
  static final class AfterLoad {
    private final HotSpotDiagnosticMXBean vm;
    private final Supplier<MemoryUsage> heap;
    private final AtomicBoolean armed = new AtomicBoolean();
    private int idleCollections;

    AfterLoad(HotSpotDiagnosticMXBean vm, Supplier<MemoryUsage> heap) {
      this.vm = vm;
      this.heap = heap;
    }

    void onCollection(String cause, long edenBytesBefore) {
      boolean idle = PERIODIC_CAUSE.equals(cause) && edenBytesBefore <= IDLE_EDEN_BYTES;
      idleCollections = idle ? idleCollections + 1 : 0;
      boolean arm = !idle || !(shrunk() || idleCollections >= MAX_IDLE_COLLECTIONS);
      if (armed.getAndSet(arm) != arm) {
        vm.setVMOption(INTERVAL, arm ? Long.toString(AFTER_LOAD_MILLIS) : "0");
      }
    }

    /** Whether the heap is already within the free ratio of what it holds. */
    private boolean shrunk() {
      MemoryUsage now = heap.get();
      long maxFree = Long.parseLong(vm.getVMOption("MaxHeapFreeRatio").getValue());
      return now.getCommitted()
          <= now.getUsed() * 100 / Math.max(1, 100 - maxFree) + SHRUNK_SLACK_BYTES;
    }

    boolean armed() {
      return armed.get();
    }
  }
}
