package dev.go4j.internal.sched;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * A tiny test-and-set lock for the timer code (Go's runtime mutex on timers and timer
 * heaps).
 *
 * <p>Why not a monitor or a j.u.c lock: timer locks are taken both by goroutines and by
 * M's inside the scheduler (findRunnable runs timers with its P held). A goroutine that
 * blocks on a contended monitor or ReentrantLock unmounts from its M while still holding
 * whatever it locked before; an M spinning on that lock with its P held could then keep
 * the very goroutine that would release it from running. Critical sections under these
 * locks never block, allocate little and never unmount, so a holder always runs on a
 * carrier and releases the lock quickly: spinning is safe.
 */
abstract class SpinLock {
    private volatile int locked;

    private static final VarHandle LOCKED;
    static {
        try {
            LOCKED = MethodHandles.lookup().findVarHandle(SpinLock.class, "locked", int.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    final void lock() {
        if (LOCKED.compareAndSet(this, 0, 1)) return;
        boolean platform = !Thread.currentThread().isVirtual();
        for (int spins = 0; ; spins++) {
            if (locked == 0 && LOCKED.compareAndSet(this, 0, 1)) return;
            // A platform thread may give its core to the holder (2-core CI machines); a
            // virtual thread must not yield (it would unmount while holding other locks).
            if (platform && (spins & 63) == 63) Thread.yield();
            else Thread.onSpinWait();
        }
    }

    final void unlock() {
        LOCKED.setRelease(this, 0);
    }
}
