package dev.go4j.internal.sched;

import dev.go4j.internal.carrier.CarrierAdapter;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One go4j runtime: the G-M-P scheduler of Go's runtime/proc.go (Go's {@code schedt}
 * plus the functions that work on it).
 *
 * <p>Implementation overview.
 * <ul>
 * <li>A goroutine is a virtual thread whose scheduler is its {@link G}; the JDK calls
 *     {@link G#execute} when it is runnable, which lands in {@link #ready}: runnext of the
 *     caller's P when the caller runs on one of this runtime's M's, the global queue
 *     otherwise; then {@link #wakep}.
 * <li>Each M loops in {@link #mstart}: {@link #schedule} finds a G (local queue, global
 *     queue, stealing: {@link #findRunnable}), {@link #execute} runs it until it parks.
 * <li>Out of work, an M spins (bounded by half the busy P's), then gives its P back and
 *     sleeps on the idle M list. The "delicate dance" of Go's proc.go keeps this free of
 *     lost wake-ups: a spinning M that stops spinning re-checks every queue before it
 *     sleeps, and {@code needspinning} covers a ready that found no idle P.
 * <li>{@link Sysmon} preempts long-running G's and retakes P's from M's whose G blocks
 *     (Go.blocking, or a carrier blocked in the JDK), handing them to other M's.
 * </ul>
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

    // ---- guarded by lock ----
    final GlobalRunQueue runq = new GlobalRunQueue();
    private P pidle;
    private M midle;
    private int nmidle;
    /** M's asleep in stoplockedm waiting for their locked G (Go's nmidlelocked); sched lock. */
    private int nmidlelocked;
    private int mcount;
    private long mnext;

    // ---- lock-free ----
    volatile P[] allp = new P[0];
    volatile int gomaxprocs;
    final AtomicInteger npidle = new AtomicInteger();
    final AtomicInteger nmspinning = new AtomicInteger();
    final AtomicInteger needspinning = new AtomicInteger();
    private final AtomicLong goidgen = new AtomicLong();
    /** Go's allgs: every live G, for dumps, NumGoroutine and deadlock detection. */
    final AllGs allgs = new AllGs(this);
    /** Every M ever started by this runtime (Go's allm); copy-on-write under the sched lock. */
    volatile M[] allm = new M[0];
    /** Go's _GoidCacheBatch. */
    private static final int GOID_CACHE_BATCH = 16;
    /** M in the timed "netpoll" sleep (go4j has no netpoller: it only waits for timers). */
    private volatile M pollingM;
    /** When pollingM wakes on its own (nanoTime), 0 if it sleeps without deadline. */
    private volatile long pollUntil;

    /** Go's maxmcount. */
    static final int MAX_M_COUNT = 10_000;
    /** Upper bound for GOMAXPROCS. */
    public static final int MAX_PROCS = Math.max(1024, 256 * Runtime.getRuntime().availableProcessors());

    final boolean isDefault;
    final long runtimeId;
    private static final AtomicLong runtimeIds = new AtomicLong();
    volatile boolean shutdown;
    final Sysmon sysmon;
    final RunState runState;

    public Sched(boolean isDefault, int procs) {
        CarrierAdapter.checkAvailable();
        this.isDefault = isDefault;
        this.runtimeId = runtimeIds.incrementAndGet();
        this.runState = new RunState(this);
        lock.lock();
        try {
            procresize(procs);
        } finally {
            lock.unlock();
        }
        this.sysmon = new Sysmon(this);
    }

    /** Starts sysmon. */
    public void start() {
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
        gp.thread.start(); // the JDK calls gp.execute: ready() puts it in runnext
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
            if (isDefault) PanicPrinter.report(gp, t);
            else runState.panic(gp, t);
        } finally {
            // the G still runs on its carrier here, so this is the M it exits on
            allgs.exited(gp, CarrierAdapter.currentCarrierThread() instanceof M m && m.sched == this ? m : null);
            if (gp.goid == 1 && !isDefault) runState.mainDone();
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
        if (shutdown) return; // the runtime is gone; the goroutine is abandoned
        gp.status = GStatus.RUNNABLE;
        if (gp.toGlobal) {
            gp.toGlobal = false;
            globrunqputAndWake(gp);
            return;
        }
        if (CarrierAdapter.currentCarrierThread() instanceof M mp && mp.sched == this) {
            P pp = mp.p;
            // A P that GOMAXPROCS is removing takes no new work: its owner may be busy.
            if (pp != null && !pp.destroyRequested) {
                boolean held = mp.locksP;
                if (held || lockOwnedP(mp, pp)) {
                    // A G readying itself (Thread.yield, or a park whose permit was already
                    // there) goes to the tail, so that it does not starve its P's queue.
                    boolean next = mp.curg != gp;
                    G batch = pp.runq.put(gp, next);
                    if (!held) pp.status = P.RUNNING;
                    if (batch != null) globrunqputbatch(batch);
                    wakep();
                    return;
                }
            }
        }
        globrunqputAndWake(gp);
    }

    private void globrunqputAndWake(G gp) {
        lock.lock();
        try {
            runq.put(gp);
        } finally {
            lock.unlock();
        }
        wakep();
    }

    private void globrunqputbatch(G batch) {
        int n = 0;
        for (G g = batch; g != null; g = g.schedlink) n++;
        lock.lock();
        try {
            runq.putBatch(batch, n);
        } finally {
            lock.unlock();
        }
    }

    /**
     * Takes the producer side of pp for its owner while a G runs on it: RUNNING -> LOCKED.
     * False if pp is no longer mp's (sysmon retook it). See {@link P}.
     */
    boolean lockOwnedP(M mp, P pp) {
        for (;;) {
            if (pp.m != mp) return false;
            int s = pp.status;
            if (s == P.RUNNING) {
                if (pp.casStatus(P.RUNNING, P.LOCKED)) {
                    if (pp.m == mp) return true;
                    pp.status = P.RUNNING; // raced with a hand-off: it is someone else's now
                    return false;
                }
            } else if (s == P.LOCKED) {
                Thread.onSpinWait(); // another M's stale check, released at once
            } else {
                return false;
            }
        }
    }

    // ------------------------------------------------------------------ the M loop

    /** Mirrors mstart/mstart1: the body of every M. */
    void mstart(M mp) {
        try {
            P np = mp.nextp;
            if (np != null) {
                mp.nextp = null;
                acquirep(mp, np);
            }
            while (!shutdown) {
                if (mp.p == null && !reclaimSyscallP(mp)) {
                    if (!stopm(mp)) break;
                    continue;
                }
                G gp = schedule(mp);
                if (gp == null) continue;
                execute(mp, gp);
            }
        } catch (Throwable t) {
            runState.fatal("go4j: M" + mp.mid + " failed: " + t, t);
        } finally {
            lock.lock();
            try {
                mcount--;
            } finally {
                lock.unlock();
            }
        }
    }

    /**
     * Mirrors schedule: one round of finding a runnable G for mp. Returns null when mp
     * lost its P while looking (it then stops or reclaims one in the caller's loop).
     */
    private G schedule(M mp) {
        P pp = mp.p;
        if (pp.destroyRequested) {
            destroyOwnedP(mp, pp);
            return null;
        }
        boolean[] inheritTime = mp.inheritTime;
        G gp = findRunnable(mp, inheritTime);
        if (gp == null) return null;
        // This thread is going to run a goroutine and is not spinning anymore, so if it
        // was marked as spinning we need to reset it now and potentially start a new
        // spinning M (mirrors resetspinning).
        if (mp.spinning) resetspinning(mp);
        if (gp.lockedm != null && gp.lockedm != mp) {
            startlockedm(mp, gp);
            return null;
        }
        return gp;
    }

    /** Mirrors execute: runs gp on mp until it parks, yields or ends. */
    private void execute(M mp, G gp) {
        P pp = mp.p;
        mp.curg = gp;
        gp.m = mp;
        gp.status = GStatus.RUNNING;
        if (!mp.inheritTime[0]) pp.schedtick++;
        pp.gtick++;
        if (gp.preempt) gp.preempt = false;
        mp.locksP = false;
        pp.status = P.RUNNING; // sysmon may retake from here on
        try {
            gp.task.run();
        } finally {
            mp.curg = null;
            if (gp.m == mp) gp.m = null;
        }
        if (gp.status != GStatus.DEAD) allgs.parked(gp, mp);
        if (mp.p != null) {
            if (lockOwnedP(mp, mp.p)) {
                mp.locksP = true;
            } else {
                mp.p = null; // retaken: like exitsyscall0, this M goes idle
            }
        }
        if (mp.lockedg == gp && gp.status != GStatus.DEAD) {
            stoplockedm(mp, gp);
        } else if (mp.lockedg == gp) {
            mp.lockedg = null;
        }
    }

    /**
     * Mirrors findRunnable: finds a runnable goroutine to execute, trying to steal from
     * other P's, checking the global queue and timers; blocks (stopm) when there is
     * nothing. Returns null if mp ends up without a P.
     */
    private G findRunnable(M mp, boolean[] inheritTime) {
        top:
        for (;;) {
            if (shutdown) return null;
            P pp = mp.p;
            if (pp == null) return null;
            inheritTime[0] = false;

            // Check the global runnable queue once in a while to ensure fairness.
            // Otherwise two goroutines can completely occupy the local runqueue by
            // constantly respawning each other.
            if (pp.schedtick % 61 == 0 && runq.size() > 0) {
                G gp;
                lock.lock();
                try {
                    gp = globrunqget(pp, 1);
                } finally {
                    lock.unlock();
                }
                if (gp != null) return gp;
            }

            // Mirrors checkTimers: no clock read unless this P has a timer.
            long pollUntil = pp.timers.wakeTime();
            if (pollUntil != 0) pollUntil = pp.timers.check(System.nanoTime());

            G gp = pp.runq.get(inheritTime);
            if (gp != null) return gp;

            if (runq.size() != 0) {
                lock.lock();
                try {
                    gp = globrunqget(pp, 0);
                } finally {
                    lock.unlock();
                }
                if (gp != null) {
                    inheritTime[0] = false;
                    return gp;
                }
            }

            // Spinning Ms: steal work from other Ps. Limit the number of spinning Ms to
            // half the number of busy Ps. This is necessary to prevent excessive CPU
            // consumption when GOMAXPROCS>>1 but the program parallelism is low.
            int procs = gomaxprocs;
            if (mp.spinning || 2 * nmspinning.get() < procs - npidle.get()) {
                if (!mp.spinning) becomeSpinning(mp);
                long[] pu = mp.pollUntilOut;
                pu[0] = pollUntil;
                gp = stealWork(mp, pp, pu);
                pollUntil = pu[0];
                if (gp != null) {
                    inheritTime[0] = false;
                    return gp;
                }
                if (mp.stealRanTimers) {
                    mp.stealRanTimers = false;
                    continue top; // running a timer may have made some goroutine ready
                }
            }

            // We have nothing to do. Before we drop our P, make a snapshot of the allp
            // slice, which can change underfoot once we no longer block safe-points.
            P[] allpSnapshot = allp;
            lock.lock();
            try {
                if (runq.size() != 0) {
                    gp = globrunqget(pp, 0);
                    if (gp != null) return gp;
                }
                if (!mp.spinning && needspinning.get() == 1) {
                    // See "Delicate dance" below.
                    becomeSpinning(mp);
                    continue top;
                }
                if (pp.destroyRequested) {
                    destroyLocked(pp);
                } else {
                    releasep(mp);
                    pidleput(pp);
                }
            } finally {
                lock.unlock();
            }

            // Delicate dance: thread transitions from spinning to non-spinning state,
            // potentially concurrently with submission of new work. We must drop
            // nmspinning first and then check all sources again. If we do it the other
            // way around, another thread can submit work after we've checked all
            // sources but before we drop nmspinning; as a result nobody will unpark a
            // thread to run the work.
            if (mp.spinning) {
                mp.spinning = false;
                if (nmspinning.decrementAndGet() < 0) throw new IllegalStateException("findrunnable: negative nmspinning");

                // Check global and P runqueues again.
                lock.lock();
                try {
                    if (runq.size() != 0) {
                        P pp2 = pidlegetSpinning();
                        if (pp2 != null) {
                            acquirep(mp, pp2);
                            becomeSpinning(mp);
                            G g2 = globrunqget(pp2, 0);
                            if (g2 != null) return g2;
                            continue top;
                        }
                    }
                } finally {
                    lock.unlock();
                }
                P pp2 = checkRunqsNoP(allpSnapshot);
                if (pp2 != null) {
                    acquirep(mp, pp2);
                    becomeSpinning(mp);
                    continue top;
                }
                // Finally, check for timer creation or expiry concurrently with
                // transitioning from spinning to non-spinning.
                pollUntil = checkTimersNoP(allpSnapshot, pollUntil);
            }

            // go4j has no network poller; the M that would block in netpoll instead
            // sleeps until the earliest timer, and wakeNetPoller breaks that sleep.
            if (pollUntil != 0 && pollingM == null && becomePoller(mp, pollUntil)) {
                mp.notetsleep(pollUntil);
                pollingM = null;
                this.pollUntil = 0;
                if (shutdown) return null;
                P pp2;
                lock.lock();
                try {
                    pp2 = pidleget();
                } finally {
                    lock.unlock();
                }
                if (pp2 != null) {
                    acquirep(mp, pp2);
                    continue top;
                }
                // All P's are busy: their own schedulers will run the timers.
                if (!stopm(mp)) return null;
                continue top;
            }
            if (!stopm(mp)) return null;
        }
    }

    private boolean becomePoller(M mp, long until) {
        lock.lock();
        try {
            if (pollingM != null) return false;
            pollUntil = until;
            pollingM = mp;
            return true;
        } finally {
            lock.unlock();
        }
    }

    /**
     * Mirrors wakeNetPoller: a timer due at {@code when} was added; make sure some M
     * will notice it in time.
     */
    public void wakeNetPoller(long when) {
        M poller = pollingM;
        if (poller != null) {
            long pu = pollUntil;
            if (pu == 0 || pu > when) poller.notewakeup();
        } else if (Thread.currentThread().isVirtual()) {
            // go4j: a goroutine must not enter the sched lock here. Contending on a JDK
            // monitor unmounts it, and the monitor's chosen successor may then sit in the
            // runnext of an M that blocks on the same monitor: a deadlock seen under timer
            // stress. Sysmon (a platform thread) does the wakep for it.
            if (nmspinning.get() != 0 || npidle.get() == 0) return;
            sysmon.requestWakep();
        } else {
            wakep();
        }
    }

    /**
     * Mirrors stealWork: up to four rounds over all P's in random order; the last round
     * also runs due timers of other P's and may take their runnext.
     */
    private G stealWork(M mp, P pp, long[] pollUntil) {
        final int stealTries = 4;
        P[] ps = allp;
        int n = Math.min(gomaxprocs, ps.length);
        if (n <= 1) return null;
        ThreadLocalRandom rnd = ThreadLocalRandom.current();
        for (int i = 0; i < stealTries; i++) {
            boolean stealTimersOrRunNextG = i == stealTries - 1;
            int start = rnd.nextInt(n);
            int inc = RandomOrder.coprime(n, rnd.nextInt(Integer.MAX_VALUE));
            int pos = start;
            for (int k = 0; k < n; k++, pos = (pos + inc) % n) {
                if (shutdown) return null;
                P p2 = ps[pos];
                if (p2 == pp || p2 == null) continue;
                // Steal timers from p2. This call to check timers is the only place
                // where we might hold a lock on a different P's timers.
                if (stealTimersOrRunNextG && p2.timers.len() > 0) {
                    long w = p2.timers.check(System.nanoTime());
                    if (w != 0 && (pollUntil[0] == 0 || w < pollUntil[0])) pollUntil[0] = w;
                    if (!pp.runq.isEmpty()) {
                        G gp = pp.runq.get(null);
                        if (gp != null) return gp;
                        mp.stealRanTimers = true;
                    }
                }
                int s = p2.status;
                if (s != P.IDLE && s != P.DEAD) {
                    G gp = pp.runq.stealFrom(p2.runq, stealTimersOrRunNextG, p2);
                    if (gp != null) return gp;
                }
            }
        }
        return null;
    }

    /** Mirrors checkRunqsNoP: an idle P to run the work found on some P's queue, or null. */
    private P checkRunqsNoP(P[] ps) {
        int n = Math.min(gomaxprocs, ps.length);
        for (int i = 0; i < n; i++) {
            P p2 = ps[i];
            if (p2 != null && !p2.runq.isEmpty()) {
                lock.lock();
                try {
                    return pidlegetSpinning();
                } finally {
                    lock.unlock();
                }
            }
        }
        return null;
    }

    /** Mirrors checkTimersNoP: the earliest timer of any P, folded into pollUntil. */
    private long checkTimersNoP(P[] ps, long pollUntil) {
        for (P p2 : ps) {
            if (p2 == null) continue;
            long w = p2.timers.wakeTime();
            if (w != 0 && (pollUntil == 0 || w < pollUntil)) pollUntil = w;
        }
        return pollUntil;
    }

    /** Mirrors globrunqget: takes a batch from the global queue; sched lock held. */
    private G globrunqget(P pp, int max) {
        int size = runq.size();
        if (size == 0) return null;
        int n = size / Math.max(1, gomaxprocs) + 1;
        if (n > size) n = size;
        if (max > 0 && n > max) n = max;
        if (n > RunQueue.SIZE / 2) n = RunQueue.SIZE / 2;
        G gp = runq.pop();
        for (n--; n > 0; n--) {
            G g1 = runq.pop();
            G batch = pp.runq.put(g1, false);
            if (batch != null) throw new IllegalStateException("globrunqget: local queue overflow");
        }
        return gp;
    }

    // ------------------------------------------------------------------ spinning, wakep

    /** Mirrors m.becomeSpinning. */
    private void becomeSpinning(M mp) {
        mp.spinning = true;
        nmspinning.incrementAndGet();
        needspinning.set(0);
    }

    /** Mirrors resetspinning. */
    private void resetspinning(M mp) {
        mp.spinning = false;
        if (nmspinning.decrementAndGet() < 0) throw new IllegalStateException("findrunnable: negative nmspinning");
        // M wakeup policy is deliberately somewhat conservative, so check if we need
        // to wake up another P here.
        wakep();
    }

    /**
     * Mirrors wakep: tries to add one more P to execute G's, when there is an idle P and
     * no spinning M.
     */
    void wakep() {
        // Be conservative about spinning threads, only start one if none exist already.
        if (nmspinning.get() != 0) return;
        // go4j: when every P is busy and a spinner has already been asked for, another
        // trip through the lock adds nothing.
        if (npidle.get() == 0 && needspinning.get() == 1) return;
        if (!nmspinning.compareAndSet(0, 1)) return;
        P pp;
        lock.lock();
        try {
            pp = pidlegetSpinning();
            if (pp == null) {
                if (nmspinning.decrementAndGet() < 0) throw new IllegalStateException("wakep: negative nmspinning");
                return;
            }
        } finally {
            lock.unlock();
        }
        startm(pp, true);
    }

    /**
     * Mirrors startm: schedules some M to run pp (or an idle P if pp is null), creating
     * an M if needed. With {@code spinning}, the caller has incremented nmspinning.
     */
    void startm(P pp, boolean spinning) {
        M nmp;
        lock.lock();
        try {
            if (pp == null) {
                pp = pidleget();
                if (pp == null) {
                    if (spinning && nmspinning.decrementAndGet() < 0) {
                        throw new IllegalStateException("startm: negative nmspinning");
                    }
                    return;
                }
            }
            nmp = mget();
            if (nmp == null) {
                nmp = newm(pp, spinning);
                if (nmp == null) return;
            } else {
                nmp.spinning = spinning;
                nmp.nextp = pp;
            }
        } finally {
            lock.unlock();
        }
        if (nmp.getState() == Thread.State.NEW) nmp.start();
        else nmp.notewakeup();
    }

    /** Mirrors newm (under the sched lock); the caller starts the thread. */
    private M newm(P pp, boolean spinning) {
        if (mcount >= MAX_M_COUNT) {
            pidleput(pp);
            if (spinning) nmspinning.decrementAndGet();
            runState.fatal("runtime: program exceeds " + MAX_M_COUNT + "-thread limit", null);
            return null;
        }
        mcount++;
        M nm = new M(this, ++mnext, pp, spinning);
        M[] ms = java.util.Arrays.copyOf(allm, allm.length + 1);
        ms[ms.length - 1] = nm;
        allm = ms;
        return nm;
    }

    /**
     * Mirrors stopm: puts mp on the idle list and sleeps until startm hands it a P.
     * Returns false when the runtime shuts down.
     */
    private boolean stopm(M mp) {
        boolean dead;
        lock.lock();
        try {
            if (shutdown) return false;
            mp.schedlink = midle;
            midle = mp;
            nmidle++;
            dead = checkdead();
        } finally {
            lock.unlock();
        }
        if (dead) runState.deadlock(); // takes the dump: not under the sched lock
        mp.notesleep();
        if (shutdown) return false;
        P np = mp.nextp;
        mp.nextp = null;
        if (np == null) return true; // woken only to look again (lockOSThread hand-off)
        acquirep(mp, np);
        return true;
    }

    /** Mirrors mget: an idle M, or null; sched lock held. */
    private M mget() {
        M mp = midle;
        if (mp != null) {
            midle = mp.schedlink;
            mp.schedlink = null;
            nmidle--;
        }
        return mp;
    }

    // ------------------------------------------------------------------ P lists

    /** Mirrors acquirep/wirep: mp owns pp, in the LOCKED (scheduler) state. */
    private void acquirep(M mp, P pp) {
        pp.m = mp;
        pp.status = P.LOCKED;
        mp.p = pp;
        mp.locksP = true;
    }

    /** Mirrors releasep: mp gives pp up (caller puts it somewhere). */
    private P releasep(M mp) {
        P pp = mp.p;
        mp.p = null;
        mp.locksP = false;
        pp.m = null;
        pp.status = P.IDLE;
        return pp;
    }

    /** Mirrors pidleput; sched lock held. */
    private void pidleput(P pp) {
        if (pp.id >= gomaxprocs) {
            // A P handed off outside the lock (sysmon retake, stoplockedm, exitsyscall)
            // while GOMAXPROCS shrank below it: procresize saw it IDLE but not listed and
            // destroyed it. It must not come back as idle (its timers would be stranded
            // and npidle would exceed gomaxprocs).
            destroyLocked(pp);
            return;
        }
        if (!pp.runq.isEmpty()) {
            // Another thread (a stale producer) raced; keep the work visible.
            G batch = pp.runq.drain();
            if (batch != null) {
                int n = 0;
                for (G g = batch; g != null; g = g.schedlink) n++;
                runq.putBatch(batch, n);
            }
        }
        pp.m = null;
        pp.status = P.IDLE;
        pp.link = pidle;
        pidle = pp;
        npidle.incrementAndGet();
    }

    /** Mirrors pidleget; sched lock held. */
    private P pidleget() {
        P pp = pidle;
        if (pp != null) {
            pidle = pp.link;
            pp.link = null;
            npidle.decrementAndGet();
        }
        return pp;
    }

    /**
     * Mirrors pidlegetSpinning: like pidleget, but when there is no idle P, records that
     * a spinning M was wanted so that an M about to give up its P looks again.
     */
    private P pidlegetSpinning() {
        P pp = pidleget();
        if (pp == null) {
            needspinning.set(1);
            return null;
        }
        return pp;
    }

    /** Mirrors handoffp: hands off pp from an M in a blocking call or a blocked carrier. */
    void handoffp(P pp) {
        // if it has local work, start it straight away
        if (!pp.runq.isEmpty() || runq.size() != 0 || pp.destroyRequested) {
            startm(pp, false);
            return;
        }
        // no local work, check that there are no spinning/idle M's, otherwise our help
        // is not required
        if (nmspinning.get() + npidle.get() == 0 && nmspinning.compareAndSet(0, 1)) {
            needspinning.set(0);
            startm(pp, true);
            return;
        }
        long when;
        lock.lock();
        try {
            if (runq.size() != 0) {
                // fall through to startm below, outside the lock
                when = -1;
            } else {
                when = pp.timers.wakeTime();
                pidleput(pp);
            }
        } finally {
            lock.unlock();
        }
        if (when == -1) {
            startm(pp, false);
        } else if (when != 0) {
            wakeNetPoller(when);
        }
    }

    // ------------------------------------------------------------------ Go.blocking

    /** Mirrors entersyscall: the G is about to block its carrier; its P may be handed off. */
    public void entersyscall(G gp) {
        gp.status = GStatus.SYSCALL;
        if (!(CarrierAdapter.currentCarrierThread() instanceof M mp) || mp.sched != this) return;
        P pp = mp.p;
        if (pp == null) return;
        if (!lockOwnedP(mp, pp)) {
            mp.p = null; // sysmon took it already: run without a P
            return;
        }
        pp.syscalltick++;
        mp.oldp = pp;
        mp.p = null;
        pp.status = P.SYSCALL; // from LOCKED: sysmon may retake from here on
    }

    /**
     * Mirrors exitsyscall: gets a P back (the old one, an idle one) or, failing that,
     * queues the G on the global queue and lets its M go idle.
     */
    public void exitsyscall(G gp) {
        gp.status = GStatus.RUNNING;
        if (!(CarrierAdapter.currentCarrierThread() instanceof M mp) || mp.sched != this) return;
        P oldp = mp.oldp;
        mp.oldp = null;
        if (mp.p != null) {
            // The call parked and the G resumed on an M that has a P: give the old one up.
            if (oldp != null && oldp != mp.p && oldp.casStatus(P.SYSCALL, P.IDLE)) handoffp(oldp);
            return;
        }
        // exitsyscallfast: re-acquire the last P.
        if (oldp != null && oldp.casStatus(P.SYSCALL, P.RUNNING)) {
            oldp.m = mp;
            mp.p = oldp;
            return;
        }
        // Try to get any other idle P. Taking the lock may unmount this G (a contended
        // monitor), so check under the lock that it still runs on mp.
        lock.lock();
        try {
            if (CarrierAdapter.currentCarrierThread() != mp) return; // resumed on an M with a P
            P pp = pidleget();
            if (pp != null) {
                pp.m = mp;
                mp.p = pp;
                mp.locksP = false;
                pp.status = P.RUNNING;
                return;
            }
        } finally {
            lock.unlock();
        }
        // exitsyscall0: no P. Yield: the JDK requeues the G (global queue, since this M
        // has no P) and this M returns to its loop and stops.
        gp.toGlobal = true;
        Thread.yield();
        gp.toGlobal = false; // if the yield did not happen (pinned), run on without a P
    }

    /**
     * An M whose G parked inside Go.blocking takes its old P straight back rather than
     * leaving it in _Psyscall for sysmon to find.
     */
    private boolean reclaimSyscallP(M mp) {
        P oldp = mp.oldp;
        if (oldp == null) return false;
        mp.oldp = null;
        if (oldp.casStatus(P.SYSCALL, P.LOCKED)) {
            oldp.m = mp;
            mp.p = oldp;
            mp.locksP = true;
            return true;
        }
        return false;
    }

    // ------------------------------------------------------------------ gosched, preemption

    /** Mirrors Gosched/goschedImpl: the G goes to the global queue and its M schedules. */
    public static void gosched(G gp) {
        gp.toGlobal = true;
        Thread.yield();
        gp.toGlobal = false;
    }

    /** The preemption check (Go's stack-bound check on preempt): yields if sysmon asked. */
    public static void checkpoint(G gp) {
        if (gp.preempt) {
            gp.preempt = false;
            gosched(gp);
        }
    }

    // ------------------------------------------------------------------ lockOSThread

    public void lockOSThread(G gp) {
        gp.lockedCount++;
        M mp = gp.m;
        gp.lockedm = mp;
        if (mp != null) mp.lockedg = gp;
    }

    public void unlockOSThread(G gp) {
        if (gp.lockedCount == 0) return;
        if (--gp.lockedCount == 0) {
            M mp = gp.lockedm;
            gp.lockedm = null;
            if (mp != null && mp.lockedg == gp) mp.lockedg = null;
        }
    }

    /**
     * Mirrors stoplockedm: mp's locked G parked, so mp gives its P away and sleeps until
     * the G is runnable again and some M hands it back with a P (startlockedm).
     */
    private void stoplockedm(M mp, G gp) {
        if (mp.p != null) {
            P pp = mp.p;
            lock.lock();
            try {
                releasep(mp);
            } finally {
                lock.unlock();
            }
            handoffp(pp);
        }
        for (;;) {
            boolean dead;
            lock.lock();
            try {
                if (shutdown) return; // shutdown may have looked for locked M's already
                nmidlelocked++;
                dead = checkdead();
            } finally {
                lock.unlock();
            }
            if (dead) runState.deadlock();
            mp.notesleep();
            lock.lock();
            try {
                nmidlelocked--;
            } finally {
                lock.unlock();
            }
            if (shutdown) return;
            P np = mp.nextp;
            G ng = mp.nextg;
            if (np != null && ng != null) {
                mp.nextp = null;
                mp.nextg = null;
                acquirep(mp, np);
                mp.inheritTime[0] = true;
                execute(mp, ng);
                if (mp.lockedg != ng || ng.status == GStatus.DEAD) return;
            }
        }
    }

    /**
     * Mirrors startlockedm: gp is wired to another M; hand our P to that M and go idle.
     */
    private void startlockedm(M mp, G gp) {
        M lm = gp.lockedm;
        P pp;
        lock.lock();
        try {
            pp = releasep(mp);
        } finally {
            lock.unlock();
        }
        lm.nextg = gp;
        lm.nextp = pp;
        lm.notewakeup();
    }

    // ------------------------------------------------------------------ GOMAXPROCS

    /** Mirrors GOMAXPROCS: sets the number of P's; returns the previous value. */
    public int gomaxprocs(int n) {
        if (n > MAX_PROCS) {
            throw new IllegalArgumentException("gomaxprocs: " + n + " is above the limit of " + MAX_PROCS);
        }
        int old;
        lock.lock();
        try {
            old = gomaxprocs;
            if (n < 1 || n == old) return old;
            procresize(n);
        } finally {
            lock.unlock();
        }
        // New P's may have work to do (the global queue, or queues of destroyed P's).
        for (int i = 0; i < n; i++) wakep();
        return old;
    }

    /**
     * Mirrors procresize (sched lock held). Go stops the world; go4j cannot stop running
     * goroutines, so P's beyond the new count that are owned by an M are marked and their
     * owners destroy them at their next scheduling point ({@link #destroyOwnedP}).
     */
    private void procresize(int nprocs) {
        P[] old = allp;
        if (nprocs > old.length) {
            P[] grown = java.util.Arrays.copyOf(old, nprocs);
            for (int i = old.length; i < nprocs; i++) {
                grown[i] = new P(this, i);
                grown[i].status = P.DEAD;
            }
            allp = grown;
        }
        P[] ps = allp;
        gomaxprocs = nprocs;
        for (int i = 0; i < ps.length; i++) {
            P pp = ps[i];
            if (i < nprocs) {
                pp.destroyRequested = false;
                if (pp.status == P.DEAD) pidleput(pp);
            } else if (pp.status == P.IDLE) {
                removeIdle(pp);
                destroyLocked(pp);
            } else if (pp.status != P.DEAD) {
                pp.destroyRequested = true;
            }
        }
    }

    private void removeIdle(P pp) {
        P prev = null;
        for (P q = pidle; q != null; prev = q, q = q.link) {
            if (q == pp) {
                if (prev == null) pidle = q.link; else prev.link = q.link;
                q.link = null;
                npidle.decrementAndGet();
                return;
            }
        }
    }

    /** Mirrors (p).destroy: moves pp's G's and timers elsewhere; sched lock held. */
    private void destroyLocked(P pp) {
        G batch = pp.runq.drain();
        if (batch != null) {
            int n = 0;
            for (G g = batch; g != null; g = g.schedlink) n++;
            runq.putBatch(batch, n);
        }
        pp.timers.moveTo(allp[0].timers);
        pp.m = null;
        pp.destroyRequested = false;
        pp.status = P.DEAD;
    }

    private void destroyOwnedP(M mp, P pp) {
        lock.lock();
        try {
            mp.p = null;
            mp.locksP = false;
            if (pp.id >= gomaxprocs) destroyLocked(pp);
            else {
                pp.destroyRequested = false;
                pidleput(pp);
            }
        } finally {
            lock.unlock();
        }
        wakep();
    }

    // ------------------------------------------------------------------ deadlock, shutdown

    /**
     * Mirrors checkdead (sched lock held, called when an M goes idle): in a Go.run
     * runtime, true if no goroutine can ever run again. The caller reports it after
     * dropping the lock (the report takes a goroutine dump).
     */
    private boolean checkdead() {
        if (isDefault || shutdown || runState.finished()) return false;
        // An M still running without a P (its P was retaken while its G ran on: the G may
        // be just about to be readied, e.g. its unpark landed while it was parking) can
        // still make progress: Go's "run := mcount() - nmidle - nmidlelocked - nmsys".
        if (mcount - nmidle - nmidlelocked > 0) return false;
        if (npidle.get() != gomaxprocs || nmspinning.get() != 0 || runq.size() != 0) return false;
        if (pollingM != null) return false;
        P[] ps = allp;
        for (P pp : ps) {
            if (pp.status != P.IDLE && pp.status != P.DEAD) return false;
            if (!pp.runq.isEmpty() || pp.timers.len() > 0) return false;
        }
        // A G parked by the JDK (sleep, socket, a j.u.c lock) still reads RUNNING: it can
        // wake without go4j's help, so it is no deadlock. So can G's in a syscall.
        for (M mp : allm) if (mp.curg != null) return false;
        return allgs.size() != 0 && allgs.allLiveListedAnd(gp -> gp.status == GStatus.WAITING);
    }

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
        for (M mp : ms) mp.notewakeup();
        M poller = pollingM;
        if (poller != null) poller.notewakeup();
        sysmon.stop();
        // An M still running an abandoned goroutine ends when that goroutine parks or
        // ends; only the others are waited for.
        for (M mp : ms) {
            if (mp.curg != null) continue;
            try {
                mp.join(1000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        ChildThreads.shutdown(this); // system goroutines (the JDK's pollers) move to the default runtime
        allgs.clear();
    }

    // ------------------------------------------------------------------ views

    public int gomaxprocs() { return gomaxprocs; }

    public P[] allp() { return allp; }

    public boolean isDefault() { return isDefault; }

    public long runtimeId() { return runtimeId; }

    public RunState runState() { return runState; }


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
            return mcount;
        } finally {
            lock.unlock();
        }
    }

    public int idleThreads() {
        lock.lock();
        try {
            return nmidle;
        } finally {
            lock.unlock();
        }
    }
}
