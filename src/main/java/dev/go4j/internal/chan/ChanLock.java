package dev.go4j.internal.chan;

import java.util.concurrent.locks.AbstractQueuedSynchronizer;

/**
 * The channel lock: Go's runtime {@code mutex} (lock_futex.go / lock_spinbit.go) on the
 * JVM. Extended by {@link HChan} so that the lock word lives in the channel itself, as
 * Go's {@code hchan.lock} does.
 *
 * <p>Like Go's runtime lock it tries briefly and then sleeps; "sleeping" here is an
 * AbstractQueuedSynchronizer wait, which for a goroutine parks its virtual thread and
 * frees its M to run other goroutines (Go's lock sleeps the whole M on a futex, but an M
 * in Go never holds a channel lock for long either). A goroutine parked here reads as
 * running to deadlock detection, which is right: the holder never blocks while holding
 * it. Measured against a pure spin-then-yield lock, this is several times faster for
 * contended buffered channels on 2 P's, because a contender gets off the carrier
 * instead of bouncing the lock's cache line.
 *
 * <p>The invariant that keeps this deadlock-free: <b>a thread that holds a channel lock
 * never parks or yields</b>, so every holder is running and whoever waits for a lock
 * waits for a running holder. Critical sections are a few field writes; wake-ups
 * happen after unlocking. A thread that holds nothing may park in {@link #lock}; a
 * thread that already holds a channel lock (select locking its channels in order) takes
 * the next one with {@link #lockNoPark}, and so does code that must never park its
 * thread at all (a timer firing on a scheduler M). Were a select to park on its second
 * channel while holding the first, a spinning M could wait for a goroutine that can only
 * run on that M.
 */
abstract class ChanLock extends AbstractQueuedSynchronizer {
    private static final long serialVersionUID = 1L;

    final void lock() {
        // No spinning of our own before queueing: AQS retries a few times itself. Spinning
        // with onSpinWait (64 rounds) made contended buffered channels 6x slower on 2 P's
        // (ChanBench: ~250 ns vs ~35 ns per item): PAUSE is slow on current x86 and the
        // spinners keep the lock's cache line bouncing.
        if (!compareAndSetState(0, 1)) acquire(1);
    }

    /** Takes the lock without ever parking or yielding the calling thread. */
    final void lockNoPark() {
        while (!compareAndSetState(0, 1)) Thread.onSpinWait();
    }

    final void unlock() {
        release(1);
    }

    @Override
    protected final boolean tryAcquire(int arg) {
        return compareAndSetState(0, 1);
    }

    @Override
    protected final boolean tryRelease(int arg) {
        setState(0);
        return true;
    }
}
