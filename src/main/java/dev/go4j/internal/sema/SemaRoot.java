package dev.go4j.internal.sema;

import java.util.concurrent.atomic.AtomicInteger;

/**
 * One root of the semaphore table (Go's semaRoot): a lock, the waiters of every word that
 * hashes here, grouped by word, and the number of waiters, which lets a release skip the
 * lock when nobody waits.
 *
 * <p>Go keeps the distinct words in a treap; go4j keeps a list of queue heads, because with
 * 251 roots a root rarely holds more than a few words at a time. All methods but
 * {@link #nwait} run under this root's {@link RuntimeLock}, which is never held while parking.
 */
final class SemaRoot extends RuntimeLock {
    /** Head waiter of each word's queue. */
    private Waiter heads;
    /** Waiters in this root, counted before they queue (Go's semaRoot.nwait). */
    final AtomicInteger nwait = new AtomicInteger();

    /**
     * Mirrors semaRoot.queue: adds s to the queue of its word, at the end, or at the front
     * when lifo (a waiter that already waited and lost a race goes first again).
     */
    void queue(Sema key, Waiter s, boolean lifo) {
        s.key = key;
        s.waitlink = null;
        s.waittail = null;
        Waiter prev = null;
        for (Waiter t = heads; t != null; prev = t, t = t.nextKey) {
            if (t.key != key) continue;
            if (lifo) {
                // s takes t's place as head; t becomes the second waiter.
                s.nextKey = t.nextKey;
                t.nextKey = null;
                s.waitlink = t;
                s.waittail = t.waittail != null ? t.waittail : t;
                t.waittail = null;
                if (prev == null) heads = s; else prev.nextKey = s;
            } else {
                if (t.waittail == null) t.waitlink = s; else t.waittail.waitlink = s;
                t.waittail = s;
            }
            return;
        }
        // First waiter for this word: a new head.
        s.nextKey = heads;
        heads = s;
    }

    /** Mirrors semaRoot.dequeue: removes and returns the first waiter for key, or null. */
    Waiter dequeue(Sema key) {
        Waiter prev = null;
        for (Waiter s = heads; s != null; prev = s, s = s.nextKey) {
            if (s.key != key) continue;
            Waiter t = s.waitlink;
            Waiter after = s.nextKey;
            if (t != null) {
                // t becomes the head of the queue.
                t.nextKey = after;
                t.waittail = t.waitlink != null ? s.waittail : null;
                after = t;
            }
            if (prev == null) heads = after; else prev.nextKey = after;
            s.nextKey = null;
            s.waitlink = null;
            s.waittail = null;
            return s;
        }
        return null;
    }

    /** Number of queued waiters for key (tests only). */
    int queuedFor(Sema key) {
        for (Waiter s = heads; s != null; s = s.nextKey) {
            if (s.key != key) continue;
            int n = 0;
            for (Waiter w = s; w != null; w = w.waitlink) n++;
            return n;
        }
        return 0;
    }
}
