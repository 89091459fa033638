package dev.go4j.internal.sched;

import dev.go4j.internal.carrier.VirtualThreadState;

import java.util.concurrent.locks.LockSupport;

/**
 * Deadlock detection for a {@code Go.run} runtime (Go's checkdead).
 *
 * <p>Implementation overview. Called with the sched lock held whenever an M goes to sleep
 * (stopm, stoplockedm, the poll sleep). The runtime is dead when nothing can ever run
 * again: no M runs (idle, locked-idle and polling M's are asleep), every P is idle with
 * an empty queue, the global queue is empty, no G is running or parked by the JDK (a G
 * in {@code Thread.sleep}, a socket read or a j.u.c lock can wake without go4j), and no
 * timer can wake anyone. Every live G must be known and {@code _Gwaiting}.
 *
 * <p>Timers: a sleep, an {@code afterFunc} or a context deadline can wake a goroutine,
 * so any of those keeps the runtime alive. A timer channel's timer counts only while a
 * goroutine is blocked on its channel: Go 1.23 keeps such timers out of the heap until a
 * receiver blocks, so {@code NewTicker} plus a receive on a channel nobody sends to is a
 * deadlock there, and here ({@link RuntimeTimer#canWake}).
 *
 * <p>go4j only: the JDK's view. A goroutine readied while someone takes its stack sample
 * keeps {@code _Gwaiting} until the sampler resubmits it (see
 * {@link VirtualThreadState}), so {@link #check} alone can see "everyone asleep" a moment
 * before a G becomes runnable. A verdict is therefore only final once {@link #confirm},
 * outside the sched lock, finds every G's virtual thread settled in PARKED; until then it
 * waits for the sample to end and looks again.
 */
final class CheckDead {
    private final Sched sched;

    CheckDead(Sched sched) { this.sched = sched; }

    /**
     * True if, by go4j's own state, no goroutine can ever run again; sched lock held. The
     * caller, unlocked, then calls {@link RunState#deadlock}, which {@linkplain #confirm confirms}.
     */
    boolean check() {
        boolean wasForeignOnly = foreignOnly;
        foreignOnly = false;
        if (sched.isDefault || sched.shutdown || sched.runState.finished()) return false;
        // Read before any timer: see RuntimeTimer.chanResetsStarted.
        long resetsFinished = RuntimeTimer.chanResetsFinished();
        Idle idle = sched.idle;
        // An M still running without a P (its P was retaken while its G ran on: the G may
        // be just about to be readied, e.g. its unpark landed while it was parking) can
        // still make progress: Go's "run := mcount() - nmidle - nmidlelocked - nmsys".
        int sleeping = idle.nmidle + idle.nmidlelocked + (sched.netpoll.pollingM() != null ? 1 : 0);
        if (idle.mcount - sleeping > 0) return false;
        if (idle.npidle.get() != sched.gomaxprocs || idle.nmspinning.get() != 0 || sched.runq.size() != 0) return false;
        for (P pp : sched.allp) {
            if (pp.status != P.IDLE && pp.status != P.DEAD) return false;
            if (!pp.runq.isEmpty() || pp.timers.anyCanWake()) return false;
        }
        // A G parked by the JDK (sleep, socket, a j.u.c lock) still reads RUNNING: it can
        // wake without go4j's help, so it is no deadlock. So can G's in a syscall.
        for (M mp : sched.allm) if (mp.curg != null) return false;
        if (sched.allgs.size() == 0 || !sched.allgs.allLiveListedAnd(gp -> gp.status == GStatus.WAITING)) return false;
        if (anotherRuntimeCanWake() || RuntimeTimer.chanResetsStarted() != resetsFinished) {
            foreignOnly = true;
            sched.events.counters.deadlockDeferrals.increment();
            // Sysmon may have read the flag (false) just before going to sleep for a
            // minute; its waiting flag is written under the sched lock, held here.
            if (!wasForeignOnly) sched.sysmon.wakeIfWaiting();
            return false;
        }
        return true;
    }

    /**
     * The last {@link #check} found every goroutine asleep, and only another runtime (its
     * timers, its busy P's) or a timer reset in flight could still wake one. No M of this runtime would notice
     * that runtime going quiet, so sysmon looks again every {@link #FOREIGN_RECHECK_NS}
     * ({@link #recheck}).
     */
    volatile boolean foreignOnly;

    /** How often sysmon repeats the check while only other runtimes keep this one alive. */
    static final long FOREIGN_RECHECK_NS = 10_000_000;

    /**
     * go4j only: Go has one runtime. Here another runtime can wake this one's goroutines:
     * <ul>
     * <li>its timers: one made outside this runtime lives in another's heap (a plain
     *     thread's in the default runtime's: {@link TimerHeap#forCaller}), such as a
     *     context deadline or a {@code Time.after} channel made in {@code main} before
     *     {@code Go.run};
     * <li>its busy P's: an M holding one runs a goroutine that may be about to send here,
     *     or the {@code afterFunc} that starts such a goroutine; Go's checkdead counts
     *     running M's the same way ({@code run > 0}). Without this, a foreign timer that
     *     had just fired left a gap (out of the heap, its goroutine not yet sent), and a run
     *     fed from the default runtime, as the README advises, could be declared dead. Also
     *     its spinning M's, its global queue, an M handing over what its blocking socket
     *     poll woke ({@link Netpoll#handingOver}), and a CPU-bound goroutine that ignored
     *     preemption and lost its P to sysmon but runs on ({@link Preempt#nstuck}).
     * </ul>
     * Like Go's checkdead, which lets any pending timer keep the program alive, this errs
     * towards alive. P's, not M's, are counted: an M blocked in a JDK call or in native
     * code (a read of stdin) loses its P to sysmon within 10 ms and then counts no more, as
     * a goroutine of another runtime blocked on a socket or a JDK lock does not (a server
     * there would otherwise hide every deadlock here); once woken it runs on a P, and
     * counts.
     *
     * <p>Read order matters: an M takes a P before it runs that P's timers, and keeps it
     * until the goroutine it readied or started has run, so a reader that finds the timer
     * gone (under the heap lock) finds the P busy. Everything read here is lock-free (the
     * other runtime's sched lock is not taken: this one's is held, and two runtimes
     * checking each other must not wait for each other).
     */
    private boolean anotherRuntimeCanWake() {
        for (Sched s : Runtimes.live()) {
            if (s != sched && s.started && wakeSource(s) != null) return true;
        }
        return false;
    }

    /**
     * What in s could wake a goroutine of another runtime now (see
     * {@link #anotherRuntimeCanWake}), or null: a constant, so the check allocates nothing.
     */
    private static String wakeSource(Sched s) {
        for (P pp : s.allp) if (pp.timers.anyCanWake()) return "timers";
        Idle idle = s.idle;
        if (idle.npidle.get() < s.gomaxprocs) return "busy P";
        if (idle.nmspinning.get() > 0) return "spinning M";
        if (s.runq.size() != 0) return "global queue";
        if (s.preempt.nstuck.get() > 0) return "stuck M";
        if (s.netpoll.handingOver()) return "poll hand-over";
        return null;
    }

    /**
     * For scheddetail and hang dumps: how often a verdict was deferred, and what in other
     * runtimes would defer it now ("runtime 2 (default): timers (P0: 1 of 3 can wake, first in 3599.9 s, a FuncTimer)").
     * A hang where every goroutine waits is either a missed wake-up or one of these.
     */
    String describe() {
        StringBuilder sb = new StringBuilder("checkdead: foreignOnly=").append(foreignOnly)
                .append(" deferrals=").append(sched.events.counters.deadlockDeferrals.sum());
        long resets = RuntimeTimer.chanResetsStarted() - RuntimeTimer.chanResetsFinished();
        if (resets != 0) sb.append(" chanResetsInFlight=").append(resets);
        for (Sched s : Runtimes.live()) {
            if (s == sched || !s.started) continue;
            String why = wakeSource(s);
            if (why == null) continue;
            sb.append(" | runtime ").append(s.runtimeId()).append(s.isDefault ? " (default)" : "").append(": ").append(why);
            if (why.equals("timers")) {
                long now = System.nanoTime();
                for (P pp : s.allp) {
                    String t = pp.timers.describeKeepAlive(now);
                    if (t != null) sb.append(" (").append(t).append(')');
                }
            }
        }
        return sb.toString();
    }

    /** Sysmon's repeat of the check while {@link #foreignOnly} (sched lock not held). */
    void recheck() {
        boolean dead;
        sched.lock.lock();
        try {
            dead = check();
        } finally {
            sched.lock.unlock();
        }
        if (dead) sched.runState.deadlock();
    }

    /**
     * Called unlocked after {@link #check} said dead: true if the runtime is still dead once
     * no G's virtual thread has a wake-up in flight. While a stack sample holds a readied G
     * (or its unpark is half done) the verdict cannot be made; the sample ends within
     * microseconds, so this yields, then sleeps briefly, and looks again. A G that leaves
     * that state runs, so the answer then is almost always "alive".
     */
    boolean confirm() {
        for (int tries = 0; ; tries++) {
            boolean dead, settled;
            sched.lock.lock();
            try {
                dead = check();
                settled = !dead || sched.allgs.allLiveListedAnd(gp -> VirtualThreadState.settledParked(gp.thread));
            } finally {
                sched.lock.unlock();
            }
            if (!dead) return false;
            if (settled) return true;
            if (tries < 100) Thread.yield();
            else LockSupport.parkNanos(100_000L);
        }
    }
}
