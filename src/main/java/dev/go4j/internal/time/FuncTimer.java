package dev.go4j.internal.time;

import dev.go4j.internal.sched.RuntimeTimer;
import dev.go4j.internal.sched.Sched;

/**
 * Go's AfterFunc timer (goFunc): when it fires, {@code f} starts in its own goroutine on the
 * runtime whose P ran the timer (the runtime of the goroutine that armed it, or the
 * default runtime for a plain thread).
 */
public final class FuncTimer extends RuntimeTimer {
    private final Runnable f;

    public FuncTimer(Runnable f) {
        super(false);
        this.f = f;
    }

    @Override
    protected void fire(Sched sched, long seq, long delay) {
        sched.newproc(f);
    }
}
