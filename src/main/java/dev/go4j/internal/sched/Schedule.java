package dev.go4j.internal.sched;

import dev.go4j.internal.carrier.JdkPollers;

import java.util.concurrent.ThreadLocalRandom;

/**
 * The M's loop: find a runnable G, run it until it parks, repeat (Go's mstart, schedule,
 * execute, findRunnable and stealWork in proc.go).
 *
 * <p>Implementation overview.
 * <ul>
 * <li>{@link #mstart} is the body of every M. Each round it either runs the G that a
 *     locked-thread hand-off gave it, or calls {@link #schedule}; the G runs in
 *     {@link #execute} until its continuation returns (it parked, yielded or ended).
 *     Nothing here recurses: a locked M's wait for its G ({@link LockedThreads#stoplockedm})
 *     returns to this loop, so an M's stack depth does not grow with the number of parks.
 * <li>{@link #findRunnable} looks in Go's order: every 61st schedtick one G from the
 *     global queue; due timers; runnext, then the local ring; the global queue; the
 *     sockets (see {@link Netpoll}); four rounds of stealing; then it gives the P back and sleeps, after re-checking every
 *     queue when it stops spinning, so no readied G is stranded.
 * <li>Time slices: a G taken from runnext inherits the current slice (schedtick does not
 *     move), so sysmon's 10 ms preemption covers a whole hand-off chain. A G that yielded
 *     to a preemption request ends its slice: the next G on this M starts a new one even
 *     if it comes from runnext. A preempted slice that reaches a switch without such a
 *     yield (a chain of JDK parks and unparks) ends there: the G in runnext goes to the
 *     global queue, as if preempted, and the next G starts a new slice.
 * </ul>
 */
final class Schedule {
    private final Sched sched;
    private final Idle idle;

    Schedule(Sched sched) {
        this.sched = sched;
        this.idle = sched.idle;
    }

    /** Mirrors mstart/mstart1: the body of every M. */
    void mstart(M mp) {
        try {
            P np = mp.nextp;
            if (np != null) {
                mp.nextp = null;
                Idle.acquirep(mp, np);
            }
            G next = null; // a G handed over by startlockedm, to run without scheduling
            while (!sched.shutdown) {
                G gp = next;
                next = null;
                if (gp == null) {
                    if (mp.p == null && !sched.syscalls.reclaimSyscallP(mp)) {
                        if (!idle.stopm(mp)) break;
                        continue;
                    }
                    gp = schedule(mp);
                    if (gp == null) continue;
                }
                execute(mp, gp);
                if (CpuYield.ENABLED) CpuYield.afterGoroutine(sched, mp);
                if (mp.lockedg == gp) {
                    if (gp.status == GStatus.DEAD) mp.lockedg = null; // Go ends the thread; go4j reuses it
                    else next = sched.locked.stoplockedm(mp, gp);
                }
            }
            if (next != null) Abandoned.ready(next); // handed over just as the runtime ended
            // An M whose join the shutdown gave up on may have moved G's into its ring
            // (globrunqget, a steal) after the shutdown looked.
            if (sched.shutdown) Abandoned.rescueQueued(sched);
        } catch (Throwable t) {
            sched.runState.fatal("go4j: M" + mp.mid + " failed: " + t, t);
        } finally {
            // Only an M that polled has a buffer: the others must not initialize JdkPollers
            // (its method handle lookups) on their way out, which a short Go.run waited for.
            if (mp.pollBuf != 0) {
                JdkPollers.freeBuffer(mp.pollBuf);
                mp.pollBuf = 0;
            }
            idle.mexit();
        }
    }

    /**
     * Mirrors schedule: one round of finding a runnable G for mp. Returns null when mp
     * lost its P while looking (it then stops or reclaims one in the caller's loop).
     */
    private G schedule(M mp) {
        P pp = mp.p;
        if (pp.destroyRequested) {
            sched.procs.destroyOwnedP(mp, pp);
            return null;
        }
        G gp = findRunnable(mp, mp.inheritTime);
        if (gp == null) return null;
        // This thread is going to run a goroutine and is not spinning anymore, so if it
        // was marked as spinning we need to reset it now and potentially start a new
        // spinning M (mirrors resetspinning).
        if (mp.spinning) idle.resetspinning(mp);
        if (gp.lockedm != null && gp.lockedm != mp) {
            sched.locked.startlockedm(mp, gp);
            return null;
        }
        return gp;
    }

    /** Mirrors execute: runs gp on mp until it parks, yields or ends. */
    void execute(M mp, G gp) {
        // A stale entry: a duplicate submission queued gp again while an M was between
        // clearing its claim and mounting it (a stack sample's resubmit, JDK 25's
        // tryGetStackTrace), and that M's run has since parked or ended the G. Running it
        // would mark a parked G RUNNING, which reads as parked by the JDK: checkdead then
        // never reports a real deadlock (StackSampleDeadlockTest hung in CI on one CPU).
        // The claim is given back as in Sched.ready; a ready that lost it meanwhile made
        // the thread runnable, and this M then runs it after all.
        if (!gp.claimStillRunnable()) return;
        P pp = mp.p;
        // Release stores up to task.run(), whose mount (a CAS on the virtual thread's
        // state) publishes them; see G's class comment.
        mp.setCurgRelease(gp);
        gp.setMRelease(mp);
        gp.setStatusRelease(GStatus.RUNNING);
        if (!mp.inheritTime[0] || mp.newSlice) {
            pp.schedtick++;
            if (pp.preemptSlice) {
                pp.preemptSlice = false;
                // A request made between two G's, ended by this switch rather than a yield.
                if (!mp.newSlice) sched.events.counters.preemptedSliceEnded.increment();
            }
            mp.newSlice = false;
        }
        pp.gtick++;
        // Sysmon preempts a time slice, not one G. Go's signal stops whichever G is running
        // when it lands; go4j's request is a flag the G checks at its next runtime call,
        // and in a hand-off chain (two goroutines readying each other through runnext,
        // a switch every microsecond or two) the flagged G has often parked before its
        // next check. So a G that inherits a preempted slice gets the request too, and a
        // G that starts a new slice drops a stale one.
        boolean preempt = pp.preemptSlice;
        if (gp.preempt != preempt) gp.preempt = preempt;
        if (gp.notPreemptible) gp.notPreemptible = false;
        mp.locksP = false;
        gp.clearQueued();
        SchedLatency.record(mp, gp);
        pp.unlockOwned(); // sysmon may retake from here on
        try {
            sched.events.goStart(mp, pp, gp);
            gp.task.run();
        } finally {
            sched.events.goStop(mp, gp);
            // Published by the lockOwned CAS or the sched lock that comes next.
            mp.setCurgRelease(null);
            // Not atomic with the check: gp may already run on another M that set gp.m in
            // between, which this then clears. Go clears gp.m before the G can be readied
            // (park_m's dropg); the JDK readies it whenever it likes. A CAS on every switch
            // for a window this narrow is not worth it, so nothing may rely on gp.m while
            // gp runs: a goroutine asks G.callerM(), and only a dump or schedtrace of other
            // G's reads gp.m (and may, for that instant, call a running G parked).
            if (gp.m == mp) gp.setMRelease(null);
            if (mp.stuck) sched.preempt.unstuck(mp);
        }
        if (gp.preemptYield) {
            gp.preemptYield = false;
            mp.newSlice = true;
        }
        if (gp.status != GStatus.DEAD) {
            sched.allgs.parked(gp, mp);
            // Unmounted still RUNNING: parked by the JDK (go4j's own parks say WAITING).
            if (gp.status == GStatus.RUNNING) {
                if (!Netpoll.socketsInited()) sched.netpoll.noticeJdkPark();
                else if (gp.adopted != null && gp.adopted.system) sched.netpoll.subPollerParked(gp);
            }
        }
        if (mp.p != null) {
            if (mp.p.lockOwned(mp)) {
                mp.locksP = true;
            } else {
                mp.p = null; // retaken: like exitsyscall0, this M goes idle
                // The hand-off of that P (handoffp) may have looked before the G that just
                // ran made this runtime hold the sub-pollers (subPollerParked, which this M
                // may have waited in for the takeover's lock): then no M would be left to
                // sleep in epoll on them, and a socket the JDK's master no longer watches
                // would never wake its thread. Found as a hang in NetpollTakeoverTest.
                if (sched.netpoll.needsPoller()) idle.wakep();
            }
        }
        // Again after the P: sysmon marks an M stuck before it takes the P, so a G that
        // returned just before the mark left it to be found here (see Sysmon.retake).
        if (mp.stuck) sched.preempt.unstuck(mp);
    }

    /**
     * Mirrors findRunnable: finds a runnable goroutine to execute, trying to steal from
     * other P's, checking the global queue and timers; blocks (stopm) when there is
     * nothing. Returns null if mp ends up without a P.
     */
    private G findRunnable(M mp, boolean[] inheritTime) {
        GlobalRunQueue runq = sched.runq;
        top:
        for (;;) {
            if (sched.shutdown) return null;
            P pp = mp.p;
            if (pp == null) return null;
            inheritTime[0] = false;

            // Check the global runnable queue once in a while to ensure fairness.
            // Otherwise two goroutines can completely occupy the local runqueue by
            // constantly respawning each other.
            if (pp.schedtick % 61 == 0 && runq.size() > 0) {
                G gp;
                sched.lock.lock();
                try {
                    gp = globrunqget(pp, 1);
                } finally {
                    sched.lock.unlock();
                }
                if (gp != null) return gp;
            }

            // Mirrors checkTimers: no clock read unless this P has a timer.
            long pollUntil = pp.timers.wakeTime();
            if (pollUntil != 0) pollUntil = pp.timers.check(System.nanoTime());

            // A slice sysmon preempted ends at this switch, whichever way the chain got here.
            // Go's signal stops the running G wherever it is; go4j's request waits for a
            // runtime call, and a chain that switches only through the JDK (a goroutine
            // starting a child virtual thread and joining it: start, join's park and the
            // child's exit readying its parent) makes none, so its G's would inherit the
            // slice forever and the rest of the P's work never run. The G that would have
            // inherited it is preempted instead (mirrors gopreempt_m: global queue, wakep),
            // and this M starts a new slice with whatever is queued. A chain that yielded
            // through a check already started one (newSlice): nothing to do then.
            if (pp.preemptSlice && !mp.newSlice) preemptRunnext(pp);

            G gp = pp.runq.getOwned(inheritTime);
            if (gp != null) return gp;

            if (runq.size() != 0) {
                sched.lock.lock();
                try {
                    gp = globrunqget(pp, 0);
                } finally {
                    sched.lock.unlock();
                }
                if (gp != null) {
                    inheritTime[0] = false;
                    return gp;
                }
            }

            // Poll network. This netpoll is only an optimization before we resort to
            // stealing: the JDK's poller threads would wake these goroutines anyway, but
            // through two thread hand-offs.
            if (sched.netpoll.shouldPollSockets()) {
                gp = sched.netpoll.pollSockets(mp);
                if (gp != null) {
                    inheritTime[0] = false;
                    return gp;
                }
                if (mp.p == null) { // the poll blocked and sysmon retook the P
                    if (mp.spinning) idle.resetspinning(mp);
                    return null;
                }
            }

            // Spinning Ms: steal work from other Ps. Limit the number of spinning Ms to
            // half the number of busy Ps. This is necessary to prevent excessive CPU
            // consumption when GOMAXPROCS>>1 but the program parallelism is low.
            int procs = sched.gomaxprocs;
            if (mp.spinning || 2 * idle.nmspinning.get() < procs - idle.npidle.get()) {
                if (!mp.spinning) idle.becomeSpinning(mp);
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
            P[] allpSnapshot = sched.allp;
            sched.lock.lock();
            try {
                if (runq.size() != 0) {
                    gp = globrunqget(pp, 0);
                    if (gp != null) return gp;
                }
                if (!mp.spinning && idle.needspinning.get() == 1) {
                    // See "Delicate dance" below.
                    idle.becomeSpinning(mp);
                    continue top;
                }
                Idle.releasep(mp);
                if (pp.destroyRequested) sched.procs.destroyLocked(pp); // GOMAXPROCS shrank past it
                else idle.pidleput(pp);
            } finally {
                sched.lock.unlock();
            }

            // Delicate dance: thread transitions from spinning to non-spinning state,
            // potentially concurrently with submission of new work. We must drop
            // nmspinning first and then check all sources again. If we do it the other
            // way around, another thread can submit work after we've checked all
            // sources but before we drop nmspinning; as a result nobody will unpark a
            // thread to run the work.
            if (mp.spinning) {
                idle.stopSpinning(mp);

                // Check global and P runqueues again.
                sched.lock.lock();
                try {
                    if (runq.size() != 0) {
                        P pp2 = idle.pidlegetSpinning();
                        if (pp2 != null) {
                            Idle.acquirep(mp, pp2);
                            idle.becomeSpinning(mp);
                            G g2 = globrunqget(pp2, 0);
                            if (g2 != null) return g2;
                            continue top;
                        }
                    }
                } finally {
                    sched.lock.unlock();
                }
                P pp2 = checkRunqsNoP(allpSnapshot);
                if (pp2 != null) {
                    Idle.acquirep(mp, pp2);
                    idle.becomeSpinning(mp);
                    continue top;
                }
                // Finally, check for timer creation or expiry concurrently with
                // transitioning from spinning to non-spinning.
                pollUntil = checkTimersNoP(allpSnapshot, pollUntil);
            }

            // Poll network until the next timer (Go's blocking netpoll), unless another M
            // already does: in epoll if goroutines wait on sockets, else just a sleep.
            boolean sockets = sched.netpoll.socketsWaiting();
            if ((pollUntil != 0 || sockets) && becomePoller(mp, pollUntil)) {
                sched.netpoll.poll(mp, pollUntil, sockets);
                G list = mp.netpollHead;
                int n = mp.netpollCount;
                mp.netpollHead = mp.netpollTail = null;
                mp.netpollCount = 0;
                if (sched.shutdown) {
                    sched.netpoll.handedOver(mp);
                    Abandoned.readyList(list);
                    return null;
                }
                P pp2;
                sched.lock.lock();
                try {
                    pp2 = idle.pidleget();
                } finally {
                    sched.lock.unlock();
                }
                if (pp2 == null) {
                    // All P's are busy: they will find these in the global queue, and run
                    // their own timers.
                    if (list != null) sched.injectglist(mp, list, n);
                    sched.netpoll.handedOver(mp); // queued: other runtimes' deadlock checks see them
                } else {
                    sched.netpoll.handedOver(mp); // a P taken: other runtimes' deadlock checks see it busy
                    Idle.acquirep(mp, pp2);
                    if (list != null) {
                        G rest = list.schedlink;
                        list.schedlink = null;
                        if (rest != null) sched.injectglist(mp, rest, n - 1);
                        inheritTime[0] = false;
                        return list;
                    }
                    continue top;
                }
            } else if (pollUntil != 0) {
                // Mirrors "else if pollUntil != 0 && netpollinited()": the poller sleeps
                // past a timer we know of; wake it to recompute.
                sched.netpoll.breakIfLater(pollUntil);
            }
            if (!idle.stopm(mp)) return null;
        }
    }

    /** Sends pp's runnext, if any, to the global queue as a preempted G (see findRunnable). */
    private void preemptRunnext(P pp) {
        G next = pp.runq.runnext();
        if (next == null || !pp.runq.casRunnext(next, null)) return;
        sched.events.counters.preemptedRunnext.increment();
        sched.globrunqputAndWake(next);
    }

    /** Becomes the polling M; runs checkdead, since a poller counts as idle. */
    private boolean becomePoller(M mp, long until) {
        boolean dead;
        sched.lock.lock();
        try {
            if (sched.shutdown || !sched.netpoll.becomePollerLocked(mp, until)) return false;
            dead = sched.checkdead.check();
        } finally {
            sched.lock.unlock();
        }
        if (dead) sched.runState.deadlock();
        return true;
    }

    /**
     * Mirrors stealWork: up to four rounds over all P's in random order; the last round
     * also runs due timers of other P's and may take their runnext.
     */
    private G stealWork(M mp, P pp, long[] pollUntil) {
        final int stealTries = 4;
        P[] ps = sched.allp;
        int n = Math.min(sched.gomaxprocs, ps.length);
        if (n <= 1) return null;
        ThreadLocalRandom rnd = ThreadLocalRandom.current();
        for (int i = 0; i < stealTries; i++) {
            boolean stealTimersOrRunNextG = i == stealTries - 1;
            int start = rnd.nextInt(n);
            int inc = RandomOrder.coprime(n, rnd.nextInt(Integer.MAX_VALUE));
            int pos = start;
            for (int k = 0; k < n; k++, pos = (pos + inc) % n) {
                if (sched.shutdown) return null;
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
                    if (gp != null) { sched.events.steal(pp, p2, gp); return gp; }
                }
            }
        }
        return null;
    }

    /** Mirrors checkRunqsNoP: an idle P to run the work found on some P's queue, or null. */
    private P checkRunqsNoP(P[] ps) {
        int n = Math.min(sched.gomaxprocs, ps.length);
        for (int i = 0; i < n; i++) {
            P p2 = ps[i];
            if (p2 != null && !p2.runq.isEmpty()) {
                sched.lock.lock();
                try {
                    return idle.pidlegetSpinning();
                } finally {
                    sched.lock.unlock();
                }
            }
        }
        return null;
    }

    /** Mirrors checkTimersNoP: the earliest timer of any P, folded into pollUntil. */
    private static long checkTimersNoP(P[] ps, long pollUntil) {
        for (P p2 : ps) {
            if (p2 == null) continue;
            long w = p2.timers.wakeTime();
            if (w != 0 && (pollUntil == 0 || w < pollUntil)) pollUntil = w;
        }
        return pollUntil;
    }

    /** Mirrors globrunqget: takes a batch from the global queue; sched lock held. */
    G globrunqget(P pp, int max) {
        GlobalRunQueue runq = sched.runq;
        int size = runq.size();
        if (size == 0) return null;
        int n = size / Math.max(1, sched.gomaxprocs) + 1;
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
}
