package dev.go4j.internal.sched;

import java.util.concurrent.locks.LockSupport;

/**
 * A machine: one platform thread that runs goroutines (Go's {@code m}).
 *
 * <p>An M runs a G by calling the G's continuation task; the call returns when the G
 * parks, yields or ends, and the M goes back to {@link Schedule#schedule}. An M without
 * work sleeps on its note ({@link #notesleep}) on the idle M list until
 * {@link Idle#startm} gives it a P. It has two sleeps with separate wake flags: the
 * park note ({@link #notesleep}, idle M's and locked M's) and the poll sleep
 * ({@link #pollSleep}, the one M waiting for the next timer: see {@link Netpoll}).
 */
public final class M extends Thread {
    final Sched sched;
    public final long mid;

    /** This M's kernel thread id, -1 until it starts or where unknown ({@link OsThread}). */
    volatile int tid = -1;

    /** The G running on this M right now (Go's m.curg). */
    volatile G curg;

    /** Release store of {@link #curg} (the switch path; see {@link G}'s class comment). */
    void setCurgRelease(G gp) { CURG.setRelease(this, gp); }

    /** The P this M owns, or null (Go's m.p). Written only by this M. */
    P p;
    /** The P handed to this M by startm before it wakes (Go's m.nextp). */
    volatile P nextp;
    /** The P left behind by Go.blocking (Go's m.oldp). */
    P oldp;
    /** This M is out of work and looking for some (Go's m.spinning). */
    boolean spinning;
    /** This M holds its P in the LOCKED state (scheduler code, not in a G). */
    boolean locksP;
    /** The G wired to this M by lockOSThread, or null (Go's m.lockedg). */
    volatile G lockedg;
    /** For a locked M: the G startlockedm hands over to run. */
    volatile G nextg;
    /** Link in the idle M list; guarded by the sched lock. */
    M schedlink;
    /** Scratch for schedule: whether the chosen G inherits the time slice (runnext). */
    final boolean[] inheritTime = new boolean[1];
    /** Scratch for findRunnable: the earliest timer seen while stealing. */
    final long[] pollUntilOut = new long[1];
    /** stealWork ran another P's timers and they readied work onto ours. */
    boolean stealRanTimers;
    /** Goroutine ids handed out in batches (Go keeps goidcache per P; per M is equivalent here and needs no ownership check). */
    long goidcache, goidcacheend;
    /** Head of this M's list in {@link AllGs}; written only by this M. */
    volatile AllGs.Entry allgHead;
    int allgLen, allgLiveAtPurge;
    /** G's spawned on / exited on this M; written only by this M (read by NumGoroutine and checkdead). */
    volatile long gcreated, gexited;
    /** Timed scheduling latencies of the G's this M started, by bucket; only this M's thread writes ({@link SchedLatency}). */
    final long[] schedLatency = new long[SchedLatency.BUCKETS];

    /**
     * Counts a spawn / an exit on this M: its own counter, so a release store is enough
     * (readers sum them racily, and checkdead reads them only once every M has passed the
     * sched lock on its way to sleep).
     */
    void countCreated() { GCREATED.setRelease(this, gcreated + 1); }
    void countExited() { GEXITED.setRelease(this, gexited + 1); }

    private static final java.lang.invoke.VarHandle CURG, GCREATED, GEXITED;
    static {
        try {
            java.lang.invoke.MethodHandles.Lookup l = java.lang.invoke.MethodHandles.lookup();
            CURG = l.findVarHandle(M.class, "curg", G.class);
            GCREATED = l.findVarHandle(M.class, "gcreated", long.class);
            GEXITED = l.findVarHandle(M.class, "gexited", long.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }
    /** Go's m.park note: set by notewakeup, cleared by the sleeper. */
    private volatile boolean note;
    /** The poll sleep's own wake flag (Go's netpollBreak), never the park note: see {@link Netpoll}. */
    private volatile boolean pollWake;
    /** On the idle M list (guarded by the sched lock): mput refuses a second listing. */
    boolean onIdleList;
    /** This M runs a G whose P sysmon took because it ignored preemption (see {@link Preempt}). */
    volatile boolean stuck;
    /** findRunnable's socket poll runs: {@link Sched#ready} lists the G's it readies here (Go's netpoll returns a gList). */
    boolean netpolling;
    /** This M counts in {@link Netpoll#handingOver}; written only by this M. */
    boolean handsOver;
    /** The list netpolling collects, linked by schedlink; written only by this M. */
    G netpollHead, netpollTail;
    int netpollCount;
    /** This M's native epoll event buffer, 0 until its first socket poll; freed when the M ends. */
    long pollBuf;
    /**
     * When this M last woke from a sleep (its park, the poll sleep, epoll), nanoTime; read
     * and written only on its own thread (see {@link CpuYield}).
     */
    long awakeSince = System.nanoTime();
    /** The G this M ran last yielded to a preemption request: the next G starts a new time slice. */
    boolean newSlice;

    M(Sched sched, long mid, P nextp, boolean spinning) {
        super(null, null, "go4j-m" + mid, 16L << 20);
        this.sched = sched;
        this.mid = mid;
        this.nextp = nextp;
        this.spinning = spinning;
        setDaemon(true);
    }

    @Override
    public void run() {
        tid = OsThread.currentTid();
        sched.schedule.mstart(this);
    }

    /** Go's notesleep + noteclear on m.park. */
    void notesleep() {
        while (!note) LockSupport.park(this);
        note = false;
        awakeSince = System.nanoTime();
    }

    /** The poll sleep: until {@link #pollBreak} or the deadline (nanoTime; 0 = none). */
    void pollSleep(long deadline) {
        for (;;) {
            if (pollWake) break;
            if (deadline == 0) {
                LockSupport.park(this);
                continue;
            }
            long d = deadline - System.nanoTime();
            if (d <= 0) break;
            LockSupport.parkNanos(this, d);
        }
        pollWake = false;
        awakeSince = System.nanoTime();
    }

    /** A {@link #pollBreak} is pending: the next poll sleep must not start. */
    boolean pollWakePending() { return pollWake; }

    void clearPollWake() { pollWake = false; }

    /** Ends a {@link #pollSleep}; leaves the park note alone. */
    void pollBreak() {
        pollWake = true;
        LockSupport.unpark(this);
    }

    /** Go's notewakeup on m.park. */
    void notewakeup() {
        note = true;
        LockSupport.unpark(this);
    }

    public Sched sched() { return sched; }

    public G curg() { return curg; }

    public P p() { return p; }

    public boolean spinning() { return spinning; }
}
