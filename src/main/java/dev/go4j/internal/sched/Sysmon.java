package dev.go4j.internal.sched;

import dev.go4j.internal.carrier.JdkPollers;

import java.util.concurrent.locks.LockSupport;

/**
 * The system monitor (Go's sysmon): a platform thread outside the P's that preempts
 * goroutines that run too long and retakes P's from M's that cannot use them.
 *
 * <p>Implementation overview. Like Go's, it sleeps 20us, doubling after 1 ms of finding
 * nothing to do (50 idle rounds) up to 10 ms, and parks altogether while every P is idle
 * (Go's sysmonwait; go4j: only once it has backed off), until a P leaves the idle list
 * ({@link #wakeIfWaiting}) or the next timer is due. Each round it refreshes the runtime's coarse clock and looks at every P
 * (retake):
 * <ul>
 * <li>a P whose schedtick has not moved for 10 ms (forcePreemptNS; time inherited through
 *     runnext included) has its G flagged for preemption: the G yields at its next
 *     runtime call (see {@link Preempt});
 * <li>a P in {@code _Psyscall} (its G is in {@code Go.blocking}) is taken and handed to
 *     another M (handoffp) once a sysmon tick has passed, if there is other work or
 *     nobody is idle/spinning, or after 10 ms anyway;
 * <li>go4j only: a P whose G has not changed for a tick while the M's carrier is parked
 *     or blocked by the JDK (thread state WAITING or BLOCKED), or is in a native method
 *     after ignoring preemption for another 10 ms, is taken the same way: those are the
 *     blocking calls the JVM cannot declare. A G that ignores preemption while running
 *     Java code is CPU-bound: its P is taken only while the stuck allowance lasts
 *     ({@link Preempt#STUCK_ALLOWANCE}), so the threads running goroutine code stay
 *     within GOMAXPROCS plus that allowance.
 * </ul>
 * Due timers with no M awake to run them get an M started (Go's sysmon does the same).
 * While every P is busy, the sleep between two rounds is cut into pieces of 1 ms at most,
 * each ending in a wake-up that does nothing: the kernel's chance to switch threads
 * ({@link KernelTick}); the rounds keep Go's pace.
 */
final class Sysmon implements Runnable {
    /** Go's forcePreemptNS. */
    static final long FORCE_PREEMPT_NS = 10_000_000L;
    /** Go retakes a syscall P with no other work after this long anyway. */
    static final long SYSCALL_RETAKE_NS = 10_000_000L;
    /** Longest sysmonwait sleep without a timer (Go: forcegcperiod/2; we have no forced GC). */
    private static final long IDLE_SLEEP_NS = 60_000_000_000L;

    private final Sched sched;
    private final Thread thread;
    private volatile boolean stop;
    /** Go's sched.sysmonwait: sysmon is parked because every P is idle. */
    private volatile boolean waiting;
    /** Sysmon's native epoll event buffer for its socket poll (see {@link Netpoll#sysmonPoll}); 0 until used. */
    private long pollBuf;
    /** -Dgo4j.schedtrace=N: print Go's SCHED line every N ms (GODEBUG=schedtrace=N). */
    private final long schedtraceNs;
    /** -Dgo4j.scheddetail=true: add per-P and per-M lines (GODEBUG=scheddetail=1). */
    private final boolean scheddetail;
    private final long startNs = System.nanoTime();
    private long lastTrace = startNs;

    Sysmon(Sched sched) {
        this.sched = sched;
        this.schedtraceNs = Long.getLong("go4j.schedtrace", 0L) * 1_000_000L;
        this.scheddetail = Boolean.getBoolean("go4j.scheddetail");
        this.thread = Thread.ofPlatform().daemon(true).name("go4j-sysmon-" + sched.runtimeId).unstarted(this);
    }

    void start() { thread.start(); }

    void stop() {
        stop = true;
        LockSupport.unpark(thread);
    }

    /** A P left the idle list: end a sysmonwait. Cheap when sysmon is awake (one volatile read). */
    void wakeIfWaiting() {
        if (waiting) {
            waiting = false;
            LockSupport.unpark(thread);
        }
    }

    /** Times sysmon entered sysmonwait (written by sysmon only; for tests). */
    volatile long waits;

    /** Whether sysmon is parked in sysmonwait (for tests). */
    boolean isWaiting() { return waiting; }

    @Override
    public void run() {
        try {
            loop();
        } finally {
            if (pollBuf != 0) JdkPollers.freeBuffer(pollBuf); // as in Schedule.mstart
        }
    }

    /** When the loop last repeated the deadlock check for {@link CheckDead#foreignOnly}. */
    private long lastForeignRecheck;

    private void loop() {
        long idle = 0;
        long delay = 0;
        while (!stop && !sched.shutdown) {
            if (idle == 0) delay = 20_000; // start with 20us sleep...
            else if (idle > 50) delay *= 2; // start doubling the sleep after 1ms...
            if (delay > 10_000_000) delay = 10_000_000; // up to 10ms
            if (schedtraceNs > 0) {
                long now = System.nanoTime();
                if (now - lastTrace >= schedtraceNs) {
                    lastTrace = now;
                    System.err.print(SchedTrace.line(sched, (now - startNs) / 1_000_000, scheddetail));
                }
                delay = Math.min(delay, Math.max(20_000, lastTrace + schedtraceNs - now));
            }
            sleep(delay);
            if (stop) break;
            long now = System.nanoTime();
            sched.coarseNanos = now;
            // Only another runtime keeps this one alive: look again every 10 ms, also when
            // sysmon never waits (schedtrace) or missed the flag before a long wait.
            if (sched.checkdead.foreignOnly && now - lastForeignRecheck >= CheckDead.FOREIGN_RECHECK_NS) {
                lastForeignRecheck = now;
                sched.checkdead.recheck();
            }
            // go4j: only after 50 rounds with nothing to do (Go parks at once, then starts
            // again at 20us), and on waking it keeps its slowed pace. A server at light load
            // goes all-idle and back once per request; Go's sysmon then wakes per request
            // too (on the syscall), a context switch each time that a 2-core machine feels.
            // Here it stays at its backed-off pace (up to 10 ms) while work comes and goes;
            // a hand-off (retake) or an M started for stranded work brings it back to 20us
            // (a preemption request does not, as in Go, where retake counts hand-offs only).
            // Not while work is queued: with every P idle, that is work no M was started for,
            // which only strandedWork below still rescues.
            if (schedtraceNs == 0 && idle > 50 && everyPIdle() && !workQueued() && sysmonwait()) {
                continue;
            }
            pollBuf = sched.netpoll.sysmonPoll(now, pollBuf);
            // Timers that are due while every M sleeps without a deadline: start one.
            long next = nextTimer();
            if (next != 0 && next < now && startsMForDueTimers) sched.idle.startm(null, false);
            boolean started = strandedWork(now);
            if (retake(now) != 0 || started) idle = 0;
            else idle++;
        }
    }

    /**
     * For tests: false leaves a due timer to the M that sleeps until it (findRunnable's
     * pollUntil), so a test can tell that the sleep alone fires it. Never off otherwise:
     * this is the net under a timer that an M missed.
     */
    volatile boolean startsMForDueTimers = true;

    /** Times sysmon woke between two rounds to do nothing (see {@link KernelTick}; for tests). */
    volatile long kernelTicks;

    /** Sysmon's sleep between two rounds, in pieces while every P is busy ({@link KernelTick}). */
    private void sleep(long nanos) {
        long end = System.nanoTime() + nanos;
        for (long left = nanos; left > 0 && !stop; left = end - System.nanoTime()) {
            long piece = KernelTick.piece(sched, left);
            LockSupport.parkNanos(this, piece);
            if (piece == left) return;
            if (end - System.nanoTime() > 0) kernelTicks++;
        }
    }

    /** When sysmon first saw work queued beside an idle P, this time round (0: not seen). */
    private long strandedSince;

    /** How long work may wait beside an idle P before sysmon starts an M for it. */
    static final long STRANDED_NS = 10_000_000;

    /**
     * go4j: runnable work has been queued beside an idle P for {@link #STRANDED_NS}, so
     * start an M for that P; returns whether it did. Go has no such check: there, wakep
     * leaves new work to the spinning M it sees, and a spinning M either finds the work
     * or stops spinning and looks again. On the JVM a spinning M can block inside the
     * JVM itself, holding its P and its spinning count: once it loaded a class on its
     * first steal, took the class loader's jar lock and waited for a JDK monitor whose
     * next owner was a goroutine just made runnable; every wakep after that saw a spinner
     * and left the goroutine in the global queue, and the server hung. An extra M started
     * here for a P that is idle is harmless: it spins, steals or goes back to sleep. With
     * every P idle sysmon does not take its long sleep while work is queued, or this net
     * would never run there (a spinner stuck between dropping its P and its count).
     */
    boolean strandedWork(long now) {
        if (sched.idle.npidle.get() == 0 || !workQueued()) {
            strandedSince = 0;
            return false;
        }
        if (strandedSince == 0) {
            strandedSince = now;
            return false;
        }
        if (now - strandedSince < STRANDED_NS) return false;
        strandedSince = 0;
        sched.idle.startm(null, false);
        return true;
    }

    private boolean workQueued() {
        if (sched.runq.size() != 0) return true;
        for (P pp : sched.allp) if (pp.runq.size() != 0) return true;
        return false;
    }

    /**
     * Mirrors sysmon's "if ... sched.npidle.Load() == gomaxprocs" block: every P is idle,
     * so there is nothing to preempt or retake; sleep until a P is taken or the next
     * timer is due. Returns whether it slept.
     */
    private boolean sysmonwait() {
        // go4j: every P idle, sockets waited on (or the sub-pollers held) and nobody in the
        // poll sleep. The last M to go idle becomes the poller (findRunnable), so this is
        // an instant between its pidleput and becomePoller, or a race that left no poller
        // (one was found in the takeover, see Schedule.execute): start an M, which polls,
        // rather than sleep for a minute beside sockets nobody may watch.
        if (sched.netpoll.needsPoller()) {
            sched.idle.startm(null, false);
            return false;
        }
        long next = nextTimer();
        if (next != 0 && next - System.nanoTime() <= 0) return false; // due: the round below starts an M
        sched.lock.lock();
        try {
            // Work queued after this (globrunqput) wakes sysmon: see Sched.globrunqput.
            if (!everyPIdle() || sched.shutdown || workQueued()) return false;
            waiting = true;
            waits++;
        } finally {
            sched.lock.unlock();
        }
        long sleep = IDLE_SLEEP_NS;
        if (next != 0) sleep = Math.min(sleep, next - System.nanoTime());
        boolean foreign = sched.checkdead.foreignOnly;
        if (foreign) sleep = Math.min(sleep, CheckDead.FOREIGN_RECHECK_NS);
        if (sleep > 0) {
            long deadline = System.nanoTime() + sleep;
            while (waiting && !stop) {
                long d = deadline - System.nanoTime();
                if (d <= 0) break;
                LockSupport.parkNanos(this, d);
            }
        }
        boolean woken = !waiting;
        waiting = false;
        sched.coarseNanos = System.nanoTime();
        if (foreign && !woken && !stop) sched.checkdead.recheck();
        return true;
    }

    /**
     * Go's {@code npidle == gomaxprocs}, and no P beyond GOMAXPROCS still owned. go4j
     * shrinks GOMAXPROCS without stopping the world: a P beyond the new count dies only
     * when its owner reaches a scheduling point, and until then it may run a goroutine
     * with others queued behind it. Only sysmon's preemption gets such an owner there if
     * its goroutine computes, so sysmon must not count the runtime idle while the P's in
     * range are (found by review; ShrinkBesideBusyPTest hung without it).
     */
    private boolean everyPIdle() {
        int procs = sched.gomaxprocs;
        if (sched.idle.npidle.get() != procs) return false;
        P[] ps = sched.allp;
        for (int i = procs; i < ps.length; i++) if (ps[i].status != P.DEAD) return false;
        return true;
    }

    private long nextTimer() {
        long next = 0;
        for (P pp : sched.allp) {
            long w = pp.timers.wakeTime();
            if (w != 0 && (next == 0 || w < next)) next = w;
        }
        return next;
    }

    /** Mirrors retake; returns the number of P's taken. */
    int retake(long now) {
        int n = 0;
        P[] ps = sched.allp;
        for (P pp : ps) {
            int s = pp.status;
            // P's beyond GOMAXPROCS that still have an owner are watched too: a busy owner
            // must not strand what is queued there before it gets to destroy the P.
            boolean sysretake = false;
            if (s == P.RUNNING || s == P.SYSCALL || s == P.LOCKED) {
                // Preempt G if it's running on the same schedtick for too long.
                long t = pp.schedtick;
                if (pp.sysmonSchedtick != t) {
                    pp.sysmonSchedtick = t;
                    pp.sysmonSchedwhen = now;
                } else if (pp.sysmonSchedwhen + FORCE_PREEMPT_NS <= now) {
                    preemptone(pp);
                    // In case of syscall, preemptone() doesn't work, because there is no M wired to P.
                    sysretake = true;
                }
            }
            if (s == P.SYSCALL) {
                // Retake P from syscall if it's there for more than 1 sysmon tick (at least 20us).
                long t = pp.syscalltick;
                if (!sysretake && pp.sysmonSyscalltick != t) {
                    pp.sysmonSyscalltick = t;
                    pp.sysmonSyscallwhen = now;
                    continue;
                }
                if (!worthRetaking(pp, pp.sysmonSyscallwhen, now)) continue;
                if (pp.casStatus(P.SYSCALL, P.IDLE)) {
                    n++;
                    pp.syscalltick++;
                    sched.syscalls.handoffp(pp);
                }
            } else if (s == P.RUNNING) {
                long t = pp.gtick;
                if (pp.sysmonGtick != t) {
                    pp.sysmonGtick = t;
                    pp.sysmonGwhen = now;
                    continue;
                }
                M mp = pp.m;
                if (mp == null) continue;
                G gp = mp.curg;
                Thread.State ts = mp.getState();
                boolean carrierBlocked = ts == Thread.State.WAITING || ts == Thread.State.TIMED_WAITING
                        || ts == Thread.State.BLOCKED;
                boolean ignoredPreempt = sysretake && pp.sysmonGwhen + 2 * FORCE_PREEMPT_NS <= now;
                if (!carrierBlocked && !ignoredPreempt) continue;
                if (!worthRetaking(pp, pp.sysmonGwhen, now)) continue;
                // A RUNNABLE carrier that ignores preemption is blocked in native code (an
                // undeclared blocking call: hand off like a syscall) or runs (CPU-bound:
                // hand off only within the stuck allowance).
                boolean stuck = !carrierBlocked && gp != null;
                boolean nativeLoop = false;
                if (stuck && inNativeCode(gp)) {
                    int state = nativeState(pp, mp, mp.tid, t, now);
                    if (state == NATIVE_UNSURE) continue;
                    stuck = nativeLoop = state == NATIVE_ON_CPU;
                }
                if (stuck) {
                    if (!burnedCpuSinceIgnoring(pp, mp, t)) continue;
                    if (!sched.preempt.tryReserveStuck()) {
                        // A loop over native calls (file or socket I/O) beyond the allowance
                        // is handed off like a syscall, outside it: in Go each of its calls
                        // is a syscall whose P sysmon retakes, and keeping the P here would
                        // strand what waits behind it for as long as the loop lasts (Go's
                        // GCFairness: writers to /dev/null must not starve a sleeper). Only a
                        // loop that never leaves Java keeps its P.
                        if (!nativeLoop) {
                            gp.notPreemptible = true;
                            releaseQueued(pp, now);
                            continue;
                        }
                        stuck = false;
                    }
                }
                // Marked before the hand-off: a G that returns after it finds the mark and
                // gives the slot back; marked after, a G that returned in between left the
                // slot taken for good once its M was marked again (found by review).
                if (stuck) mp.stuck = true;
                if (pp.casStatus(P.RUNNING, P.IDLE)) {
                    n++;
                    // A native loop first seen in Java code while the allowance was full
                    // was flagged; it no longer holds a P.
                    if (gp != null && gp.notPreemptible) gp.notPreemptible = false;
                    sched.syscalls.handoffp(pp);
                } else if (stuck) {
                    sched.preempt.unstuck(mp);
                }
            }
        }
        return n;
    }

    private final G[] releaseBatch = new G[RunQueue.SIZE];

    /**
     * go4j's own (Go's async preemption makes it needless): pp is held by a loop that
     * ignores preemption and cannot be moved off it, so the G's queued behind it (its
     * runnext and ring) go to the global queue, taken as a thief takes them (runqgrab), and
     * its due timers are run here, as a thief would run them (stealWork). Left there they
     * would wait for as long as the loop runs: another P steals work and timers only when
     * its own queue is empty, and one busy with a ping-pong pair never is, while it does
     * take from the global queue every 61 ticks. Found in a soak at GOMAXPROCS 2 where
     * goroutines started at the beginning had not run once after minutes.
     */
    private void releaseQueued(P pp, long now) {
        // A timer's function only readies or starts goroutines (a wake-up from this
        // thread goes to the global queue); none runs user code here.
        if (pp.timers.wakeTime() != 0) pp.timers.check(now);
        if (pp.runq.isEmpty()) return;
        G[] batch = releaseBatch;
        G head = null, tail = null;
        int n = 0;
        for (int k; (k = pp.runq.grab(batch, 0, true, null)) > 0; ) {
            for (int i = 0; i < k; i++) {
                G g = batch[i];
                batch[i] = null;
                g.schedlink = null;
                if (tail == null) head = g; else tail.schedlink = g;
                tail = g;
                n++;
            }
        }
        if (n > 0) sched.injectglist(null, head, n);
    }

    /**
     * Whether gp's innermost frame is a native method: a blocking read, a JNI call. Takes a
     * stack sample, so only for a G that already ignored preemption for 10 ms. The native
     * frames of the virtual thread switch itself ({@code Continuation.doYield} and friends)
     * do not count: a G seen there is mid-yield and its thread merely has no core right now
     * (a loaded machine); taking its P would let another goroutine run beside it at
     * GOMAXPROCS 1.
     */
    private static boolean inNativeCode(G gp) {
        Thread t = gp.thread;
        if (t == null) return false;
        StackTraceElement[] st = t.getStackTrace();
        return st.length > 0 && isBlockingNative(st[0]);
    }

    static boolean isBlockingNative(StackTraceElement top) {
        if (!top.isNativeMethod()) return false;
        String cls = top.getClassName();
        return !cls.equals("jdk.internal.vm.Continuation") && !cls.equals("java.lang.VirtualThread");
    }

    static final int NATIVE_UNSURE = -1, NATIVE_BLOCKED = 0, NATIVE_ON_CPU = 1;
    /** How long sysmon watches a thread found in native code before it says whether it waits. */
    static final long NATIVE_WINDOW_NS = 2_000_000;

    /**
     * Whether mp, found in a native method while its G ignores preemption (gtick t), waits
     * there or runs. A native frame on top is not enough to call it blocked: a goroutine
     * that serves sockets in a loop without ever parking (Jetty's threads under load) is
     * inside a non-blocking {@code read} or {@code writev} much of the time, and handing
     * its P off as if it were blocked lets two threads run goroutine code for one P, past
     * GOMAXPROCS and outside the stuck allowance, each time it is seen there. Its thread's
     * CPU time tells them apart: a thread waiting in the kernel uses next to none, so one
     * that used a tenth of the wall time over the last window (at least
     * {@link #NATIVE_WINDOW_NS}) runs. A quiet window is not enough either: on a loaded CPU
     * a runnable thread may wait for a core for the whole window, so the kernel's run state
     * of thread {@code tid} decides it ({@link OsThread}: runnable means it runs, or would).
     * UNSURE until a window has passed; BLOCKED where there is no thread CPU clock (as
     * before this check).
     */
    static int nativeState(P pp, Thread mp, int tid, long t, long now) {
        long cpu = ThreadCpuClock.nanos(mp);
        if (cpu < 0) return NATIVE_BLOCKED;
        if (pp.sysmonNativeGtick != t) {
            pp.sysmonNativeGtick = t;
            pp.sysmonNativeCpu = cpu;
            pp.sysmonNativeWhen = now;
            return NATIVE_UNSURE;
        }
        long wall = now - pp.sysmonNativeWhen;
        if (wall < NATIVE_WINDOW_NS) return NATIVE_UNSURE;
        long used = cpu - pp.sysmonNativeCpu;
        pp.sysmonNativeCpu = cpu; // the next verdict looks at the next window
        pp.sysmonNativeWhen = now;
        if (used * 10 >= wall) return NATIVE_ON_CPU;
        return OsThread.runState(tid) == OsThread.RUNNABLE ? NATIVE_ON_CPU : NATIVE_BLOCKED;
    }

    /**
     * The gate in front of the stuck allowance: mp's thread must have run 10 ms of CPU
     * since sysmon first found its G (gtick t) ignoring preemption in Java code. A thread the
     * OS did not schedule, or a G that sat through a GC pause, ignored nothing; Go would
     * leave its P alone, and so does go4j. The first sighting records the baseline, so a
     * truly CPU-bound G loses its P one forcePreemptNS later than before.
     */
    static boolean burnedCpuSinceIgnoring(P pp, Thread mp, long t) {
        long cpu = ThreadCpuClock.nanos(mp);
        if (cpu < 0) return true; // no thread CPU clock: wall time decides, as before
        if (pp.sysmonStuckGtick != t) {
            pp.sysmonStuckGtick = t;
            pp.sysmonStuckCpu = cpu;
            return false;
        }
        return cpu - pp.sysmonStuckCpu >= FORCE_PREEMPT_NS;
    }

    /**
     * On the one hand we don't want to retake P's if there is no other work to do, but on
     * the other hand we want to retake them eventually because they can prevent the
     * sysmon thread from deep sleep.
     */
    private boolean worthRetaking(P pp, long since, long now) {
        Idle idle = sched.idle;
        return !(pp.runq.isEmpty() && idle.nmspinning.get() + idle.npidle.get() > 0
                && since + SYSCALL_RETAKE_NS > now);
    }

    /** Mirrors preemptone: asks the G running on pp to stop. */
    private static void preemptone(P pp) {
        // For the slice, whichever G runs it from now on (Schedule.execute passes it on):
        // the G seen here may park before it checks, and between two G's curg is null.
        boolean fresh = !pp.preemptSlice;
        pp.preemptSlice = true;
        M mp = pp.m;
        G gp = mp == null ? null : mp.curg;
        // Counted once per slice even when no G is on the M (between two G's of a hand-off
        // chain, or while its M gives its CPU up between them): the next G of the slice
        // gets the request. Counting only a G seen running lost most requests on a loaded
        // machine (PreemptSliceTest saw 38 in 10 s against 500 yields).
        boolean newRequest = gp != null ? !gp.preempt : fresh;
        if (newRequest) pp.sched.events.preempt(pp, gp);
        if (gp != null) gp.preempt = true;
    }
}
