package dev.go4j.internal.sched;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;

/**
 * A runtime's counters since it started, for JMX: steals, P hand-offs, preemption
 * requests, and parks by wait reason. Goroutines created are summed from the per-M spawn
 * counters that NumGoroutine already keeps.
 *
 * <p>Every counter is a {@link LongAdder}: M's on different cores bump their own cells
 * instead of fighting over one cache line, which keeps a park on the hot path at an
 * uncontended add.
 */
public final class SchedCounters {
    private final Sched sched;
    final LongAdder steals = new LongAdder();
    final LongAdder stolenGs = new LongAdder();
    final LongAdder handoffs = new LongAdder();
    final LongAdder preemptions = new LongAdder();
    final LongAdder procChanges = new LongAdder();
    private final LongAdder[] parks = new LongAdder[WaitReason.values().length];

    SchedCounters(Sched sched) {
        this.sched = sched;
        for (int i = 0; i < parks.length; i++) parks[i] = new LongAdder();
    }

    /** The counters of a runtime. */
    public static SchedCounters of(Sched s) { return s.events.counters; }

    void park(WaitReason r) { parks[r.ordinal()].increment(); }

    /** Goroutines started since the runtime began. */
    public long goroutinesCreated() {
        long n = sched.allgs.foreignCreated.get();
        for (M mp : sched.allm) n += mp.gcreated;
        return n;
    }

    /** Successful steals (one per batch taken from another P). */
    public long steals() { return steals.sum(); }

    /** P's handed from an M in a blocking call (or with a blocked carrier) to another M. */
    public long handoffs() { return handoffs.sum(); }

    /** Preemption requests sysmon made to goroutines that ran over 10 ms. */
    public long preemptions() { return preemptions.sum(); }

    /** GOMAXPROCS changes. */
    public long procChanges() { return procChanges.sum(); }

    /** go4j parks by wait reason text, reasons never seen left out. */
    public Map<String, Long> parksByReason() {
        Map<String, Long> m = new LinkedHashMap<>();
        for (WaitReason r : WaitReason.values()) {
            long n = parks[r.ordinal()].sum();
            if (n != 0) m.put(r.text(), n);
        }
        return m;
    }

    /** All go4j parks. */
    public long parks() {
        long n = 0;
        for (LongAdder a : parks) n += a.sum();
        return n;
    }

    // ---- gauges the scheduler keeps anyway, read racily as schedtrace does ----

    /** Idle P's. */
    public int idleProcs() { return sched.npidle.get(); }

    /** Spinning M's. */
    public int spinningThreads() { return sched.nmspinning.get(); }

    /** Length of the global run queue. */
    public int globalRunQueue() { return sched.runq.size(); }

    /** Length of each P's local run queue, P0 first, up to GOMAXPROCS. */
    public int[] localRunQueues() {
        P[] ps = sched.allp;
        int n = Math.min(sched.gomaxprocs, ps.length);
        int[] out = new int[n];
        for (int i = 0; i < n; i++) out[i] = ps[i].runq.size();
        return out;
    }
}
