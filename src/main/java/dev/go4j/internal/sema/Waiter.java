package dev.go4j.internal.sema;

import dev.go4j.internal.sched.G;

/**
 * One thread waiting on a semaphore word (Go's sudog, as sema.go uses it).
 *
 * <p>The first waiter for a word is the head of that word's queue in its root: it is linked
 * into the root's list of heads ({@link #nextKey}) and remembers the queue's tail
 * ({@link #waittail}); the others hang off it through {@link #waitlink}, in FIFO order.
 */
final class Waiter {
    final Thread thread;
    /** The word waited on (Go's sudog.elem, the address). */
    Sema key;
    /** Next waiter for the same word (Go's waitlink). */
    Waiter waitlink;
    /** Last waiter of this queue; kept only in the head (Go's waittail). */
    Waiter waittail;
    /** Next head (another word) in the same root. Go keeps a treap here; roots are short. */
    Waiter nextKey;
    /** Set before parking, cleared by the releaser after it dequeued this waiter. */
    volatile boolean queued;
    /** 1 if the releaser handed its permit over directly (Go's sudog.ticket, handoff). */
    int ticket;

    Waiter(Thread thread) {
        this.thread = thread;
    }

    /**
     * A clean waiter for the calling thread: a goroutine reuses the one it cached in its G
     * (Go's acquireSudog), a plain thread gets a new one.
     */
    static Waiter acquire(G g) {
        if (g != null) {
            Object c = g.waiterCache;
            if (c != null) {
                g.waiterCache = null;
                return (Waiter) c;
            }
            return new Waiter(g.thread());
        }
        return new Waiter(Thread.currentThread());
    }

    /**
     * Gives a waiter back once its wait is over and no releaser refers to it any more
     * (Go's releaseSudog). Releasers read what they need before clearing {@link #queued}
     * and never touch the waiter after that, so it is safe to reuse from then on.
     */
    static void release(G g, Waiter w) {
        if (g == null) return;
        w.key = null;
        w.waitlink = null;
        w.waittail = null;
        w.nextKey = null;
        w.ticket = 0;
        g.waiterCache = w;
    }
}
