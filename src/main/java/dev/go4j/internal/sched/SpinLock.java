package dev.go4j.internal.sched;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * The runtime's short-term lock (Go's runtime mutex, lock2: spin, then yield the core):
 * the sched lock, timer heaps and timers, semaphore roots and notify lists.
 *
 * <p>Why not a monitor or a j.u.c lock: these locks are taken both by goroutines and by
 * M's inside the scheduler. A goroutine that blocks on a contended monitor or
 * ReentrantLock unmounts from its M and can only be resumed through the scheduler --
 * which may need the very lock it waits for, or may be an M spinning on it with its P
 * held. Critical sections under these locks never block, never park and never unmount,
 * so a holder always runs on a carrier and releases soon: spinning is safe. A platform
 * thread (an M, a plain thread) gives its core to the holder now and then; a goroutine
 * never yields here (that would unmount it).
 */
public abstract class SpinLock {
    private volatile int locked;

    private static final VarHandle LOCKED;
    static {
        try {
            LOCKED = MethodHandles.lookup().findVarHandle(SpinLock.class, "locked", int.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    public final void lock() {
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

    public final void unlock() {
        LOCKED.setRelease(this, 0);
    }
}
