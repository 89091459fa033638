package dev.go4j.sync;

import dev.go4j.Go;
import dev.go4j.internal.sched.WaitReason;
import dev.go4j.internal.sema.Sema;
import dev.go4j.internal.sema.SemaTable;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * Go's sync.WaitGroup: waits for a collection of goroutines (or threads) to finish.
 *
 * <p>As in Go, the counter (high 32 bits) and the number of waiters (low 32 bits) share
 * one long word, so that {@link #add} and {@link #await} agree on a single atomic state.
 * When the counter drops to zero with waiters present, the word is reset to zero and each
 * waiter gets one permit on the runtime semaphore. A WaitGroup may be reused once every
 * {@code await} of the previous round has returned.
 *
 * <p>Works from goroutines (they park, their M runs other goroutines) and from plain
 * threads (they block). An interrupt does not end {@link #await}; the thread's interrupt
 * status is set again when it returns.
 *
 * <p>Go's {@code wg.Wait()} is {@link #await()}. Not {@code wg.wait()}: that is Java's
 * {@link Object#wait()}, which every object has; it compiles, and throws
 * {@link IllegalMonitorStateException} at run time ({@link dev.go4j.GoroutinePanic}'s
 * message then carries a hint).
 */
public final class WaitGroup {
    /** High 32 bits: counter; low 32 bits: waiter count. */
    private volatile long state;
    private final Sema sema = new Sema();

    private static final VarHandle STATE;
    static {
        try {
            STATE = MethodHandles.lookup().findVarHandle(WaitGroup.class, "state", long.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    public WaitGroup() {}

    /**
     * Adds delta (which may be negative) to the counter; mirrors WaitGroup.Add. When the
     * counter becomes zero, every goroutine blocked in {@link #await} is released.
     *
     * @throws IllegalStateException "sync: negative WaitGroup counter" if the counter goes
     *     below zero, or "sync: WaitGroup misuse: Add called concurrently with Wait"
     */
    public void add(int delta) {
        long s = (long) STATE.getAndAdd(this, (long) delta << 32) + ((long) delta << 32);
        int v = (int) (s >> 32);
        int w = (int) s;
        if (v < 0) throw new IllegalStateException("sync: negative WaitGroup counter");
        if (w != 0 && delta > 0 && v == delta) {
            // The first Add of a new round raced with a Wait of the old one.
            throw new IllegalStateException("sync: WaitGroup misuse: Add called concurrently with Wait");
        }
        if (v > 0 || w == 0) return;
        // Counter is 0 and there are waiters: nobody may change the state now (Add with a
        // positive delta would be the misuse above, Wait only waits while counter > 0).
        if (state != s) {
            throw new IllegalStateException("sync: WaitGroup misuse: Add called concurrently with Wait");
        }
        state = 0; // reset waiter count to 0 before waking, so the group can be reused
        for (; w != 0; w--) SemaTable.semrelease(sema, false);
    }

    /** Decrements the counter by one; mirrors WaitGroup.Done. */
    public void done() {
        add(-1);
    }

    /**
     * Blocks until the counter is zero; mirrors WaitGroup.Wait (not {@code wait()}, which is
     * {@link Object#wait()}).
     *
     * @throws IllegalStateException "sync: WaitGroup is reused before previous Wait has
     *     returned" if a new round started before this waiter woke up
     */
    public void await() {
        for (;;) {
            long s = state;
            int v = (int) (s >> 32);
            if (v == 0) return; // counter is 0, no need to wait
            if (STATE.compareAndSet(this, s, s + 1)) { // count this waiter
                SemaTable.semacquire(sema, WaitReason.SYNC_WAITGROUP_WAIT);
                if (state != 0) {
                    throw new IllegalStateException("sync: WaitGroup is reused before previous Wait has returned");
                }
                return;
            }
        }
    }

    /**
     * Runs {@code f} in a new goroutine and counts it in this group: {@code add(1)} now,
     * {@code done()} when f returns or throws (Go 1.25's WaitGroup.Go). An exception from f
     * is then a panic of that goroutine, as in Go.
     */
    public void go(Runnable f) {
        add(1);
        Go.go(() -> {
            try {
                f.run();
            } finally {
                done();
            }
        });
    }

    /** The current counter (for tests and debugging). */
    int counter() { return (int) (state >> 32); }

    /** The current number of waiters (for tests and debugging). */
    int waiters() { return (int) state; }

    @Override
    public String toString() { return "WaitGroup[counter=" + counter() + ", waiters=" + waiters() + "]"; }
}
