package dev.go4j.internal.sched;

/**
 * Changing GOMAXPROCS (Go's GOMAXPROCS, procresize and (*p).destroy).
 *
 * <p>Implementation overview. Go stops the world to resize; go4j cannot stop running
 * goroutines. So, under the sched lock: new P's are created idle; idle P's beyond the new
 * count are destroyed at once (their G's go to the global queue, their timers to P0);
 * P's beyond the count that an M owns are marked {@code destroyRequested}, and the owner
 * destroys its P at its next scheduling point ({@link #destroyOwnedP}) or when it gives
 * the P up. A P handed off outside the lock while the count shrank is destroyed by
 * {@link Idle#pidleput}. No G or timer is ever left on a dead P.
 */
final class ProcResize {
    private final Sched sched;

    ProcResize(Sched sched) { this.sched = sched; }

    /** Mirrors GOMAXPROCS: sets the number of P's; returns the previous value. */
    int gomaxprocs(int n) {
        if (n > Sched.MAX_PROCS) {
            throw new IllegalArgumentException("gomaxprocs: " + n + " is above the limit of " + Sched.MAX_PROCS);
        }
        int old;
        sched.lock.lock();
        try {
            old = sched.gomaxprocs;
            if (n < 1 || n == old) return old;
            procresize(n);
        } finally {
            sched.lock.unlock();
        }
        sched.events.procs(old, n);
        // New P's may have work to do (the global queue, or queues of destroyed P's).
        for (int i = 0; i < n; i++) sched.idle.wakep();
        leaveDestroyedP();
        return old;
    }

    /**
     * A goroutine that shrank GOMAXPROCS from a P beyond the new count yields, so that it
     * returns on a P that remains, as Go's procresize moves its caller to allp[0]. Without
     * this the caller goes on running (and queueing the goroutines it starts) on a P that
     * only dies at its next scheduling point, while another M runs P0: two goroutines ran at
     * once right after {@code gomaxprocs(1)} returned.
     */
    private void leaveDestroyedP() {
        G gp = G.current();
        if (gp == null || gp.sched != sched) return;
        M mp = G.callerM();
        P pp = mp == null ? null : mp.p;
        if (pp != null && pp.destroyRequested) Preempt.gosched(gp);
    }

    /** Mirrors procresize (sched lock held). */
    void procresize(int nprocs) {
        P[] old = sched.allp;
        if (nprocs > old.length) {
            P[] grown = java.util.Arrays.copyOf(old, nprocs);
            for (int i = old.length; i < nprocs; i++) {
                grown[i] = new P(sched, i);
                grown[i].status = P.DEAD;
            }
            sched.allp = grown;
        }
        P[] ps = sched.allp;
        sched.gomaxprocs = nprocs;
        for (int i = 0; i < ps.length; i++) {
            P pp = ps[i];
            if (i < nprocs) {
                pp.destroyRequested = false;
                if (pp.status == P.DEAD) sched.idle.pidleput(pp);
            } else if (pp.status == P.IDLE && sched.idle.removeIdle(pp)) {
                destroyLocked(pp);
            } else if (pp.status != P.DEAD) {
                // Owned, or IDLE in a hand-off outside the lock (sysmon retake, handoffp):
                // whoever gets it next destroys it (schedule, or pidleput).
                pp.destroyRequested = true;
            }
        }
    }

    /** Mirrors (p).destroy: moves pp's G's and timers elsewhere; sched lock held, pp owned by nobody. */
    void destroyLocked(P pp) {
        G batch = pp.runq.drain();
        if (batch != null) sched.runq.putBatch(batch, GlobalRunQueue.count(batch));
        pp.timers.moveTo(sched.allp[0].timers);
        pp.m = null;
        pp.destroyRequested = false;
        pp.status = P.DEAD;
    }

    /** The owner of a P that procresize marked gives it up: destroyed, or idle if it came back in range. */
    void destroyOwnedP(M mp, P pp) {
        // A spinning M (just started by startm for this P) stops spinning with its P
        // gone: stopm requires it, and the wakep below finds a new spinner if needed.
        if (mp.spinning) sched.idle.stopSpinning(mp);
        sched.lock.lock();
        try {
            Idle.releasep(mp);
            if (pp.id >= sched.gomaxprocs) destroyLocked(pp);
            else {
                pp.destroyRequested = false;
                sched.idle.pidleput(pp);
            }
        } finally {
            sched.lock.unlock();
        }
        sched.idle.wakep();
    }
}
