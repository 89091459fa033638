package dev.go4j.internal.sched;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;

/**
 * A runtime's counters since it started, for JMX: steals, P hand-offs, preemption
 * requests, and parks by wait reason. Goroutines created are summed from the per-M spawn
 * counters that NumGoroutine already keeps.
 *
 * <p>Parks are on the hot path (every blocking channel operation), so they are counted
 * per M, in a row of plain longs that only that M's thread writes (a goroutine runs on
 * its M's thread), and summed when read: no atomic, no shared cache line. The rare
 * events (steals, hand-offs, preemptions) use {@link LongAdder}s.
 */
public final class SchedCounters {
    private final Sched sched;
    final LongAdder steals = new LongAdder();
    final LongAdder stolenGs = new LongAdder();
    final LongAdder handoffs = new LongAdder();
    final LongAdder preemptions = new LongAdder();
    /** Preemption requests honoured: a G yielded to the global queue (for tests; rare, off the hot path). */
    final LongAdder preemptYields = new LongAdder();
    /**
     * G's that would have inherited a preempted time slice from runnext and went to the
     * global queue instead: chains that switch without a preemption check (for tests).
     */
    final LongAdder preemptedRunnext = new LongAdder();
    /** Preempted time slices that ended at a switch to a G not inheriting them (for tests). */
    final LongAdder preemptedSliceEnded = new LongAdder();
    final LongAdder procChanges = new LongAdder();
    final LongAdder netpollWakeups = new LongAdder();
    /** findRunnable's non-blocking socket polls (for tests: whether M's poll at all). */
    final LongAdder netpollPolls = new LongAdder();
    /** Times an M gave its CPU up between goroutines ({@link CpuYield}). */
    final LongAdder cpuYields = new LongAdder();
    /** Deadlock checks that found every goroutine asleep but another runtime awake ({@link CheckDead}). */
    final LongAdder deadlockDeferrals = new LongAdder();
    private static final int NREASONS = WaitReason.values().length;
    /** Parks by M id, then by reason; a row is written only by its M's thread. */
    private volatile long[][] parksByM = new long[16][];
    /** Parks of a G with no M (cannot happen while it runs; kept for safety). */
    private final LongAdder[] parksNoM = new LongAdder[NREASONS];

    SchedCounters(Sched sched) {
        this.sched = sched;
        for (int i = 0; i < NREASONS; i++) parksNoM[i] = new LongAdder();
    }

    /**
     * The counters of a runtime.
     * @param s the runtime
     * @return the counters of a runtime
     */
    public static SchedCounters of(Sched s) { return s.events.counters; }

    /** Counts a park of gp, on the thread of the M it runs on. */
    void park(G gp, WaitReason r) {
        M mp = gp.m;
        long[][] rows = parksByM;
        long[] row;
        if (mp != null && mp.mid < rows.length && (row = rows[(int) mp.mid]) != null) {
            row[r.ordinal()]++;
            return;
        }
        parkSlow(mp, r);
    }

    /**
     * First park on mp: adds mp's row. Lock-free on purpose: this runs on a goroutine
     * that is about to park with its status already _Gwaiting, and a contended monitor
     * would unmount it there, where checkdead would take it for parked.
     */
    private void parkSlow(M mp, WaitReason r) {
        if (mp == null || mp.mid > Idle.MAX_M_COUNT + 1) {
            parksNoM[r.ordinal()].increment();
            return;
        }
        int i = (int) mp.mid;
        long[] row = new long[NREASONS];
        for (;;) {
            long[][] rows = parksByM;
            if (i < rows.length && rows[i] != null) {
                row = rows[i];
                break;
            }
            long[][] next = java.util.Arrays.copyOf(rows, Math.max(i + 1, rows.length));
            next[i] = row;
            if (PARKS_BY_M.compareAndSet(this, rows, next)) break;
        }
        row[r.ordinal()]++; // still on mp's thread: the row's only writer
    }

    private static final java.lang.invoke.VarHandle PARKS_BY_M;
    static {
        try {
            PARKS_BY_M = java.lang.invoke.MethodHandles.lookup().findVarHandle(SchedCounters.class, "parksByM", long[][].class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private long parks(int reason) {
        long n = parksNoM[reason].sum();
        for (long[] row : parksByM) if (row != null) n += row[reason];
        return n;
    }

    /**
     * Scheduling latencies: of one ready in 64, how long the goroutine waited runnable
     * before an M started it, counted by bucket (see {@link #schedLatencyBoundsMicros}).
     * @return the counts since the runtime started, one per bucket
     */
    public long[] schedLatencies() { return SchedLatency.counts(sched); }

    /**
     * The buckets of {@link #schedLatencies}: bucket i counts waits below bound i and at
     * or above bound i-1, in microseconds (1, 2, 4, ... 2^22, then Long.MAX_VALUE).
     * @return the exclusive upper bound of each bucket, in microseconds
     */
    public static long[] schedLatencyBoundsMicros() { return SchedLatency.boundsMicros(); }

    /**
     * Goroutines started since the runtime began.
     * @return goroutines started since the runtime began
     */
    public long goroutinesCreated() {
        long n = sched.allgs.foreignCreated.get();
        for (M mp : sched.allm) n += mp.gcreated;
        return n;
    }

    /**
     * Successful steals (one per batch taken from another P).
     * @return successful steals (one per batch taken from another P)
     */
    public long steals() { return steals.sum(); }

    /**
     * P's handed from an M in a blocking call (or with a blocked carrier) to another M.
     * @return p's handed from an M in a blocking call (or with a blocked carrier) to another M
     */
    public long handoffs() { return handoffs.sum(); }

    /**
     * Preemption requests sysmon made to goroutines that ran over 10 ms.
     * @return preemption requests sysmon made to goroutines that ran over 10 ms
     */
    public long preemptions() { return preemptions.sum(); }

    /**
     * GOMAXPROCS changes.
     * @return gOMAXPROCS changes
     */
    public long procChanges() { return procChanges.sum(); }

    /**
     * Goroutines that go4j's own socket polls made ready (findRunnable's, the blocking
     * netpoll's and sysmon's; see README "Sockets"), as opposed to the JDK's poller threads.
     * @return goroutines readied by go4j's socket polls
     */
    public long netpollWakeups() { return netpollWakeups.sum(); }

    /**
     * Non-blocking socket polls made by M's in findRunnable, whether or not they found a
     * ready socket (the JDK's poller threads often get there first).
     * @return findRunnable's socket polls since the runtime started
     */
    public long netpollPolls() { return netpollPolls.sum(); }

    /**
     * Times an M, awake for a while, gave its CPU up between goroutines (go4j's
     * {@code -Dgo4j.yieldAfterUs}).
     * @return the count since the runtime started
     */
    public long cpuYields() { return cpuYields.sum(); }

    /**
     * Deadlock checks that found every goroutine of this runtime asleep, but kept it alive
     * because another runtime could still wake one: a pending timer there, or an M there
     * running (a goroutine, a timer function) or about to run a queued goroutine.
     * @return the count since the runtime started
     */
    public long deadlockDeferrals() { return deadlockDeferrals.sum(); }

    /**
     * go4j parks by wait reason text, reasons never seen left out.
     * @return go4j parks by wait reason text, reasons never seen left out
     */
    public Map<String, Long> parksByReason() {
        Map<String, Long> m = new LinkedHashMap<>();
        for (WaitReason r : WaitReason.values()) {
            long n = parks(r.ordinal());
            if (n != 0) m.put(r.text(), n);
        }
        return m;
    }

    /**
     * All go4j parks.
     * @return all go4j parks
     */
    public long parks() {
        long n = 0;
        for (int i = 0; i < NREASONS; i++) n += parks(i);
        return n;
    }

    // ---- gauges the scheduler keeps anyway, read racily as schedtrace does ----

    /**
     * Idle P's.
     * @return idle P's
     */
    public int idleProcs() { return sched.idleProcs(); }

    /**
     * Spinning M's.
     * @return spinning M's
     */
    public int spinningThreads() { return sched.spinningThreads(); }

    /**
     * Length of the global run queue.
     * @return length of the global run queue
     */
    public int globalRunQueue() { return sched.runq.size(); }

    /**
     * Length of each P's local run queue, P0 first, up to GOMAXPROCS.
     * @return length of each P's local run queue, P0 first, up to GOMAXPROCS
     */
    public int[] localRunQueues() {
        P[] ps = sched.allp;
        int n = Math.min(sched.gomaxprocs, ps.length);
        int[] out = new int[n];
        for (int i = 0; i < n; i++) out[i] = ps[i].runq.size();
        return out;
    }
}
