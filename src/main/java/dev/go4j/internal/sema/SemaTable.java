package dev.go4j.internal.sema;

import dev.go4j.internal.sched.G;
import dev.go4j.internal.sched.Parking;
import dev.go4j.internal.sched.WaitReason;

/**
 * The runtime semaphore of Go's runtime/sema.go: sleep and wake-up for the sync package.
 *
 * <p>Implementation overview. A semaphore is a word ({@link Sema}) holding a permit count.
 * {@link #semacquire} takes a permit without blocking when there is one; otherwise it
 * counts itself in its root's {@code nwait}, re-checks the word under the root lock (so a
 * concurrent release cannot be missed), queues a {@link Waiter} and parks through
 * {@link Parking#gopark} with the caller's wait reason. {@link #semrelease} adds a permit
 * and, if the root has waiters, dequeues the first waiter of that word and readies it; the
 * woken waiter then competes for the permit like everybody else, except when the release
 * was a hand-off: the releaser takes the permit on the waiter's behalf ({@code ticket}) and
 * yields its P to it (Go's goyield: the releaser goes to the tail of its local queue, the
 * waiter was put in runnext). A waiter that lost a race may requeue at the front (lifo).
 *
 * <p>Waiters are plain threads as far as this class cares: a goroutine parks its G (its M
 * runs other goroutines), a plain Java thread blocks. An interrupt does not end the wait;
 * the flag is restored when the wait is over.
 */
public final class SemaTable {
    /** Go's semTabSize: a prime, so that the hash spreads. */
    static final int SEM_TAB_SIZE = 251;
    private static final SemaRoot[] ROOTS = new SemaRoot[SEM_TAB_SIZE];
    static {
        for (int i = 0; i < SEM_TAB_SIZE; i++) ROOTS[i] = new SemaRoot();
    }

    private SemaTable() {}

    /** Mirrors semtable.rootFor: the root for a word, from its identity. */
    static SemaRoot rootFor(Sema sema) {
        return ROOTS[Math.floorMod(System.identityHashCode(sema), SEM_TAB_SIZE)];
    }

    /** Mirrors semacquire1 without lifo: waits for a permit, FIFO among waiters. */
    public static void semacquire(Sema sema, WaitReason reason) {
        semacquire(sema, false, reason);
    }

    /**
     * Mirrors semacquire1: takes a permit from sema, waiting if there is none.
     *
     * @param lifo queue at the front of the word's queue (a waiter that already waited)
     */
    public static void semacquire(Sema sema, boolean lifo, WaitReason reason) {
        if (sema.tryAcquire()) return; // easy case
        // Harder case: count ourselves as a waiter, re-check, queue, sleep; a waiter woken
        // without a hand-off retries (it may lose to a fresh acquirer).
        G g = G.current();
        Waiter s = Waiter.acquire(g);
        SemaRoot root = sema.root;
        boolean interrupted = false;
        for (;;) {
            root.lock();
            root.nwait.incrementAndGet(); // before the re-check: pairs with semrelease
            if (sema.tryAcquire()) {
                root.nwait.decrementAndGet();
                root.unlock();
                break;
            }
            s.ticket = 0;
            s.queued = true;
            root.queue(sema, s, lifo);
            root.unlock();
            while (s.queued) interrupted |= Parking.gopark(sema, reason);
            if (s.ticket != 0 || sema.tryAcquire()) break;
        }
        Waiter.release(g, s);
        Parking.restoreInterrupt(interrupted);
    }

    /** Mirrors semrelease1(addr, false): adds a permit and wakes the first waiter, if any. */
    public static void semrelease(Sema sema) {
        semrelease(sema, false);
    }

    /**
     * Mirrors semrelease1: adds a permit and readies the word's first waiter. With
     * {@code handoff}, the permit goes straight to that waiter and a goroutine caller
     * yields so that the waiter runs now (Go's starving-mutex unlock).
     */
    public static void semrelease(Sema sema, boolean handoff) {
        SemaRoot root = sema.root;
        sema.add();
        // Easy case: nobody to wake. This check must come after the add, so that a
        // waiter counted in nwait either sees the permit or is seen here.
        if (root.nwait.get() == 0) return;
        Waiter s;
        root.lock();
        if (root.nwait.get() == 0) { // the count was already consumed
            root.unlock();
            return;
        }
        s = root.dequeue(sema);
        if (s != null) root.nwait.decrementAndGet();
        root.unlock();
        if (s == null) return;
        boolean handedOff = handoff && sema.tryAcquire();
        if (handedOff) s.ticket = 1;
        Thread t = s.thread;
        s.queued = false; // publishes ticket; from here on s belongs to the waiter again
        Parking.goready(t);
        if (handedOff && G.current() != null) {
            // Go's goyield: the releaser goes to the tail of its P's local queue, the
            // waiter sits in runnext, so the waiter runs next on this P.
            Thread.yield();
        }
    }

    /** Number of threads queued on sema right now (tests and dumps). */
    public static int waiters(Sema sema) {
        SemaRoot root = sema.root;
        root.lock();
        try {
            return root.queuedFor(sema);
        } finally {
            root.unlock();
        }
    }
}
