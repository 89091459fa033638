package dev.go4j.internal.sched;

/**
 * The scheduler's read-only answers for the sync package (Go's sync_runtime_canSpin and
 * sync_runtime_doSpin in runtime/proc.go). Nothing here changes scheduler state.
 */
public final class SyncRuntime {
    private SyncRuntime() {}

    /** Go's active_spin: at most this many spin rounds before queueing. */
    public static final int ACTIVE_SPIN = 4;
    /** Go's active_spin_cnt: pause instructions per round. */
    private static final int ACTIVE_SPIN_CNT = 30;
    private static final int NCPU = Runtime.getRuntime().availableProcessors();

    /**
     * Mirrors sync_runtime_canSpin: spinning on a mutex pays only briefly, on a multicore
     * machine, while at least one other P is running goroutines (the holder may be one of
     * them) and this goroutine's P has nothing else to run. A plain Java thread has no P;
     * it spins under the first two rules only.
     */
    public static boolean canSpin(int i) {
        if (i >= ACTIVE_SPIN || NCPU <= 1) return false;
        G gp = G.current();
        if (gp == null) return true;
        Sched s = gp.sched;
        if (s.gomaxprocs <= s.idleProcs() + s.spinningThreads() + 1) return false;
        M mp = G.callerM();
        P pp = mp != null ? mp.p : null;
        return pp != null && pp.runq.isEmpty();
    }

    /** Mirrors sync_runtime_doSpin: procyield(active_spin_cnt). */
    public static void doSpin() {
        for (int i = 0; i < ACTIVE_SPIN_CNT; i++) Thread.onSpinWait();
    }
}
