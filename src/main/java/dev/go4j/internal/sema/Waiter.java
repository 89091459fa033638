package dev.go4j.internal.sema;

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
}
