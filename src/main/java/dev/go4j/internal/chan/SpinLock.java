package dev.go4j.internal.chan;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * The channel lock: Go's runtime {@code mutex} (lock_futex.go) reduced to what a channel
 * needs. Critical sections are a few field writes and never park, so a test-and-test-and-set
 * spin is enough; after a short spin the waiter yields (for a goroutine that requeues the G
 * and frees its M, for a plain thread it is an OS yield), so a holder whose carrier the OS
 * descheduled is never starved by spinners. It never parks: a timer firing on a scheduler
 * thread may take it.
 *
 * <p>Extended by {@link HChan} so that the lock word lives in the channel itself, as Go's
 * {@code hchan.lock} does.
 */
abstract class SpinLock {
    private static final VarHandle STATE;
    static {
        try {
            STATE = MethodHandles.lookup().findVarHandle(SpinLock.class, "state", int.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }
    /** Spins before the first yield (Go: active_spin = 4 rounds of 30 PAUSEs). */
    private static final int SPINS = 128;

    private volatile int state;

    final void lock() {
        if (!STATE.compareAndSet(this, 0, 1)) lockSlow();
    }

    private void lockSlow() {
        int spins = 0;
        for (;;) {
            if (state == 0 && STATE.compareAndSet(this, 0, 1)) return;
            if (++spins < SPINS) Thread.onSpinWait();
            else Thread.yield();
        }
    }

    final void unlock() {
        STATE.setRelease(this, 0);
    }
}
