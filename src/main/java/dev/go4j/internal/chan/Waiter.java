package dev.go4j.internal.chan;

import dev.go4j.internal.sched.G;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * The part of Go's {@code g} that channel operations use: who to wake ({@link #thread}),
 * which sudog completed the wait ({@link #param}, Go's {@code gp.param}) and the select
 * race flag ({@link #selectDone}, Go's {@code gp.selectDone}).
 *
 * <p>One waiter per goroutine (in {@code G.chanWaiter}) or plain thread (thread-local), reused for every blocking operation (a thread blocks in at
 * most one channel operation at a time), together with one sudog for plain send/recv, so
 * that a blocking send or receive allocates nothing.
 *
 * <p>Hand-off protocol: the waker, holding the channel lock, fills the sudog (elem,
 * success), then publishes it with the volatile write of {@code param}, then (after
 * unlocking) unparks {@code thread}. The waiting thread loops on {@code param == null}
 * around {@code Parking.gopark}, so spurious wake-ups and an unpark that comes before the
 * park are both harmless.
 */
final class Waiter {
    private static final VarHandle SELECT_DONE;
    static {
        try {
            SELECT_DONE = MethodHandles.lookup().findVarHandle(Waiter.class, "selectDone", int.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private static final ThreadLocal<Waiter> CACHE = ThreadLocal.withInitial(Waiter::new);

    final Thread thread = Thread.currentThread();
    /** The goroutine this waiter belongs to; null for a plain thread (or a virtual thread of no run). */
    final G g = G.current();
    /** The sudog whose operation completed, published last by the waker (Go's gp.param). */
    volatile Sudog param;
    /** 0 while a select waits; the first waker to CAS it to 1 owns the wake-up. */
    private volatile int selectDone;
    /** The sudog of this thread's plain send/recv. */
    final Sudog sudog = new Sudog(this);
    /** This thread's select working arrays, made on first select. */
    private SelectFrame frame;

    SelectFrame frame() {
        SelectFrame f = frame;
        if (f == null) frame = f = new SelectFrame(this);
        return f;
    }

    /** The calling thread's waiter: cached in the G for a goroutine, else thread-local. */
    static Waiter current() {
        G g = G.current();
        if (g == null) return CACHE.get();
        Object w = g.chanWaiter;
        if (w == null) g.chanWaiter = w = new Waiter();
        return (Waiter) w;
    }

    boolean winSelect() {
        return SELECT_DONE.compareAndSet(this, 0, 1);
    }

    void resetSelect() {
        selectDone = 0;
    }
}
