package dev.go4j.sync;

import dev.go4j.internal.sched.SyncRuntime;
import dev.go4j.internal.sched.WaitReason;
import dev.go4j.internal.sema.Sema;
import dev.go4j.internal.sema.SemaTable;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * Go's sync.Mutex: a mutual exclusion lock, not bound to the goroutine (or thread) that
 * locked it: any goroutine may unlock it, and locking it twice blocks, as in Go.
 *
 * <p>Implementation overview (Go's internal/sync/mutex.go). One int holds the state:
 * bit 0 locked, bit 1 woken (a waiter is awake and competing, so unlock need not wake
 * another), bit 2 starving, and the number of waiters above those bits. The fast paths are
 * one CAS to lock and one atomic add to unlock. The slow path may spin a few rounds when
 * that pays ({@link SyncRuntime#canSpin}), then counts itself as a waiter and sleeps on the
 * runtime semaphore.
 *
 * <p>Normal mode: waiters queue FIFO, but a woken waiter competes with newly arriving
 * lockers and often loses; it then requeues at the front. Starvation mode: once a waiter
 * has waited more than 1 ms it marks the mutex starving; unlock then hands ownership
 * directly to the first waiter and yields to it, and newcomers neither spin nor barge but
 * queue at the tail. The mode ends when a waiter that got the lock is the last one or
 * waited less than 1 ms. Waiting goroutines show as {@code [sync.Mutex.Lock]} in dumps.
 *
 * <p>Works the same from plain Java threads (they block instead of parking a goroutine).
 * An interrupt does not end {@link #lock}: the thread keeps waiting and its interrupt
 * status is set again once it holds the lock. Like Go's, this mutex is not reentrant:
 * locking it twice from one goroutine blocks forever (Go.run reports the deadlock).
 */
public final class Mutex implements Locker {
    static final int MUTEX_LOCKED = 1;
    static final int MUTEX_WOKEN = 2;
    static final int MUTEX_STARVING = 4;
    static final int MUTEX_WAITER_SHIFT = 3;
    /** Go's starvationThresholdNs: 1 ms. */
    static final long STARVATION_THRESHOLD_NS = 1_000_000;

    private volatile int state;
    private final Sema sema = new Sema();

    // Test hook: how often this mutex entered and left starvation mode. Written only on
    // those (rare) transitions, never on the fast paths.
    private volatile int starvationEntered;
    private volatile int starvationLeft;

    private static final VarHandle STATE;
    private static final VarHandle ENTERED;
    private static final VarHandle LEFT;
    static {
        try {
            var l = MethodHandles.lookup();
            STATE = l.findVarHandle(Mutex.class, "state", int.class);
            ENTERED = l.findVarHandle(Mutex.class, "starvationEntered", int.class);
            LEFT = l.findVarHandle(Mutex.class, "starvationLeft", int.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    /** An unlocked mutex (Go's zero sync.Mutex). */
    public Mutex() {}

    /** Locks the mutex, waiting until it is available. */
    @Override
    public void lock() {
        if (STATE.compareAndSet(this, 0, MUTEX_LOCKED)) return; // fast path: grab an unlocked mutex
        lockSlow();
    }

    /**
     * Locks the mutex if it is free now and reports whether it did. As in Go, this may
     * succeed while goroutines wait (they have not woken yet) but never in starvation mode.
     *
     * @return whether the lock was taken
     */
    public boolean tryLock() {
        int old = state;
        if ((old & (MUTEX_LOCKED | MUTEX_STARVING)) != 0) return false;
        return STATE.compareAndSet(this, old, old | MUTEX_LOCKED);
    }

    /** Mirrors Mutex.lockSlow. */
    private void lockSlow() {
        long waitStartTime = 0;
        boolean starving = false;
        boolean awoke = false;
        int iter = 0;
        int old = state;
        for (;;) {
            // Spin only in normal mode while the mutex is held: in starvation mode the lock
            // is handed to waiters and could not be taken anyway.
            if ((old & (MUTEX_LOCKED | MUTEX_STARVING)) == MUTEX_LOCKED && SyncRuntime.canSpin(iter)) {
                // Set the woken flag so that unlock does not wake a sleeper we would beat.
                if (!awoke && (old & MUTEX_WOKEN) == 0 && (old >>> MUTEX_WAITER_SHIFT) != 0
                        && STATE.compareAndSet(this, old, old | MUTEX_WOKEN)) {
                    awoke = true;
                }
                SyncRuntime.doSpin();
                iter++;
                old = state;
                continue;
            }
            int nw = old;
            if ((old & MUTEX_STARVING) == 0) nw |= MUTEX_LOCKED; // newcomers do not take a starving mutex
            if ((old & (MUTEX_LOCKED | MUTEX_STARVING)) != 0) nw += 1 << MUTEX_WAITER_SHIFT;
            // Switch to starvation mode, but only while the mutex is held: unlock expects a
            // starving mutex to have waiters.
            if (starving && (old & MUTEX_LOCKED) != 0) nw |= MUTEX_STARVING;
            if (awoke) {
                if ((nw & MUTEX_WOKEN) == 0) throw new IllegalStateException("sync: inconsistent mutex state");
                nw &= ~MUTEX_WOKEN; // we were woken, so reset the flag either way
            }
            if (STATE.compareAndSet(this, old, nw)) {
                if ((old & (MUTEX_LOCKED | MUTEX_STARVING)) == 0) break; // locked with the CAS
                if ((nw & MUTEX_STARVING) != 0 && (old & MUTEX_STARVING) == 0) ENTERED.getAndAdd(this, 1);
                // A waiter that already waited requeues at the front.
                boolean queueLifo = waitStartTime != 0;
                if (waitStartTime == 0) waitStartTime = System.nanoTime();
                SemaTable.semacquire(sema, queueLifo, WaitReason.SYNC_MUTEX_LOCK);
                starving = starving || System.nanoTime() - waitStartTime > STARVATION_THRESHOLD_NS;
                old = state;
                if ((old & MUTEX_STARVING) != 0) {
                    // Ownership was handed to us, but the state still counts us as a waiter
                    // and the locked bit is clear. Fix that.
                    if ((old & (MUTEX_LOCKED | MUTEX_WOKEN)) != 0 || (old >>> MUTEX_WAITER_SHIFT) == 0) {
                        throw new IllegalStateException("sync: inconsistent mutex state");
                    }
                    int delta = MUTEX_LOCKED - (1 << MUTEX_WAITER_SHIFT);
                    if (!starving || (old >>> MUTEX_WAITER_SHIFT) == 1) {
                        // Leave starvation mode: it is so slow that two goroutines could go
                        // lock-step in it forever.
                        delta -= MUTEX_STARVING;
                        LEFT.getAndAdd(this, 1);
                    }
                    STATE.getAndAdd(this, delta);
                    break;
                }
                awoke = true;
                iter = 0;
            } else {
                old = state;
            }
        }
    }

    /**
     * Unlocks the mutex. Any goroutine or thread may unlock it, not just the one that
     * locked it.
     *
     * @throws IllegalStateException "sync: unlock of unlocked mutex" (a fatal error in Go).
     *     The unlock is undone, so a mutex nobody else touches meanwhile stays usable; with
     *     concurrent lockers the program is already wrong and the state is not guaranteed
     */
    @Override
    public void unlock() {
        int nw = (int) STATE.getAndAdd(this, -MUTEX_LOCKED) - MUTEX_LOCKED; // fast path: drop the lock bit
        if (nw != 0) unlockSlow(nw);
    }

    /** Mirrors Mutex.unlockSlow. */
    private void unlockSlow(int nw) {
        if (((nw + MUTEX_LOCKED) & MUTEX_LOCKED) == 0) {
            STATE.getAndAdd(this, MUTEX_LOCKED); // undo, so that the mutex stays usable
            throw new IllegalStateException("sync: unlock of unlocked mutex");
        }
        if ((nw & MUTEX_STARVING) == 0) {
            int old = nw;
            for (;;) {
                // Nobody to wake, or a waiter is already awake, or someone took the lock, or
                // starvation mode began after our unlock (then the hand-off chain is not ours).
                if ((old >>> MUTEX_WAITER_SHIFT) == 0 || (old & (MUTEX_LOCKED | MUTEX_WOKEN | MUTEX_STARVING)) != 0) {
                    return;
                }
                // Take the right to wake one waiter.
                int next = (old - (1 << MUTEX_WAITER_SHIFT)) | MUTEX_WOKEN;
                if (STATE.compareAndSet(this, old, next)) {
                    SemaTable.semrelease(sema, false);
                    return;
                }
                old = state;
            }
        } else {
            // Starvation mode: hand ownership to the first waiter and yield to it. The locked
            // bit stays clear; the waiter sets it. Newcomers see the starving bit and queue.
            SemaTable.semrelease(sema, true);
        }
    }

    // ---- test hooks (package-private) ----

    /** How many times this mutex entered starvation mode. */
    int starvationEntered() { return starvationEntered; }

    /** How many times this mutex left starvation mode. */
    int starvationLeft() { return starvationLeft; }

    /** Whether the mutex is in starvation mode now. */
    boolean starving() { return (state & MUTEX_STARVING) != 0; }

    /** Number of goroutines counted as waiting in the state word. */
    int waiters() { return state >>> MUTEX_WAITER_SHIFT; }

    boolean isLocked() { return (state & MUTEX_LOCKED) != 0; }

    /** Number of threads queued on the semaphore (parked or about to park). */
    int queued() { return SemaTable.waiters(sema); }

    @Override
    public String toString() {
        int s = state;
        return "Mutex[" + ((s & MUTEX_LOCKED) != 0 ? "locked" : "unlocked")
                + ((s & MUTEX_STARVING) != 0 ? ", starving" : "")
                + ", waiters=" + (s >>> MUTEX_WAITER_SHIFT) + "]";
    }
}
