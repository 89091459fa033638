package dev.go4j.internal.sched;

import java.util.concurrent.atomic.AtomicInteger;

/**
 * Idle P's, idle M's and spinning M's: how a runtime grows and shrinks the set of threads
 * that look for work (Go's pidle/midle lists, nmspinning, wakep/startm/stopm in proc.go;
 * Tokio's idle.rs plays the same part).
 *
 * <p>Implementation overview.
 * <ul>
 * <li>An M without work gives its P back to {@link #pidleput the idle P list}, puts itself
 *     on the idle M list and sleeps on its park note ({@link #stopm}). It wakes only when
 *     {@link #startm} has taken it off the list and handed it a P ({@code m.nextp}), or at
 *     shutdown: {@code stopm} never returns without a P.
 * <li>A readied G wakes an idle P only when nobody is spinning ({@link #wakep}); at most
 *     half of the busy P's may have spinning M's (checked in findRunnable). A ready that
 *     finds no idle P sets {@code needspinning}, so that an M about to give up its P
 *     looks once more (the "delicate dance").
 * </ul>
 *
 * <p>Invariants (sched lock held; checked by {@link SchedInvariants}):
 * <ul>
 * <li>every P on the idle list is there once, has status {@code _Pidle}, no owner, and an
 *     id below GOMAXPROCS; {@code npidle} is the length of the list;
 * <li>every M on the idle M list is there once and {@code nmidle} is its length; an M is
 *     put on it only by itself, in {@code stopm}, and taken off only by {@code mget};
 * <li>{@code nmspinning} counts the M's whose {@code spinning} flag is set.
 * </ul>
 */
final class Idle {
    private final Sched sched;

    // ---- guarded by the sched lock ----
    private P pidle;
    private M midle;
    int nmidle;
    /** M's asleep in stoplockedm waiting for their locked G (Go's nmidlelocked). */
    int nmidlelocked;
    /** M's started and not yet ended (Go's mcount()). */
    int mcount;
    private long mnext;

    // ---- lock-free ----
    final AtomicInteger npidle = new AtomicInteger();
    final AtomicInteger nmspinning = new AtomicInteger();
    final AtomicInteger needspinning = new AtomicInteger();

    /** Go's maxmcount. */
    static final int MAX_M_COUNT = 10_000;

    Idle(Sched sched) { this.sched = sched; }

    // ------------------------------------------------------------------ P ownership

    /** Mirrors acquirep/wirep: mp owns pp, in the LOCKED (scheduler) state. */
    static void acquirep(M mp, P pp) {
        pp.m = mp;
        pp.status = P.LOCKED;
        mp.p = pp;
        mp.locksP = true;
    }

    /** Mirrors releasep: mp gives pp up (the caller puts it somewhere). */
    static P releasep(M mp) {
        P pp = mp.p;
        mp.p = null;
        mp.locksP = false;
        pp.m = null;
        pp.status = P.IDLE;
        return pp;
    }

    // ------------------------------------------------------------------ the idle P list

    /** Mirrors pidleput; sched lock held. */
    void pidleput(P pp) {
        if (pp.id >= sched.gomaxprocs) {
            // A P handed off outside the lock (sysmon retake, stoplockedm, exitsyscall)
            // while GOMAXPROCS shrank below it: procresize saw it IDLE but not listed and
            // could not destroy it. It must not come back as idle (its timers would be
            // stranded and npidle would exceed gomaxprocs).
            sched.procs.destroyLocked(pp);
            return;
        }
        if (!pp.runq.isEmpty()) {
            // Another thread (a stale producer) raced; keep the work visible.
            G batch = pp.runq.drain();
            if (batch != null) sched.runq.putBatch(batch, GlobalRunQueue.count(batch));
        }
        // Whoever puts pp here holds it (no producer runs), as an owner does.
        pp.runq.clearTaken();
        pp.m = null;
        pp.status = P.IDLE;
        pp.link = pidle;
        pidle = pp;
        npidle.incrementAndGet();
    }

    /** Mirrors pidleget; sched lock held. */
    P pidleget() {
        P pp = pidle;
        if (pp != null) {
            pidle = pp.link;
            pp.link = null;
            npidle.decrementAndGet();
            // A P leaves the idle list: the runtime is busy again, sysmon must watch.
            sched.sysmon.wakeIfWaiting();
        }
        return pp;
    }

    /**
     * Mirrors pidlegetSpinning: like pidleget, but when there is no idle P, records that
     * a spinning M was wanted so that an M about to give up its P looks again.
     */
    P pidlegetSpinning() {
        P pp = pidleget();
        if (pp == null) {
            needspinning.set(1);
            return null;
        }
        return pp;
    }

    /** Takes pp off the idle list (procresize); false if it was not on it. Sched lock held. */
    boolean removeIdle(P pp) {
        P prev = null;
        for (P q = pidle; q != null; prev = q, q = q.link) {
            if (q == pp) {
                if (prev == null) pidle = q.link; else prev.link = q.link;
                q.link = null;
                npidle.decrementAndGet();
                return true;
            }
        }
        return false;
    }

    // ------------------------------------------------------------------ spinning, wakep

    /** Mirrors m.becomeSpinning. */
    void becomeSpinning(M mp) {
        mp.spinning = true;
        nmspinning.incrementAndGet();
        needspinning.set(0);
    }

    /** Clears mp's spinning flag and the count; the caller re-checks for work. */
    void stopSpinning(M mp) {
        mp.spinning = false;
        if (nmspinning.decrementAndGet() < 0) throw new IllegalStateException("findrunnable: negative nmspinning");
    }

    /** Mirrors resetspinning. */
    void resetspinning(M mp) {
        stopSpinning(mp);
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
        sched.lock.lock();
        try {
            pp = pidlegetSpinning();
            if (pp == null) {
                if (nmspinning.decrementAndGet() < 0) throw new IllegalStateException("wakep: negative nmspinning");
                return;
            }
        } finally {
            sched.lock.unlock();
        }
        startm(pp, true);
    }

    // ------------------------------------------------------------------ M's

    /**
     * Mirrors startm: schedules some M to run pp (or an idle P if pp is null), creating
     * an M if needed. With {@code spinning}, the caller has incremented nmspinning.
     */
    void startm(P pp, boolean spinning) {
        M nmp;
        sched.lock.lock();
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
            sched.lock.unlock();
        }
        if (nmp.getState() == Thread.State.NEW) nmp.start();
        else nmp.notewakeup();
    }

    /** Mirrors newm (sched lock held); the caller starts the thread. */
    private M newm(P pp, boolean spinning) {
        if (mcount >= MAX_M_COUNT) {
            pidleput(pp);
            if (spinning) nmspinning.decrementAndGet();
            sched.runState.fatal("runtime: program exceeds " + MAX_M_COUNT + "-thread limit", null);
            return null;
        }
        mcount++;
        M nm = new M(sched, ++mnext, pp, spinning);
        M[] ms = java.util.Arrays.copyOf(sched.allm, sched.allm.length + 1);
        ms[ms.length - 1] = nm;
        sched.allm = ms;
        return nm;
    }

    /**
     * Mirrors stopm: puts mp on the idle list and sleeps until startm hands it a P, which
     * it then owns. Returns false only when the runtime shuts down.
     */
    boolean stopm(M mp) {
        if (mp.p != null) throw new IllegalStateException("stopm holding p");
        if (mp.spinning) throw new IllegalStateException("stopm spinning");
        boolean dead;
        sched.lock.lock();
        try {
            if (sched.shutdown) return false;
            mput(mp);
            dead = sched.checkdead.check();
            if (sched.checkInvariants) SchedInvariants.checkLocked(sched);
        } finally {
            sched.lock.unlock();
        }
        if (dead) sched.runState.deadlock(); // takes the dump: not under the sched lock
        for (;;) {
            mp.notesleep();
            if (sched.shutdown) return false;
            // Only startm wakes an M on this list (after mget took it off and set nextp),
            // and shutdown: the park note is not shared with the poll sleep, so a late
            // wake-up meant for another sleep cannot end this one.
            P np = mp.nextp;
            if (np == null) continue;
            mp.nextp = null;
            acquirep(mp, np);
            return true;
        }
    }

    /** Mirrors mput; sched lock held. */
    private void mput(M mp) {
        if (mp.onIdleList) throw new IllegalStateException("mput: M" + mp.mid + " is already on the idle list");
        mp.onIdleList = true;
        mp.schedlink = midle;
        midle = mp;
        nmidle++;
    }

    /** Mirrors mget: an idle M, or null; sched lock held. */
    private M mget() {
        M mp = midle;
        if (mp != null) {
            midle = mp.schedlink;
            mp.schedlink = null;
            mp.onIdleList = false;
            nmidle--;
        }
        return mp;
    }

    /** An M thread ends (shutdown or a fatal error). */
    void mexit() {
        sched.lock.lock();
        try {
            mcount--;
        } finally {
            sched.lock.unlock();
        }
    }

    // ------------------------------------------------------------------ views (sched lock held)

    P pidleHead() { return pidle; }

    M midleHead() { return midle; }
}
