package dev.go4j.internal.time;

import dev.go4j.internal.sched.RuntimeTimer;
import dev.go4j.internal.sched.Sched;

import java.util.function.BooleanSupplier;

/**
 * Go's AfterFunc timer (goFunc): when it fires, {@code f} starts in its own goroutine on the
 * runtime whose P ran the timer (the runtime of the goroutine that armed it, or the
 * default runtime for a plain thread).
 */
public final class FuncTimer extends RuntimeTimer {
    private final Runnable f;
    private final BooleanSupplier wakesWhenOrphaned;

    public FuncTimer(Runnable f) {
        this(f, null);
    }

    /**
     * @param wakesWhenOrphaned for deadlock detection once the timer is an orphan (its run
     *     ended): whether {@code f} is sure to wake a goroutine of a live run; lock-free.
     *     Null: never (an abandoned {@code afterFunc} keeps no later run alive).
     */
    public FuncTimer(Runnable f, BooleanSupplier wakesWhenOrphaned) {
        super(false);
        this.f = f;
        this.wakesWhenOrphaned = wakesWhenOrphaned;
    }

    @Override
    protected void fire(Sched sched, long seq, long delay) {
        sched.newproc(f);
    }

    @Override
    protected boolean canWakeOrphaned() {
        return wakesWhenOrphaned != null && wakesWhenOrphaned.getAsBoolean();
    }
}
