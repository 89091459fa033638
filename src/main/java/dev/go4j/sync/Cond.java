package dev.go4j.sync;

import dev.go4j.internal.sched.WaitReason;
import dev.go4j.internal.sema.NotifyList;

/**
 * Go's sync.Cond: a rendezvous point for goroutines waiting for, or announcing, an event.
 *
 * <p>{@link #await} must be called with {@link #locker()} held; it atomically (with respect
 * to signals) unlocks it, waits and locks it again before returning. Because a waiter may
 * wake to find the condition false again, callers loop: {@code while (!cond) c.await();}.
 *
 * <p>Waiters take a ticket before unlocking (Go's notifyList): {@link #signal} wakes the
 * longest waiting one, {@link #broadcast} every one waiting now; a signal sent after a
 * waiter took its ticket but before it slept is not lost and cannot be stolen by a later
 * waiter. Calling signal or broadcast without holding the lock is allowed, as in Go.
 * A waiting goroutine shows as {@code [sync.Cond.Wait]} in dumps.
 *
 * <p>Go's {@code c.Wait()}, {@code c.Signal()}, {@code c.Broadcast()} are {@link #await()},
 * {@link #signal()}, {@link #broadcast()}. Not {@code wait()}, {@code notify()} or
 * {@code notifyAll()}: those are Java's {@link Object} monitor methods, which compile on
 * any object and throw {@link IllegalMonitorStateException} at run time.
 */
public final class Cond {
    private final Locker l;
    private final NotifyList notify = new NotifyList();

    /**
     * A Cond whose lock is {@code l} (a {@link Mutex}, an {@link RWMutex}, or its {@code rLocker()}).
     *
     * @param l the lock held around {@link #await()}
     */
    public Cond(Locker l) {
        if (l == null) throw new NullPointerException("Cond locker is null");
        this.l = l;
    }

    /**
     * The lock this Cond was made with (Go's c.L).
     *
     * @return the lock
     */
    public Locker locker() { return l; }

    /**
     * Unlocks the locker, waits for a signal or broadcast, and locks it again. Mirrors Wait
     * (not {@code wait()}, which is {@link Object#wait()}).
     */
    public void await() {
        int t = notify.add();
        try {
            l.unlock();
        } catch (RuntimeException | Error e) {
            notify.abandon(t); // not waiting after all: the next signal must not be spent on t
            throw e;
        }
        try {
            notify.await(t, WaitReason.SYNC_COND_WAIT);
        } finally {
            l.lock();
        }
    }

    /** Wakes the goroutine that has waited longest, if any. Mirrors Signal. */
    public void signal() {
        notify.notifyOne();
    }

    /** Wakes all waiting goroutines. Mirrors Broadcast. */
    public void broadcast() {
        notify.notifyAllWaiters();
    }

    /** Goroutines parked in {@link #await} right now (tests only). */
    int parked() { return notify.parked(); }
}
