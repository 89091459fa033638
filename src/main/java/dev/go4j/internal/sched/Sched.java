package dev.go4j.internal.sched;

import dev.go4j.internal.carrier.CarrierAdapter;
import dev.go4j.internal.carrier.VirtualThreadState;

import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One go4j runtime: the G-M-P scheduler of Go's runtime/proc.go (Go's {@code schedt}).
 *
 * <p>Implementation overview. This class holds the runtime-wide state (the sched lock,
 * the global run queue, allp, allm, allgs) and the two entry points every goroutine goes
 * through: {@link #newproc} and {@link #ready}. The rest of proc.go lives in one class per
 * concern, each with its invariants next to its code:
 * <ul>
 * <li>{@link Schedule}: the M loop, findRunnable, stealing;
 * <li>{@link Idle}: idle P's and M's, spinning, wakep/startm/stopm;
 * <li>{@link Netpoll}: the last idle M's timed sleep until the next timer;
 * <li>{@link Syscalls}: Go.blocking and P hand-off;
 * <li>{@link LockedThreads}: lockOSThread;
 * <li>{@link ProcResize}: GOMAXPROCS;
 * <li>{@link Preempt}: gosched, cooperative preemption, the bound on stuck M's;
 * <li>{@link CheckDead}: deadlock detection; {@link Sysmon}: the system monitor;
 * <li>{@link SchedInvariants}: the consistency checker tests and {@code -Dgo4j.checkinvariants} use.
 * </ul>
 *
 * <p>A goroutine is a virtual thread whose scheduler is its {@link G}; the JDK calls
 * {@link G#execute} when it is runnable, which lands in {@link #ready}: runnext of the
 * caller's P when the caller runs on one of this runtime's M's, the global queue
 * otherwise; then wakep.
 *
 * <p>Lock order: the sched lock is a leaf for everything except M wake-ups (unpark),
 * which may happen with it held. P ownership is described in {@link P}.
 */
public final class Sched {
    /**
     * Go's sched.lock, and like Go's a spinning lock: goroutines take it too (readying,
     * exitsyscall, GOMAXPROCS), and a goroutine blocked on a monitor would unmount and
     * need this very scheduler to be resumed. A spinner never unmounts; holders never
     * block, so it is always released soon.
     */
    final SpinLock lock = new SpinLock() {};

    /** The global run queue; guarded by lock (its size may be read without it). */
    final GlobalRunQueue runq = new GlobalRunQueue();

    // ---- lock-free ----
    volatile P[] allp = new P[0];
    volatile int gomaxprocs;
    private final AtomicLong goidgen = new AtomicLong();
    /** Go's allgs: every live G, for dumps, NumGoroutine and deadlock detection. */
    final AllGs allgs = new AllGs(this);
    /** Every M ever started by this runtime (Go's allm); copy-on-write under the sched lock. */
    volatile M[] allm = new M[0];
    /** Go's _GoidCacheBatch. */
    private static final int GOID_CACHE_BATCH = 16;
    /**
     * A coarse clock (System.nanoTime), refreshed by sysmon every round: gopark stamps
     * {@code waitSince} from it without reading the clock on the hot path.
     */
    volatile long coarseNanos = System.nanoTime();

    /** Upper bound for GOMAXPROCS. */
    public static final int MAX_PROCS = Math.max(1024, 256 * Runtime.getRuntime().availableProcessors());
    /** {@code -Dgo4j.checkinvariants=true}: check the idle lists every time an M goes idle. */
    final boolean checkInvariants = Boolean.getBoolean("go4j.checkinvariants");

    final boolean isDefault;
    final long runtimeId;
    private static final AtomicLong runtimeIds = new AtomicLong();
    volatile boolean shutdown;
    final RunState runState;
    /** Counters, JFR events and the execution trace (SchedEvents; its hooks are single lines). */
    final SchedEvents events = new SchedEvents(this);

    // ---- the parts of proc.go, one concern each ----
    final Idle idle = new Idle(this);
    final Netpoll netpoll = new Netpoll(this);
    final Syscalls syscalls = new Syscalls(this);
    final LockedThreads locked = new LockedThreads(this);
    final ProcResize procs = new ProcResize(this);
    final Preempt preempt = new Preempt(this);
    final CheckDead checkdead = new CheckDead(this);
    final Schedule schedule;
    final Sysmon sysmon;

    public Sched(boolean isDefault, int procs) {
        CarrierAdapter.checkAvailable();
        CpuYield.check();
        KernelTick.check();
        this.isDefault = isDefault;
        this.runtimeId = runtimeIds.incrementAndGet();
        this.runState = new RunState(this);
        this.schedule = new Schedule(this);
        this.sysmon = new Sysmon(this);
        lock.lock();
        try {
            this.procs.procresize(procs);
        } finally {
            lock.unlock();
        }
        Runtimes.started(this);
    }

    /**
     * Set by {@link #start}: a runtime constructed and never started (a test driving a
     * heap or a queue by hand) runs nothing, so another runtime's deadlock check ignores
     * it. It stays listed until collected, and its hand-made state (a timer an hour out, a
     * P taken off the idle list) would otherwise defer every verdict until a GC.
     */
    volatile boolean started;

    /** Starts sysmon. */
    public void start() {
        started = true;
        sysmon.start();
    }

    // ------------------------------------------------------------------ goroutines

    /**
     * {@code -Dgo4j.scheduler=jdk}: for comparison only (the benchmark suite). Goroutines
     * then run on the JDK's default virtual-thread scheduler (its ForkJoinPool) instead of
     * this runtime's M's and P's; everything else (channels, sync, timers) is unchanged.
     * Limitation: such a goroutine is not known to the scheduler, so {@link G#current()}
     * returns null in it, as on any non-go4j virtual thread: {@code Go.goid()} is 0,
     * {@code Go.go} from inside it starts the goroutine on the default runtime (also on
     * the JDK's scheduler), numGoroutine counts only goroutines started from outside,
     * gosched/checkpoint/lockOSThread/blocking act as on a plain thread, deadlock
     * detection never fires and a panic in a nested goroutine is printed, not rethrown
     * by {@code Go.run}. Any value other than "jdk" (or none) means go4j's scheduler.
     */
    static final boolean JDK_SCHEDULER = "jdk".equals(System.getProperty("go4j.scheduler"));

    /** Mirrors newproc: creates a G running {@code body} and makes it runnable. */
    public G newproc(Runnable body) {
        if (shutdown) throw new IllegalStateException("go4j runtime has shut down");
        // The spawner's M, if it is a goroutine of this runtime (Go's getg().m).
        M mp = Thread.currentThread().isVirtual() && CarrierAdapter.currentCarrierThread() instanceof M m
                && m.sched == this && m.curg != null ? m : null;
        long parentId = mp != null ? mp.curg.goid : 0;
        G gp = new G(this, newGoid(mp), parentId, body.getClass(), body);
        gp.thread = JDK_SCHEDULER ? Thread.ofVirtual().unstarted(gp) : CarrierAdapter.newVirtualThread(gp, "", gp);
        allgs.created(mp);
        events.goCreate(gp);
        CarrierAdapter.start(gp.thread, events.container); // the JDK calls gp.execute: ready() puts it in runnext
        // A go statement is a call (newproc), and Go preempts at every call's prologue: a
        // loop that only spawns yields here when sysmon asks. Without this check such a
        // loop ignored preemption, sysmon took its P after 20 ms, and every later spawn
        // went through the global queue and its lock.
        if (mp != null) {
            G self = mp.curg;
            if (self != null && self.thread == Thread.currentThread()) Preempt.check(self);
        }
        return gp;
    }

    /** Mirrors newproc1's goid allocation: batches of 16 per M, the counter otherwise. */
    long newGoid(M mp) {
        if (mp != null) {
            if (mp.goidcache == mp.goidcacheend) {
                long end = goidgen.addAndGet(GOID_CACHE_BATCH);
                mp.goidcache = end - GOID_CACHE_BATCH + 1;
                mp.goidcacheend = end + 1;
            }
            return mp.goidcache++;
        }
        return goidgen.incrementAndGet();
    }

    /** The body of every G: runs the user's code, reports a panic, and marks the G dead. */
    void goexit(G gp, Runnable body) {
        try {
            body.run();
        } catch (Throwable t) {
            panic(gp, t);
        } finally {
            events.goEnd(gp);
            // the G still runs on its carrier here, so this is the M it exits on
            allgs.exited(gp, CarrierAdapter.currentCarrierThread() instanceof M m && m.sched == this ? m : null);
            if (gp.goid == 1 && !isDefault) runState.mainDone();
        }
    }

    /**
     * Goroutine gp ended with t: the run's panic. A goroutine of the default runtime has
     * no run to end, and neither has one abandoned by a run that returned and woken since
     * (it runs on, see {@link Abandoned}): theirs is reported like an uncaught exception
     * of a plain thread, not lost.
     */
    void panic(G gp, Throwable t) {
        // A run that a panic or a deadlock is ending reports that first one only, as Go's does.
        if (isDefault || (!runState.panic(gp, t) && (shutdown || runState.state() == RunState.MAIN_DONE))) {
            PanicPrinter.report(gp, t);
        }
    }

    public int numGoroutine() { return allgs.size(); }

    public List<G> allgs() { return allgs.snapshot(); }

    // ------------------------------------------------------------------ ready

    /**
     * Mirrors ready/goready (and newproc's runqput): makes gp runnable. Called by the JDK
     * (through G.execute) from a goroutine (pinned), from an M after its G unmounted, or
     * from any foreign thread.
     */
    void ready(G gp) {
        if (shutdown) {
            Abandoned.ready(gp); // the runtime is gone: gp runs on the side pool
            return;
        }
        // A stale JDK submission (a stack sample's resubmit that comes after the run it was
        // for) must not touch the G: it would mark a parked G RUNNABLE and queue a run of
        // nothing, after which the G looked parked by the JDK and checkdead could not see
        // a real deadlock (StackSampleDeadlockTest hung once in CI).
        if (!VirtualThreadState.runnable(gp.thread)) return;
        if (!gp.markQueued()) return; // a duplicate JDK submission (see G.queued)
        // The check and the claim are two steps: a stale submission that passed the check
        // just before the run it duplicates started may claim after that run began and
        // the G parked or ended, and would then mark it RUNNABLE (found by review). So it
        // looks again and gives the claim back; a real ready that lost the claim to it
        // meanwhile has made the thread runnable, and this one then takes over its run.
        if (!gp.claimStillRunnable()) return;
        events.unpark(gp);
        SchedLatency.stamp(gp);
        gp.setStatusRelease(GStatus.RUNNABLE); // after markQueued's CAS; see G's class comment
        if (gp.toGlobal) {
            gp.toGlobal = false;
            globrunqputAndWake(gp);
            return;
        }
        if (CarrierAdapter.currentCarrierThread() instanceof M mp && mp.sched == this) {
            if (mp.netpolling) {
                // A socket this M polled is ready: collect, findRunnable injects the list.
                gp.schedlink = null;
                if (mp.netpollTail == null) mp.netpollHead = gp; else mp.netpollTail.schedlink = gp;
                mp.netpollTail = gp;
                mp.netpollCount++;
                return;
            }
            P pp = mp.p;
            // A P that GOMAXPROCS is removing takes no new work: its owner may be busy.
            if (pp != null && !pp.destroyRequested) {
                boolean held = mp.locksP;
                if (held || pp.lockOwned(mp)) {
                    // A G readying itself (Thread.yield, or a park whose permit was already
                    // there) goes to the tail, so that it does not starve its P's queue.
                    boolean next = mp.curg != gp;
                    G batch = pp.runq.put(gp, next);
                    if (!held) pp.unlockOwned();
                    if (batch != null) globrunqputbatch(batch);
                    // Go's StoreLoad between publishing gp and wakep's read of nmspinning
                    // (a spinning M that stops spinning re-checks the queues after its own
                    // decrement): a runnext put is a getAndSet, a full fence already; the
                    // ring's release store of tail is not.
                    else if (!next) java.lang.invoke.VarHandle.fullFence();
                    // The same StoreLoad against a shutdown that came after the check
                    // above and may have looked at the queues already.
                    if (shutdown) Abandoned.rescueQueued(this);
                    idle.wakep();
                    return;
                }
            }
        }
        ChildThread adopted = gp.adopted;
        if (adopted != null && adopted.system && netpoll.epolling()) {
            // A JDK sub-poller, woken by the JDK's master poller thread while an M sleeps
            // in the blocking netpoll, which watches this sub-poller's sockets itself and
            // takes their events: it would find nothing and park again, so no M is woken
            // for it. The next M through the global queue runs it.
            globrunqput(gp);
            // Dekker with poll(): the put is published before epolling is read again, and
            // the poller clears epolling before it looks at the global queue. If it left
            // epoll meanwhile it may have looked already and gone to stopm; then wake one,
            // or the sub-poller (and every socket behind it) waits for a later M.
            java.lang.invoke.VarHandle.fullFence();
            if (!netpoll.epolling()) idle.wakep();
            return;
        }
        globrunqputAndWake(gp);
    }

    void globrunqputAndWake(G gp) {
        globrunqput(gp);
        idle.wakep();
    }

    private void globrunqput(G gp) {
        lock.lock();
        try {
            runq.put(gp);
            // Normally the wakep that follows takes a P, which wakes sysmon; if none does
            // (stranded work), sysmon's net must still run (Sysmon.strandedWork).
            sysmon.wakeIfWaiting();
        } finally {
            lock.unlock();
        }
        if (shutdown) Abandoned.rescueQueued(this); // a shutdown may have looked already
    }

    /**
     * Mirrors injectglist: makes a list of n readied G's (linked by schedlink, already
     * RUNNABLE) runnable. With a P, one G goes to the global queue for each idle P, which
     * gets an M; the rest go onto mp's P. Without a P, all go to the global queue.
     */
    void injectglist(M mp, G head, int n) {
        if (shutdown) {
            Abandoned.readyList(head);
            return;
        }
        P pp = mp == null ? null : mp.p;
        if (pp == null) {
            globrunqputbatch(head, n);
            startIdle(n);
            return;
        }
        int npidle = idle.npidle.get();
        G globHead = null, globTail = null;
        int k = 0;
        for (; k < npidle && head != null; k++) {
            G g = head;
            head = g.schedlink;
            g.schedlink = null;
            if (globTail == null) globHead = g; else globTail.schedlink = g;
            globTail = g;
        }
        if (k > 0) {
            globrunqputbatch(globHead, k);
            startIdle(k);
        }
        while (head != null) {
            G g = head;
            head = g.schedlink;
            g.schedlink = null;
            G batch = pp.runq.put(g, false);
            if (batch != null) globrunqputbatch(batch);
        }
        java.lang.invoke.VarHandle.fullFence(); // the ring's puts before the look at shutdown
        if (shutdown) Abandoned.rescueQueued(this);
        // Some P's might have become idle after we loaded npidle but before any goroutines
        // were added to the queue; wakep does nothing in the common case.
        idle.wakep();
    }

    /** injectglist's startIdle: an M for each of up to n idle P's. */
    private void startIdle(int n) {
        for (int i = 0; i < n; i++) {
            P pp;
            lock.lock();
            try {
                pp = idle.pidleget();
            } finally {
                lock.unlock();
            }
            if (pp == null) break;
            idle.startm(pp, false);
        }
    }

    private void globrunqputbatch(G batch) {
        globrunqputbatch(batch, GlobalRunQueue.count(batch));
    }

    /** Mirrors globrunqputbatch: n G's linked by schedlink onto the global queue. */
    private void globrunqputbatch(G batch, int n) {
        lock.lock();
        try {
            runq.putBatch(batch, n);
        } finally {
            lock.unlock();
        }
        if (shutdown) Abandoned.rescueQueued(this); // as in globrunqput
    }

    // ------------------------------------------------------------------ entry points for the API

    /** A timer due at {@code when} was added: make sure some M notices it in time (wakeNetPoller). */
    public void wakeNetPoller(long when) { netpoll.wakeNetPoller(when); }

    /** Go.blocking's entersyscall. */
    public void entersyscall(G gp) { syscalls.entersyscall(gp); }

    /** Go.blocking's exitsyscall. */
    public void exitsyscall(G gp) { syscalls.exitsyscall(gp); }

    /** Mirrors Gosched: the G goes to the global queue (and honours a pending preemption). */
    public static void gosched(G gp) {
        if (gp.preempt) Preempt.preemptYield(gp);
        else Preempt.gosched(gp);
    }

    /** The preemption check ({@code Go.checkpoint()}): yields if sysmon asked. */
    public static void checkpoint(G gp) { Preempt.check(gp); }

    public void lockOSThread(G gp) { locked.lockOSThread(gp); }

    public void unlockOSThread(G gp) { locked.unlockOSThread(gp); }

    /** Mirrors GOMAXPROCS: sets the number of P's when n is at least 1; returns the previous value. */
    public int gomaxprocs(int n) { return procs.gomaxprocs(n); }

    // ------------------------------------------------------------------ shutdown

    /** Ends the runtime: M's leave their loops, sysmon stops. */
    public void shutdown() {
        M[] ms;
        lock.lock();
        try {
            if (shutdown) return;
            shutdown = true;
            ms = allm; // idle M's, and locked ones asleep in stoplockedm on no list
        } finally {
            lock.unlock();
        }
        Runtimes.ended(this);
        for (M mp : ms) mp.notewakeup();
        netpoll.shutdown();
        sysmon.stop();
        // An M still running an abandoned goroutine ends when that goroutine parks or
        // ends; only the others are waited for, and an M finishing an adopted thread that
        // has ended. Such a thread's end is recorded before its joiners are released
        // (ChildThread.End), unless it had a latch before go4j adopted it: then the JDK
        // releases them before the M records the end (trace, counts), main may have
        // returned on the join, and that M is a moment from done (TraceTest missed the
        // end once in CI, before End).
        for (M mp : ms) {
            G cur = mp.curg;
            if (cur != null && (cur.adopted == null || cur.thread == null || cur.thread.isAlive())) continue;
            try {
                mp.join(1000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        ChildThreads.shutdown(this); // system goroutines (the JDK's pollers) move to the default runtime
        if (!isDefault) for (P pp : allp) pp.timers.adoptOrphans(); // pending timers fire there too
        Abandoned.rescueQueued(this); // a queued G woken from a wait (a lock handed to it) runs on
        allgs.clear();
    }

    // ------------------------------------------------------------------ views

    public int gomaxprocs() { return gomaxprocs; }

    public P[] allp() { return allp; }

    public M[] allm() { return allm; }

    public boolean isDefault() { return isDefault; }

    /** Whether this runtime has ended (its {@code Go.run} returned). */
    public boolean ended() { return shutdown; }

    public long runtimeId() { return runtimeId; }

    public RunState runState() { return runState; }

    /** Idle P's (Go's sched.npidle). */
    public int idleProcs() { return idle.npidle.get(); }

    /** Spinning M's (Go's sched.nmspinning). */
    public int spinningThreads() { return idle.nmspinning.get(); }

    /** Go's sched.needspinning. */
    public int needSpinning() { return idle.needspinning.get(); }

    /** Length of the global run queue (Go's sched.runqsize). */
    public int globalRunqueue() { return runq.size(); }

    /** M's running a goroutine that ignored preemption, without a P. */
    public int stuckThreads() { return preempt.nstuck.get(); }

    /** Visits the global queue's G's (for dumps). */
    void forEachGlobal(java.util.function.Predicate<G> f) {
        lock.lock();
        try {
            runq.forEach(f::test);
        } finally {
            lock.unlock();
        }
    }

    public int threads() {
        lock.lock();
        try {
            return idle.mcount;
        } finally {
            lock.unlock();
        }
    }

    public int idleThreads() {
        lock.lock();
        try {
            return idle.nmidle;
        } finally {
            lock.unlock();
        }
    }
}
