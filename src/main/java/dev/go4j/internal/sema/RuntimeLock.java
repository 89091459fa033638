package dev.go4j.internal.sema;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * A short-term lock for the semaphore table and notify lists (Go's runtime mutex: lock2
 * spins, then yields). Critical sections are a few queue operations and never block.
 *
 * <p>Why not {@code synchronized}: a virtual thread that contends a Java monitor is
 * unmounted and later resumed through its scheduler. A goroutine whose runtime has shut
 * down is never resumed, and a monitor whose chosen successor never runs can strand its
 * other waiters, including plain threads and goroutines of other runtimes that share the
 * (process-wide) table. A spinning waiter holds nothing and owes nothing, so an abandoned
 * one harms nobody. The holder cannot be unmounted inside the critical section.
 */
abstract class RuntimeLock {
    private volatile int locked;

    private static final VarHandle LOCKED;
    static {
        try {
            LOCKED = MethodHandles.lookup().findVarHandle(RuntimeLock.class, "locked", int.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    /** Spins this many rounds before each yield (Go's lock2 spins, then osyields). */
    private static final int SPIN = 64;

    final void lock() {
        if (LOCKED.compareAndSet(this, 0, 1)) return;
        lockSlow();
    }

    private void lockSlow() {
        for (int i = 1; ; i++) {
            if (locked == 0 && LOCKED.compareAndSet(this, 0, 1)) return;
            if (i % SPIN != 0) Thread.onSpinWait();
            else Thread.yield(); // a goroutine goes to the tail of its P's queue; the holder runs on
        }
    }

    final void unlock() {
        LOCKED.setRelease(this, 0);
    }
}
