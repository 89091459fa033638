package dev.go4j.internal.sched;

import dev.go4j.internal.carrier.CarrierAdapter;

/**
 * Blocking calls and P hand-off (Go's entersyscall, exitsyscall and handoffp).
 *
 * <p>Implementation overview. {@code Go.blocking} marks the G {@code _Gsyscall} and leaves
 * its P in {@code _Psyscall}, owned by nobody in particular: the M keeps it as
 * {@code oldp}. Sysmon retakes such a P after a tick ({@link Sysmon}) and hands it to
 * another M ({@link #handoffp}); so it does for a P whose carrier is blocked in the JDK.
 * When the call returns, the G's M takes its old P back if it is still in
 * {@code _Psyscall} (a CAS: exitsyscallfast), else an idle P, else it queues the G on
 * the global queue and goes idle (exitsyscall0).
 */
final class Syscalls {
    private final Sched sched;

    Syscalls(Sched sched) { this.sched = sched; }

    /** Mirrors handoffp: hands off pp from an M in a blocking call or a blocked carrier. */
    void handoffp(P pp) {
        sched.events.handoff(pp);
        Idle idle = sched.idle;
        // if it has local work, start it straight away
        if (!pp.runq.isEmpty() || sched.runq.size() != 0 || pp.destroyRequested) {
            idle.startm(pp, false);
            return;
        }
        // no local work, check that there are no spinning/idle M's, otherwise our help
        // is not required
        if (idle.nmspinning.get() + idle.npidle.get() == 0 && idle.nmspinning.compareAndSet(0, 1)) {
            idle.needspinning.set(0);
            idle.startm(pp, true);
            return;
        }
        // Read outside the lock: it looks at the JDK's pollers.
        boolean needPoller = sched.netpoll.needsPoller();
        long when;
        sched.lock.lock();
        try {
            if (sched.runq.size() != 0) {
                when = -1; // fall through to startm below, outside the lock
            } else if (needPoller && idle.npidle.get() == sched.gomaxprocs - 1) {
                // Mirrors "if this is the last running P and nobody is polling network,
                // need to wakeup another M to poll network" (go4j: only once sockets are
                // in use; Go wakes one for the last P whatever it waits for).
                when = -1;
            } else {
                when = pp.timers.wakeTime();
                idle.pidleput(pp);
            }
        } finally {
            sched.lock.unlock();
        }
        if (when == -1) {
            idle.startm(pp, false);
        } else if (when != 0) {
            sched.netpoll.wakeNetPoller(when);
        }
    }

    /** Mirrors entersyscall: the G is about to block its carrier; its P may be handed off. */
    void entersyscall(G gp) {
        gp.status = GStatus.SYSCALL;
        if (!(CarrierAdapter.currentCarrierThread() instanceof M mp) || mp.sched != sched) return;
        P pp = mp.p;
        if (pp == null) return;
        if (!pp.lockOwned(mp)) {
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
    void exitsyscall(G gp) {
        gp.status = GStatus.RUNNING;
        if (!(CarrierAdapter.currentCarrierThread() instanceof M mp) || mp.sched != sched) return;
        P oldp = mp.oldp;
        mp.oldp = null;
        if (mp.p != null) {
            // The call parked and the G resumed on an M that has a P: give the old one up.
            if (oldp != null && oldp != mp.p && oldp.casStatus(P.SYSCALL, P.IDLE)) handoffp(oldp);
            return;
        }
        // exitsyscallfast: re-acquire the last P. Through LOCKED, which sysmon does not
        // take: the P may have been retaken and be in another M's syscall now (taking it
        // is Go's rule too), so until m names this M, sysmon would judge and hand off the
        // P by that other M's state (found by review).
        if (oldp != null && oldp.casStatus(P.SYSCALL, P.LOCKED)) {
            oldp.m = mp;
            mp.p = oldp;
            oldp.unlockOwned();
            return;
        }
        // Try to get any other idle P. The sched lock is a spin lock, so this G stays on
        // mp while it waits; still check that it runs on mp under the lock.
        sched.lock.lock();
        try {
            if (CarrierAdapter.currentCarrierThread() != mp) return; // resumed on an M with a P
            P pp = sched.idle.pidleget();
            if (pp != null) {
                pp.m = mp;
                mp.p = pp;
                mp.locksP = false;
                pp.status = P.RUNNING;
                return;
            }
        } finally {
            sched.lock.unlock();
        }
        // The runtime ended during the call: nothing would run the G again after a yield
        // (an abandoned goroutine's yield is not delivered, see Abandoned), and it may hold
        // a monitor. It keeps this M until it parks, as one running at the shutdown does.
        if (sched.shutdown) return;
        // exitsyscall0: no P. Yield: the JDK requeues the G (global queue, since this M
        // has no P) and this M returns to its loop and stops.
        Preempt.gosched(gp);
    }

    /**
     * An M whose G parked inside Go.blocking takes its old P straight back rather than
     * leaving it in _Psyscall for sysmon to find.
     */
    boolean reclaimSyscallP(M mp) {
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
}
