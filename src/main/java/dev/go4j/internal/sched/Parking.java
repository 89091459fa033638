package dev.go4j.internal.sched;

import java.util.concurrent.locks.LockSupport;

/**
 * gopark and goready for go4j's own primitives (channels, sync, timers).
 *
 * <p>Both work for a goroutine and for a plain Java thread alike, because a goroutine is a
 * virtual thread: {@code LockSupport.park} unmounts it and returns its M to the scheduler,
 * and {@code LockSupport.unpark} makes the JDK call {@link G#execute}, which puts it on the
 * waker's P (runnext). What this class adds is Go's bookkeeping: status {@code _Gwaiting},
 * and the wait reason, which goroutine dumps and deadlock detection read.
 *
 * <p>Like {@code LockSupport.park}, {@link #gopark} may return spuriously: callers loop on
 * their own condition. A plain thread's interrupt does not end a wait (Go has no
 * interrupts): gopark clears it and returns {@code true}; the caller keeps waiting and
 * calls {@link #restoreInterrupt} when its wait is over, so the flag stays set.
 */
public final class Parking {
    private Parking() {}

    /**
     * Parks the caller once, recording {@code reason} if it is a goroutine.
     * @return true if the thread's interrupt status was set (and has been cleared)
     */
    public static boolean gopark(Object blocker, WaitReason reason) {
        G g = G.current();
        if (g != null) {
            // A preemption request is honoured here, before parking: the G goes to the
            // global queue first. In a hand-off chain (two goroutines readying each other
            // through runnext) this is where Go's prologue check breaks the chain, so the
            // rest of the P's work runs. The caller is already queued as a waiter; a
            // wake-up that comes meanwhile leaves the park permit, so nothing is lost.
            if (g.preempt) Preempt.preemptYield(g);
            // The sysmon-kept coarse clock: accurate to a sysmon round, no clock read here.
            g.setWaiting(reason, g.sched.coarseNanos);
            // Counted before the status says so: whoever sees _Gwaiting sees the count.
            Object event = g.sched.events.parkBegin(g, reason);
            // Release stores: the park's own volatile write of the thread's state follows,
            // and a readier learns of the park through its CAS on that state.
            g.setStatusRelease(GStatus.WAITING);
            LockSupport.park(blocker);
            g.sched.events.parkEnd(g, event);
            // The G may resume on another M; the ready path already set RUNNABLE and
            // the M set RUNNING. Only a spurious or permit wake-up gets here unchanged.
            if (g.status != GStatus.RUNNING) g.setStatusRelease(GStatus.RUNNING);
            g.setWaitReasonRelease(WaitReason.ZERO);
            return Thread.interrupted();
        }
        LockSupport.park(blocker);
        return Thread.interrupted();
    }

    /** Re-sets the interrupt flag cleared by an earlier {@link #gopark}. */
    public static void restoreInterrupt(boolean interrupted) {
        if (interrupted) Thread.currentThread().interrupt();
    }

    /**
     * Makes a thread parked in {@link #gopark} runnable (goready: runnext of the waker's P).
     * A waker that sysmon asked to yield does so now, after the wake-up: Go's flagged G
     * would have stopped at this call's prologue and let the readied G's P run others.
     */
    public static void goready(Thread t) {
        LockSupport.unpark(t);
        G g = G.current();
        if (g != null && g.preempt) Preempt.preemptYield(g);
    }

    /**
     * A preemption point for runtime calls that may neither park nor ready (every channel
     * and select operation on entry, timer calls): yields if sysmon asked this goroutine.
     */
    public static void preemptPoint() {
        G g = G.current();
        if (g != null && g.preempt) Preempt.preemptYield(g);
    }
}
