package dev.go4j.internal.sched;

/**
 * Goroutines wired to their M (Go's LockOSThread, stoplockedm and startlockedm).
 *
 * <p>Implementation overview. A locked G runs only on its M. When it parks, its M gives
 * its P away ({@link #stoplockedm}) and sleeps on its park note, not on the idle M list.
 * When the G is readied it lands in some run queue like any G; the M that picks it
 * ({@link #startlockedm}) hands the G and its own P to the locked M and goes idle. The
 * locked M returns the G to its loop ({@link Schedule#mstart}), which runs it: the wait
 * is a loop, not a recursion, so a locked G may park any number of times.
 */
final class LockedThreads {
    private final Sched sched;

    LockedThreads(Sched sched) { this.sched = sched; }

    /** Mirrors LockOSThread (nests). */
    void lockOSThread(G gp) {
        gp.lockedCount++;
        M mp = G.callerM();
        gp.lockedm = mp;
        if (mp != null) mp.lockedg = gp;
    }

    /** Mirrors UnlockOSThread. */
    void unlockOSThread(G gp) {
        if (gp.lockedCount == 0) return;
        if (--gp.lockedCount == 0) {
            M mp = gp.lockedm;
            gp.lockedm = null;
            if (mp != null && mp.lockedg == gp) mp.lockedg = null;
        }
    }

    /**
     * Mirrors stoplockedm: mp's locked G parked, so mp gives its P away and sleeps until
     * the G is runnable again and some M hands it over with a P. Returns that G (mp then
     * owns the P and the G inherits the time slice), or null at shutdown.
     */
    G stoplockedm(M mp, G gp) {
        if (mp.p != null) {
            P pp;
            sched.lock.lock();
            try {
                pp = Idle.releasep(mp);
            } finally {
                sched.lock.unlock();
            }
            sched.syscalls.handoffp(pp);
        }
        Idle idle = sched.idle;
        for (;;) {
            boolean dead;
            sched.lock.lock();
            try {
                if (sched.shutdown) return handedOverAtShutdown(mp); // shutdown may have looked for locked M's already
                idle.nmidlelocked++;
                dead = sched.checkdead.check();
            } finally {
                sched.lock.unlock();
            }
            if (dead) sched.runState.deadlock();
            mp.notesleep();
            sched.lock.lock();
            try {
                idle.nmidlelocked--;
            } finally {
                sched.lock.unlock();
            }
            if (sched.shutdown) return handedOverAtShutdown(mp);
            P np = mp.nextp;
            G ng = mp.nextg;
            if (np != null && ng != null) {
                mp.nextp = null;
                mp.nextg = null;
                Idle.acquirep(mp, np);
                mp.inheritTime[0] = true;
                return ng;
            }
        }
    }

    /** Mirrors startlockedm: gp is wired to another M; hand our P to that M and go idle. */
    void startlockedm(M mp, G gp) {
        M lm = gp.lockedm;
        P pp;
        sched.lock.lock();
        try {
            pp = Idle.releasep(mp);
        } finally {
            sched.lock.unlock();
        }
        lm.nextg = gp;
        lm.nextp = pp;
        lm.notewakeup();
        // lm may have seen the shutdown and ended before the hand-over: then nobody would
        // run gp. Both sides may deliver it; the side pool runs it once.
        if (sched.shutdown) Abandoned.ready(gp);
    }

    /** stoplockedm at shutdown: a G already handed over to mp goes to the side pool. */
    private static G handedOverAtShutdown(M mp) {
        G ng = mp.nextg;
        if (ng != null) {
            mp.nextg = null;
            mp.nextp = null;
            Abandoned.ready(ng);
        }
        return null;
    }
}
