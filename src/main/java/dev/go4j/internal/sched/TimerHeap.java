package dev.go4j.internal.sched;

import dev.go4j.internal.carrier.CarrierAdapter;

import java.util.concurrent.ThreadLocalRandom;

/**
 * A P's timers (Go's p.timers): a 4-ary min-heap of {@link RuntimeTimer}s ordered by
 * deadline.
 *
 * <p>Implementation overview. The owning M runs due timers from findRunnable
 * ({@link #check}); other M's do the same while stealing, so the heap has its own lock
 * (Go's timers.mu, a {@link SpinLock} here, see there why). {@link #wakeTime} and
 * {@link #len} are kept in volatile copies so the scheduler, sysmon and checkdead read
 * them without the lock. A timer is added to the heap of the caller's P (a goroutine's
 * M's P; from a plain thread a P of the default runtime), like Go's addtimer; adding one
 * that becomes the earliest of its heap calls {@link Sched#wakeNetPoller} so that a
 * sleeping M wakes in time. Timer functions run with no lock held.
 */
public final class TimerHeap extends SpinLock {
    final P p;

    // ---- guarded by the lock ----
    private RuntimeTimer[] heap = new RuntimeTimer[8];
    private int n;

    // ---- lock-free copies ----
    private volatile long wakeTime;
    private volatile int len;

    TimerHeap(P p) { this.p = p; }

    /**
     * Mirrors timers.check: runs every due timer; returns the earliest remaining deadline
     * (nanoTime), or 0 if none.
     */
    long check(long now) {
        RuntimeTimer.reapCollected();
        long next = wakeTime;
        if (next == 0 || now < next) return next;
        lock();
        try {
            while (n > 0) {
                RuntimeTimer t = heap[0];
                t.lock();
                long w = t.when;
                if (w > now) {
                    t.unlock();
                    break;
                }
                long delay = now - w;
                long seq = takeDueLocked(t, now);
                t.unlock();
                publish();
                unlock();
                try {
                    t.run(p.sched, seq, delay);
                } catch (RuntimeException e) {
                    if (!p.sched.shutdown) throw e; // the runtime is gone: nothing left to start
                } finally {
                    lock();
                }
            }
            publish();
            return wakeTime;
        } finally {
            unlock();
        }
    }

    /**
     * Mirrors unlockAndRun up to the run, for due timer t of this heap (both locks held):
     * a ticker stays with its next deadline, a one-shot leaves the heap, and a channel
     * send is counted as prepared. Returns the seq the run is for.
     */
    long takeDueLocked(RuntimeTimer t, long now) {
        long w = t.when;
        long period = t.period;
        if (period > 0) {
            long k = 1 + (now - w) / period;
            t.when = k > (RuntimeTimer.MAX_WHEN - w) / period ? RuntimeTimer.MAX_WHEN : w + k * period;
            siftDown(t.index); // later than before: only down
            publish();
        } else {
            t.when = 0;
            deleteLocked(t);
        }
        if (t.isChan) t.preparing++;
        return t.seq;
    }

    /** Earliest deadline (nanoTime), or 0 if none; no lock. */
    long wakeTime() { return wakeTime; }

    /** Number of timers; no lock. */
    int len() { return len; }

    /**
     * For checkdead: whether any timer here can wake a goroutine when it fires
     * ({@link RuntimeTimer#canWake}). Takes the heap lock.
     */
    boolean anyCanWake() {
        if (len == 0) return false;
        lock();
        try {
            for (int i = 0; i < n; i++) {
                if (keepsAlive(heap[i])) return true;
            }
            return false;
        } finally {
            unlock();
        }
    }

    /** An orphan counts only where it is sure to wake someone (see {@link #adoptOrphans}). */
    private static boolean keepsAlive(RuntimeTimer t) {
        return t.orphaned ? t.canWakeOrphaned() : t.canWake();
    }

    /**
     * For dumps: how many timers here {@link #anyCanWake} counts and when the first of
     * them is due ("P0: 1 of 3 can wake, first in 3599.9 s, a FuncTimer"), or null if none. Takes the
     * heap lock.
     */
    String describeKeepAlive(long now) {
        if (len == 0) return null;
        int c = 0;
        long first = Long.MAX_VALUE;
        String kind = null;
        lock();
        try {
            for (int i = 0; i < n; i++) {
                RuntimeTimer t = heap[i];
                if (!keepsAlive(t)) continue;
                c++;
                if (kind == null || t.when < first) {
                    first = t.when;
                    kind = t.getClass().getName();
                }
            }
        } finally {
            unlock();
        }
        if (c == 0) return null;
        String due = first == RuntimeTimer.MAX_WHEN ? "never" : String.format("in %.1f s", (first - now) / 1e9);
        return String.format("P%d: %d of %d can wake, first %s, a %s", p.id, c, len, due,
                kind.substring(kind.lastIndexOf('.') + 1));
    }

    /** Number of pending timers in this heap (for tests and dumps). */
    public int size() { return len; }

    /**
     * procresize: moves every timer of this (dying) P to {@code to}. Called under the sched
     * lock; the only place that holds two heap locks.
     */
    void moveTo(TimerHeap to) {
        if (to == this) return;
        lock();
        to.lock();
        try {
            moveAllLocked(to, false);
        } finally {
            to.unlock();
            unlock();
        }
    }

    /** Moves every timer here to {@code to} (both heap locks held), marking them orphaned if asked. */
    private void moveAllLocked(TimerHeap to, boolean orphan) {
        for (int i = 0; i < n; i++) {
            RuntimeTimer t = heap[i];
            heap[i] = null;
            t.lock();
            if (orphan) t.orphaned = true;
            to.addLocked(t);
            t.unlock();
        }
        n = 0;
        publish();
    }

    /**
     * go4j only: the runtime of this heap has ended (its M's no longer run timers); moves
     * every pending timer to a P of the default runtime, marked {@link RuntimeTimer#orphaned},
     * so that it fires all the same: a sleep's wake-up (its goroutine, woken from a wait,
     * runs on: see {@link Abandoned}), a timer channel's send, an {@code afterFunc} (a
     * goroutine of the default runtime) or a context deadline that a plain thread waits
     * for. Go has nothing to do here: its program ends with main. Orphans keep no later
     * run alive, or one abandoned hour-long timer would hide every deadlock for an hour;
     * only one sure to wake a goroutine of a live run counts: a timer channel such a
     * goroutine is blocked on, a context deadline such a goroutine waits for
     * ({@link RuntimeTimer#canWakeOrphaned}).
     * Called once, after {@code shutdown} was set: a timer added after that goes to the
     * default runtime itself ({@link RuntimeTimer#reset}'s add). Heap locks: this one,
     * then the default runtime's, as in {@link #moveTo} (no heap of a live runtime is
     * ever locked before an ended one's).
     */
    void adoptOrphans() {
        TimerHeap to = anyP(DefaultRuntime.get());
        long earliest;
        lock();
        for (;;) {
            to.lock();
            if (to.p.id < to.p.sched.gomaxprocs) break;
            // That P is being destroyed by a GOMAXPROCS shrink (as in RuntimeTimer's add): P0 always stays.
            to.unlock();
            to = to.p.sched.allp[0].timers;
        }
        try {
            moveAllLocked(to, true);
            earliest = to.wakeTime;
        } finally {
            to.unlock();
            unlock();
        }
        if (earliest != 0) to.p.sched.wakeNetPoller(earliest);
    }

    // ------------------------------------------------------------------ heap (lock held)

    /** Adds t (its lock held too): Go's timers.addHeap. */
    void addLocked(RuntimeTimer t) {
        if (n == heap.length) heap = java.util.Arrays.copyOf(heap, n * 2);
        heap[n] = t;
        t.index = n;
        t.ts = this;
        n++;
        siftUp(n - 1);
        publish();
    }

    /** Removes t (its lock held too): Go's timers.deleteMin generalised to any position. */
    void deleteLocked(RuntimeTimer t) {
        int i = t.index;
        int last = --n;
        RuntimeTimer moved = heap[last];
        heap[last] = null;
        if (i != last) {
            heap[i] = moved;
            moved.index = i;
            siftDown(i);
            siftUp(moved.index);
        }
        t.index = -1;
        t.ts = null;
        if (n * 4 < heap.length && heap.length > 64) heap = java.util.Arrays.copyOf(heap, heap.length / 2);
        publish();
    }

    private void publish() {
        len = n;
        wakeTime = n == 0 ? 0 : heap[0].when;
    }

    /** Mirrors timers.siftUp (4-ary). */
    private void siftUp(int i) {
        RuntimeTimer t = heap[i];
        long when = t.when;
        while (i > 0) {
            int parent = (i - 1) / 4;
            RuntimeTimer pt = heap[parent];
            if (when >= pt.when) break;
            heap[i] = pt;
            pt.index = i;
            i = parent;
        }
        heap[i] = t;
        t.index = i;
    }

    /** Mirrors timers.siftDown (4-ary). */
    private void siftDown(int i) {
        RuntimeTimer t = heap[i];
        long when = t.when;
        for (;;) {
            int c = i * 4 + 1; // left child
            if (c >= n) break;
            long w = heap[c].when;
            int c3 = c + 2; // mid child
            if (c + 1 < n && heap[c + 1].when < w) {
                w = heap[c + 1].when;
                c++;
            }
            if (c3 < n) {
                long w3 = heap[c3].when;
                int c4 = c3;
                if (c3 + 1 < n && heap[c3 + 1].when < w3) {
                    w3 = heap[c3 + 1].when;
                    c4 = c3 + 1;
                }
                if (w3 < w) {
                    w = w3;
                    c = c4;
                }
            }
            if (w >= when) break;
            RuntimeTimer ct = heap[c];
            heap[i] = ct;
            ct.index = i;
            i = c;
        }
        heap[i] = t;
        t.index = i;
    }

    // ------------------------------------------------------------------ choosing a heap

    /**
     * The heap a new timer goes to: the current P's when the caller runs on an M (a
     * goroutine, or scheduler code); any P of that runtime when the M has none (in
     * Go.blocking); a P of the default runtime for a plain thread.
     */
    static TimerHeap forCaller() {
        if (CarrierAdapter.currentCarrierThread() instanceof M m) {
            P pp = m.p;
            if (pp != null) return pp.timers;
            return anyP(m.sched);
        }
        return anyP(DefaultRuntime.get());
    }

    static TimerHeap anyP(Sched s) {
        P[] ps = s.allp;
        int k = Math.min(s.gomaxprocs, ps.length);
        return ps[k <= 1 ? 0 : ThreadLocalRandom.current().nextInt(k)].timers;
    }
}
