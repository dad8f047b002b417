package org.totpkit.mock.cli;

import com.sun.management.GarbageCollectionNotificationInfo;
import com.sun.management.HotSpotDiagnosticMXBean;
import com.sun.management.VMOption;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryUsage;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.LongSupplier;
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
 * collection that allocation caused: an idle server costs no CPU.
 *
 * <p>A concurrent cycle over a large live set takes seconds (3.7–4.5 s with a million registrations
 * on two busy cores: G1 marks with one thread there), and the heap shrinks only at its end, so a
 * burst's heap would stay for seconds after it. {@link QuietAfterLoad} therefore watches what the
 * process allocates: once a burst has stopped for {@link #QUIET_TICKS} ticks of {@link
 * #TICK_MILLIS} and the heap is larger than the free ratio allows for the least a collection has
 * left since the last full one, it asks for one full collection ({@code System.gc()}: all GC
 * threads, stop-the-world while nothing is served), which ends with the heap shrunk to {@link
 * #MIN_FREE_PERCENT} % free ({@link #tightCollection}). Never under load, once per burst. Only the
 * process the command line starts; a server embedded in someone's test JVM leaves that JVM's flags
 * alone.
 */
public final class IdleMemory {
  static final long AFTER_LOAD_MILLIS = 1000;
  static final int MIN_FREE_PERCENT = 10;
  static final int MAX_FREE_PERCENT = 30;
  static final String INTERVAL = "G1PeriodicGCInterval";
  // HotSpot's names (gcCause.cpp, the G1 memory pools) of the periodic collection and of eden.
  static final String PERIODIC_CAUSE = "G1 Periodic Collection";
  static final String EXPLICIT_CAUSE = "System.gc()";
  static final String EDEN = "G1 Eden Space";
  // What the JVM's notification calls a full collection (its "G1 Old Generation" collector).
  static final String FULL_ACTION = "end of major GC";

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

  /** How often {@link QuietAfterLoad} reads what the process has allocated. */
  static final long TICK_MILLIS = 250;

  /**
   * Ticks in a row that allocate little: the burst is over (1–1.25 s after its last request). Less
   * would also fire in the pauses of a client between two runs of load (a load generator reading
   * its input), and a full collection there delays the first requests of the next run.
   */
  static final int QUIET_TICKS = 4;

  /**
   * At most this much allocated in a tick is quiet (Jetty's selectors and JMX itself allocate a
   * little when nothing is served; a request allocates 9–54 KB).
   */
  static final long QUIET_BYTES_PER_TICK = 1L << 20;

  /** A heap larger than the free ratio allows by less than this is left to G1's own cycles. */
  static final long EXCESS_BYTES = 64L << 20;

  static final String[] HEAP_POOLS = {EDEN, "G1 Survivor Space", "G1 Old Gen"};

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
      boolean ownRatios = isDefault(vm, "MinHeapFreeRatio") && isDefault(vm, "MaxHeapFreeRatio");
      if (ownRatios) {
        vm.setVMOption("MinHeapFreeRatio", Integer.toString(MIN_FREE_PERCENT));
        vm.setVMOption("MaxHeapFreeRatio", Integer.toString(MAX_FREE_PERCENT));
      }
      if (isDefault(vm, INTERVAL)) {
        Supplier<MemoryUsage> heap = ManagementFactory.getMemoryMXBean()::getHeapMemoryUsage;
        AfterLoad afterLoad = new AfterLoad(vm, heap);
        afterLoad.onCollection("start", Long.MAX_VALUE);
        LongSupplier allocated = allocatedBytes();
        QuietAfterLoad quiet =
            allocated == null
                ? null
                : new QuietAfterLoad(
                    vm,
                    heap,
                    allocated,
                    ownRatios ? () -> tightCollection(vm, System::gc) : System::gc);
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
                    if (quiet != null) {
                      long held = heldAfter(info.getGcInfo().getMemoryUsageAfterGc());
                      if (FULL_ACTION.equals(info.getGcAction())) {
                        quiet.collectedFully(held);
                      } else {
                        quiet.collected(held);
                      }
                    }
                  }
                },
                null,
                null);
          }
        }
        if (quiet != null) {
          Thread watcher = new Thread(quiet::watch, "totp-mock-quiet-after-load");
          watcher.setDaemon(true);
          watcher.start();
        }
      }
    } catch (RuntimeException notThisJvm) {
      // Another JVM or a flag it does not manage: it keeps its own sizing.
    }
  }

  /**
   * The idle server's full collection, with the heap shrunk to {@link #MIN_FREE_PERCENT} % free
   * instead of {@link #MAX_FREE_PERCENT}: G1 sizes the heap at the end of a full collection by the
   * free ratios of that moment, and an idle server needs no room to grow into (the next burst's
   * first young collections grow it again). The usual ratio is back before the method returns.
   */
  static void tightCollection(HotSpotDiagnosticMXBean vm, Runnable fullCollection) {
    String usual = vm.getVMOption("MaxHeapFreeRatio").getValue();
    boolean tightened = false;
    try {
      vm.setVMOption("MaxHeapFreeRatio", Integer.toString(MIN_FREE_PERCENT));
      tightened = true;
    } catch (IllegalArgumentException minimumAbove) {
      // A minimum free ratio above ours (set since): the collection with the usual ratio.
    }
    try {
      fullCollection.run();
    } finally {
      if (tightened) {
        vm.setVMOption("MaxHeapFreeRatio", usual);
      }
    }
  }

  /** What the heap held right after a collection: its pools' usage as the collector left them. */
  static long heldAfter(Map<String, MemoryUsage> afterGc) {
    long held = 0;
    for (String pool : HEAP_POOLS) {
      MemoryUsage usage = afterGc.get(pool);
      held += usage == null ? 0 : usage.getUsed();
    }
    return held;
  }

  /** Bytes all live threads have allocated so far, or null where the JVM does not count them. */
  private static LongSupplier allocatedBytes() {
    if (!(ManagementFactory.getThreadMXBean() instanceof com.sun.management.ThreadMXBean threads)
        || !threads.isThreadAllocatedMemorySupported()
        || !threads.isThreadAllocatedMemoryEnabled()) {
      return null;
    }
    return () -> {
      long sum = 0;
      // A thread that ended since the last tick leaves the sum: it only makes a tick look quieter.
      for (long bytes : threads.getThreadAllocatedBytes(threads.getAllThreadIds())) {
        sum += Math.max(0, bytes);
      }
      return sum;
    };
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
      // QuietAfterLoad's full collection runs only on a quiet server (whatever eden still holds of
      // the burst) and ends with the heap shrunk: no periodic cycle after it.
      boolean idle =
          EXPLICIT_CAUSE.equals(cause)
              || (PERIODIC_CAUSE.equals(cause) && edenBytesBefore <= IDLE_EDEN_BYTES);
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

  /**
   * Ends a burst's heap within about a second of its last request: after {@link #QUIET_TICKS} quiet
   * ticks following a busy one, one full collection when the heap is more than {@link
   * #EXCESS_BYTES} larger than the free ratio allows for the least a collection has left since the
   * last full one. A concurrent cycle would do the same seconds later; a full collection is one
   * pause while nothing is served and compacts the old regions the burst filled with garbage, which
   * a cycle's remark still counts as used. Never while the process allocates, and once per burst.
   */
  static final class QuietAfterLoad {
    private final HotSpotDiagnosticMXBean vm;
    private final Supplier<MemoryUsage> heap;
    private final LongSupplier allocated;
    private final Runnable fullCollection;
    // The least the heap held after a collection since the last full one: a young collection late
    // in a burst also counts the garbage the burst promoted to the old generation.
    private volatile long leastHeld = Long.MAX_VALUE;
    private long lastAllocated = -1;
    private int quietTicks;
    private boolean busySinceLastCheck;

    QuietAfterLoad(
        HotSpotDiagnosticMXBean vm,
        Supplier<MemoryUsage> heap,
        LongSupplier allocated,
        Runnable fullCollection) {
      this.vm = vm;
      this.heap = heap;
      this.allocated = allocated;
      this.fullCollection = fullCollection;
    }

    /** From the GC notifications: what the heap held when a (young or mixed) collection ended. */
    void collected(long heldBytes) {
      leastHeld = Math.min(leastHeld, heldBytes);
    }

    /** What the heap held when a full collection ended: the live set, garbage-free. */
    void collectedFully(long heldBytes) {
      leastHeld = heldBytes;
    }

    /** The watcher's loop, on its own daemon thread; a tick is a few microseconds of JMX reads. */
    void watch() {
      try {
        while (true) {
          Thread.sleep(TICK_MILLIS);
          tick();
        }
      } catch (InterruptedException stop) {
        Thread.currentThread().interrupt();
      } catch (RuntimeException notThisJvm) {
        // A JVM whose beans refuse: G1's own cycles still give the heap back, later.
      }
    }

    /** One reading; returns whether it asked for the full collection. */
    boolean tick() {
      long now = allocated.getAsLong();
      long since = lastAllocated < 0 ? 0 : now - lastAllocated;
      lastAllocated = now;
      if (since > QUIET_BYTES_PER_TICK) {
        busySinceLastCheck = true;
        quietTicks = 0;
        return false;
      }
      if (!busySinceLastCheck || ++quietTicks < QUIET_TICKS) {
        return false;
      }
      busySinceLastCheck = false;
      if (!oversized()) {
        return false;
      }
      fullCollection.run();
      return true;
    }

    /**
     * Larger than the free ratio allows, by a margin, for the least a collection has left since the
     * last full one. The heap a young collection leaves late in a burst includes what the burst
     * promoted and then dropped (a million requests' worth), so "what the last collection left"
     * made a loaded heap look in proportion and no full collection ran; the least one errs the
     * other way, and a full collection too many on an idle server costs a fraction of a second.
     */
    private boolean oversized() {
      long held = leastHeld;
      if (held == Long.MAX_VALUE) {
        return false;
      }
      long maxFree = Long.parseLong(vm.getVMOption("MaxHeapFreeRatio").getValue());
      long allowed = held * 100 / Math.max(1, 100 - maxFree);
      return heap.get().getCommitted() > allowed + EXCESS_BYTES;
    }
  }
}
