package dev.go4j.internal.time;

import dev.go4j.internal.sched.G;
import dev.go4j.internal.sched.Parking;
import dev.go4j.internal.sched.RuntimeTimer;
import dev.go4j.internal.sched.Sched;
import dev.go4j.internal.sched.WaitReason;

import java.util.concurrent.locks.LockSupport;

/**
 * Go's timeSleep: a goroutine parks with wait reason {@code sleep} and a one-shot runtime
 * timer readies it. A plain thread simply blocks (parkNanos), keeping its interrupt status.
 */
public final class SleepTimer extends RuntimeTimer {
    private final Thread sleeper;
    private volatile boolean done;

    private SleepTimer(Thread sleeper) {
        super(false);
        this.sleeper = sleeper;
    }

    @Override
    protected void fire(Sched sched, long seq, long delay) {
        done = true;
        Parking.goready(sleeper); // mirrors goroutineReady
    }

    /** Mirrors timeSleep: pauses the caller for at least {@code nanos}; returns at once if {@code nanos <= 0}. */
    public static void sleep(long nanos) {
        if (nanos <= 0) return;
        boolean interrupted = false;
        if (G.current() == null) {
            // Counted from the start, not as a deadline: start + nanos may overflow (a
            // Long.MAX_VALUE sleep never ends), and nanos - elapsed cannot.
            long start = System.nanoTime();
            for (long left = nanos; left > 0; left = nanos - (System.nanoTime() - start)) {
                LockSupport.parkNanos(SleepTimer.class, left);
                if (Thread.interrupted()) interrupted = true;
            }
        } else {
            SleepTimer t = new SleepTimer(Thread.currentThread());
            t.reset(when(nanos), 0);
            while (!t.done) interrupted |= Parking.gopark(t, WaitReason.SLEEP);
        }
        Parking.restoreInterrupt(interrupted);
    }
}
