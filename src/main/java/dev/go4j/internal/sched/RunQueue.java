package dev.go4j.internal.sched;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.concurrent.locks.LockSupport;

/**
 * A P's local run queue: a 256-slot lock-free ring plus {@code runnext}
 * (Go's p.runq, p.runqhead, p.runqtail, p.runnext in runtime/proc.go).
 *
 * <p>Implementation overview. Exactly one thread produces (the M that owns the P, while
 * it holds the P locked: see {@link P}); any thread consumes. The producer writes a slot
 * with a plain store and publishes it with a release store of {@code tail}; consumers
 * read {@code head} and {@code tail} with acquire loads, copy the slots they want, and
 * claim them with one CAS on {@code head}. A consumer whose CAS fails saw slots that may
 * since have been overwritten and simply retries, so a slot's value is only ever used by
 * the consumer whose CAS covered it: no G is run twice or lost. {@code runnext} is a
 * single slot changed only by CAS, so the owner and stealers agree on who took it.
 *
 * <p>Slots a G has left are cleared by the owner ({@link #getOwned}, {@link #stealFrom},
 * {@link #clearTaken} as its P goes idle), and what a thief copied before losing its CAS
 * by that thief ({@link #grab}):
 * Go's ring holds guintptr's, which keep nothing alive, but here a stale slot is a strong
 * reference, and a dead G reaches its virtual thread and the thread's task, that is the
 * user's data. The owner may clear any slot outside {@code [head, tail)}: head only grows,
 * so a slot it saw free stays free until the owner itself writes it; a consumer that
 * copies a cleared slot read a stale head, and its CAS fails.
 *
 * <p>Invariant: {@code 0 <= tail - head <= SIZE} (ints wrap; differences stay exact).
 */
public final class RunQueue {
    /** Go's len(p.runq). */
    public static final int SIZE = 256;
    private static final int MASK = SIZE - 1;

    final G[] buf = new G[SIZE];
    @SuppressWarnings("unused") private volatile int head; // consumers: CAS
    @SuppressWarnings("unused") private volatile int tail; // producer: release store
    @SuppressWarnings("unused") private volatile G runnext;
    /** Owner only: the slots before this index (down to tail - SIZE) are cleared. */
    private int cleared;

    private static final VarHandle HEAD, TAIL, RUNNEXT;
    static {
        try {
            MethodHandles.Lookup l = MethodHandles.lookup();
            HEAD = l.findVarHandle(RunQueue.class, "head", int.class);
            TAIL = l.findVarHandle(RunQueue.class, "tail", int.class);
            RUNNEXT = l.findVarHandle(RunQueue.class, "runnext", G.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    int headAcquire() { return (int) HEAD.getAcquire(this); }
    int tailAcquire() { return (int) TAIL.getAcquire(this); }
    int tailPlain() { return (int) TAIL.get(this); }
    private void setTailRelease(int t) { TAIL.setRelease(this, t); }
    private boolean casHead(int expect, int update) { return HEAD.compareAndSet(this, expect, update); }
    G runnext() { return (G) RUNNEXT.getAcquire(this); }
    boolean casRunnext(G expect, G update) { return RUNNEXT.compareAndSet(this, expect, update); }

    /** Go's runqempty: true if neither the ring nor runnext holds a G (a consistent snapshot). */
    public boolean isEmpty() {
        // Mirrors runqempty: a G can move from runnext to the ring between reads, so
        // re-read tail until it is stable around the runnext read.
        for (;;) {
            int h = headAcquire();
            int t = tailAcquire();
            G next = runnext();
            if (t == tailAcquire()) return h == t && next == null;
        }
    }

    /** Number of G's in the ring plus runnext (approximate under concurrency). */
    public int size() {
        int n = tailAcquire() - headAcquire();
        if (n < 0) n = 0;
        if (n > SIZE) n = SIZE;
        return n + (runnext() != null ? 1 : 0);
    }

    /**
     * Owner only. Mirrors runqput: with {@code next}, gp takes runnext and the G it displaces
     * goes to the tail. Returns null on success, or, when the ring is full, the batch of G's
     * (half the ring plus gp) that the caller must put on the global queue as one list
     * linked through {@code schedlink} (mirrors runqputslow).
     */
    G put(G gp, boolean next) {
        if (next) {
            G old = (G) RUNNEXT.getAndSet(this, gp); // one atomic, where Go loops on a CAS
            if (old == null) return null;
            gp = old; // kick the old runnext to the regular queue
        }
        for (;;) {
            int h = headAcquire();
            int t = tailPlain();
            if (t - h < SIZE) {
                buf[t & MASK] = gp;
                setTailRelease(t + 1);
                return null;
            }
            G batch = putSlow(gp, h, t);
            if (batch != null) return batch;
            // a consumer moved head; the ring has room again
        }
    }

    /**
     * Mirrors runqputslow: takes half the ring plus gp off this P; null if head moved.
     * Unlike Go it copies nothing before the CAS: once the CAS has claimed slots
     * [h, h+n), no consumer uses them and only this thread (the one producer) could
     * overwrite them, so they are read after it, straight into the schedlink list.
     */
    private G putSlow(G gp, int h, int t) {
        int n = (t - h) / 2;
        if (n != SIZE / 2) throw new IllegalStateException("runqputslow: queue is not full");
        if (!casHead(h, h + n)) return null;
        G first = buf[h & MASK], last = first;
        for (int i = 1; i < n; i++) {
            G g = buf[(h + i) & MASK];
            last.schedlink = g;
            last = g;
        }
        last.schedlink = gp;
        gp.schedlink = null;
        return first;
    }

    /**
     * Mirrors runqget: runnext first, then the head of the ring. Any thread may call it,
     * but only the owner uses it to schedule. {@code inheritTime[0]} tells whether the G
     * came from runnext (it then inherits the time slice: schedtick is not bumped).
     */
    G get(boolean[] inheritTime) {
        G next = runnext();
        if (next != null && casRunnext(next, null)) {
            if (inheritTime != null) inheritTime[0] = true;
            return next;
        }
        if (inheritTime != null) inheritTime[0] = false;
        for (;;) {
            int h = headAcquire();
            int t = tailAcquire();
            if (t == h) return null;
            G gp = buf[h & MASK];
            if (casHead(h, h + 1)) return gp;
        }
    }

    /**
     * The owner's {@link #get}: also clears the slot it takes and the slots consumers took
     * since (see the class comment), so a G that leaves this P is not kept reachable by
     * it. One plain store per G in the common case.
     */
    G getOwned(boolean[] inheritTime) {
        G next = runnext();
        if (next != null && casRunnext(next, null)) {
            inheritTime[0] = true;
            return next;
        }
        inheritTime[0] = false;
        for (;;) {
            int h = headAcquire();
            int t = tailPlain();
            if (t == h) {
                clearBefore(h, t);
                return null;
            }
            G gp = buf[h & MASK];
            if (casHead(h, h + 1)) {
                clearBefore(h + 1, t);
                return gp;
            }
        }
    }

    /**
     * Owner only, the P going idle (pidleput): clears the slots consumers took since the
     * owner last took from this ring itself. A P handed off by sysmon or a syscall, or
     * whose M found work elsewhere after thieves emptied it, is not taken from again until
     * an M acquires it, which may be never.
     */
    void clearTaken() {
        clearBefore(headAcquire(), tailPlain());
    }

    /**
     * Owner only: clears the slots of indices {@code [cleared, h)}, never one that aliases
     * a live index in {@code [h, t)} (so not below {@code t - SIZE}).
     */
    private void clearBefore(int h, int t) {
        int from = cleared;
        if (from == h) return;
        if (t - from > SIZE) from = t - SIZE;
        for (int i = from; h - i > 0; i++) buf[i & MASK] = null;
        cleared = h;
    }

    /**
     * Mirrors runqgrab: copies about half of this queue into {@code batch} starting at
     * {@code batchHead}, claiming them with one CAS. With {@code stealRunnext}, an empty
     * ring yields its runnext. Returns how many G's were grabbed.
     */
    int grab(G[] batch, int batchHead, boolean stealRunnext, P owner) {
        for (;;) {
            int h = headAcquire();
            int t = tailAcquire();
            int n = t - h;
            n = n - n / 2;
            if (n == 0) {
                if (stealRunnext) {
                    G next = runnext();
                    if (next != null) {
                        // Mirrors runqgrab's usleep(3): when the owner is running, give it
                        // time to park and run the G it just readied (a ping-pong pair
                        // stays on its P). Like Go's usleep, parkNanos sleeps for tens of
                        // microseconds on Linux; this M stays spinning meanwhile, so
                        // readies on other P's do not wake yet another M (wakep).
                        if (owner != null && owner.status != P.IDLE) {
                            LockSupport.parkNanos(3_000);
                            if (runnext() != next) continue;
                        }
                        if (!casRunnext(next, null)) continue;
                        batch[batchHead & MASK] = next;
                        return 1;
                    }
                }
                return 0;
            }
            if (n > SIZE / 2) continue; // read inconsistent h and t
            for (int i = 0; i < n; i++) batch[(batchHead + i) & MASK] = buf[(h + i) & MASK];
            if (casHead(h, h + n)) return n;
            // Lost the race: the copies are not ours to run, and left in the batch (a
            // thief's ring beyond its tail, which it may not write again for as long as
            // its P idles) they would keep G's that die elsewhere reachable.
            for (int i = 0; i < n; i++) batch[(batchHead + i) & MASK] = null;
        }
    }

    /**
     * Owner of {@code this} only. Mirrors runqsteal: steals half of {@code victim}'s G's
     * into this ring and returns one of them to run, or null.
     */
    G stealFrom(RunQueue victim, boolean stealRunnext, P victimP) {
        int t = tailPlain();
        int n = victim.grab(buf, t, stealRunnext, victimP);
        if (n == 0) return null;
        n--;
        G gp = buf[(t + n) & MASK];
        buf[(t + n) & MASK] = null; // beyond the tail: free, and gp is about to run
        if (n == 0) return gp;
        int h = headAcquire();
        if (t - h + n >= SIZE) throw new IllegalStateException("runqsteal: runq overflow");
        setTailRelease(t + n);
        return gp;
    }

    /** Visits the queued G's (racy snapshot, for dumps). */
    void forEach(java.util.function.Predicate<G> f) {
        G next = runnext();
        if (next != null) f.test(next);
        int h = headAcquire(), t = tailAcquire();
        for (int i = h; i - t < 0 && t - i <= SIZE; i++) f.test(buf[i & MASK]);
    }

    /** Owner only, P being destroyed or drained: removes every G, returned as a schedlink list. */
    G drain() {
        G first = null, last = null;
        boolean[] ignored = new boolean[1];
        for (G gp; (gp = getOwned(ignored)) != null; ) {
            gp.schedlink = null;
            if (first == null) first = gp; else last.schedlink = gp;
            last = gp;
        }
        return first;
    }
}
