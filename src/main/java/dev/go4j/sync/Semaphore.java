package dev.go4j.sync;

import dev.go4j.internal.sched.Parking;
import dev.go4j.internal.sched.WaitReason;

/**
 * A weighted semaphore: golang.org/x/sync/semaphore's {@code Weighted}.
 *
 * <p>Acquirers are served strictly in FIFO order: a request that does not fit waits at the
 * head of the queue and holds back smaller requests behind it, so a large request cannot
 * be starved by a stream of small ones. {@link #tryAcquire} never barges: it fails while
 * anyone is queued, even if its own weight would fit.
 *
 * <p><b>Requests larger than the size.</b> x/sync blocks such a request until its context
 * is done (without holding up others). {@link #acquire} has no context, so it could only
 * block forever; instead it fails fast with {@link IllegalArgumentException} and leaves
 * the semaphore unchanged. {@link #tryAcquire} returns {@code false} for it.
 *
 * <p>Negative weights are refused with {@link IllegalArgumentException}; releasing more
 * than is held throws {@link IllegalStateException} ("semaphore: released more than held")
 * and leaves the count unchanged. A waiting goroutine parks (its M runs others) and shows
 * as {@code [semacquire]} in dumps; a plain thread blocks; an interrupt does not end the
 * wait (the flag is set again afterwards).
 */
public final class Semaphore {
    /** One queued acquirer (x/sync's waiter). */
    private static final class Waiter {
        final long n;
        final Thread thread;
        Waiter next;
        /** Set (under mu) when the weight has been granted to this waiter. */
        volatile boolean ready;

        Waiter(long n, Thread thread) {
            this.n = n;
            this.thread = thread;
        }
    }

    private final long size;
    private final Mutex mu = new Mutex();
    // ---- guarded by mu ----
    private long cur;
    private Waiter head, tail;

    /**
     * A semaphore with the given total weight.
     *
     * @param size the total weight
     */
    public Semaphore(long size) {
        if (size < 0) throw new IllegalArgumentException("semaphore size must not be negative: " + size);
        this.size = size;
    }

    private static void checkWeight(long n) {
        if (n < 0) throw new IllegalArgumentException("semaphore weight must not be negative: " + n);
    }

    /**
     * Acquires weight n, waiting until it is available and every earlier waiter is served.
     *
     * @param n the weight to acquire
     * @throws IllegalArgumentException if n is negative or larger than the size (which
     *     could never be satisfied)
     */
    public void acquire(long n) {
        acquire(n, WaitReason.SEMACQUIRE);
    }

    /** {@link #acquire}, waiting under the given wait reason (ErrGroup's, Go's channel send). */
    void acquire(long n, WaitReason reason) {
        checkWeight(n);
        Waiter w;
        mu.lock();
        try {
            if (size - cur >= n && head == null) {
                cur += n; // enough room and nobody waiting: take it
                return;
            }
            if (n > size) {
                throw new IllegalArgumentException("semaphore: acquire of " + n + " exceeds size " + size);
            }
            w = new Waiter(n, Thread.currentThread());
            if (tail == null) head = w; else tail.next = w;
            tail = w;
        } finally {
            mu.unlock();
        }
        boolean interrupted = false;
        while (!w.ready) interrupted |= Parking.gopark(this, reason);
        Parking.restoreInterrupt(interrupted);
    }

    /**
     * Acquires weight n without blocking; false (and no change) if it does not fit or others wait.
     *
     * @param n the weight to acquire
     * @return whether it was acquired
     */
    public boolean tryAcquire(long n) {
        checkWeight(n);
        mu.lock();
        try {
            boolean ok = size - cur >= n && head == null;
            if (ok) cur += n;
            return ok;
        } finally {
            mu.unlock();
        }
    }

    /**
     * Releases weight n and wakes the waiters at the head of the queue that now fit.
     *
     * @param n the weight to release
     * @throws IllegalStateException "semaphore: released more than held"
     */
    public void release(long n) {
        checkWeight(n);
        Waiter woken;
        mu.lock();
        try {
            if (cur - n < 0) throw new IllegalStateException("semaphore: released more than held");
            cur -= n;
            woken = notifyWaiters();
        } finally {
            mu.unlock();
        }
        // Ready them outside the lock, so that they do not wake only to block on mu.
        while (woken != null) {
            Waiter next = woken.next;
            woken.next = null;
            Thread t = woken.thread;
            woken.ready = true;
            Parking.goready(t);
            woken = next;
        }
    }

    /**
     * Mirrors notifyWaiters: grants weight to waiters from the head while they fit, and
     * stops at the first that does not (FIFO: it must not be overtaken by smaller ones).
     * Returns the granted waiters as a list linked by next. Called with mu held.
     */
    private Waiter notifyWaiters() {
        Waiter first = null, last = null;
        while (head != null && size - cur >= head.n) {
            Waiter w = head;
            cur += w.n;
            head = w.next;
            if (head == null) tail = null;
            w.next = null;
            if (last == null) first = w; else last.next = w;
            last = w;
        }
        return first;
    }

    /**
     * The total weight.
     *
     * @return the total weight
     */
    public long size() { return size; }

    /**
     * Weight held right now (a snapshot).
     *
     * @return the weight held
     */
    public long held() {
        mu.lock();
        try {
            return cur;
        } finally {
            mu.unlock();
        }
    }

    /** Number of queued acquirers right now (a snapshot; tests and debugging). */
    int queued() {
        mu.lock();
        try {
            int k = 0;
            for (Waiter w = head; w != null; w = w.next) k++;
            return k;
        } finally {
            mu.unlock();
        }
    }
}
