package dev.go4j.internal.context;

import dev.go4j.context.Context;
import dev.go4j.internal.sched.RuntimeTimer;
import dev.go4j.internal.time.FuncTimer;

import java.time.Instant;
import java.util.Optional;

/**
 * Go's timerCtx: a cancelCtx with a deadline, cancelled by a go4j runtime timer (an
 * afterFunc timer: the cancel runs in its own goroutine) when the deadline passes.
 */
final class TimerCtx extends CancelCtx {
    private final Instant deadline;
    /** Guarded by this. */
    private RuntimeTimer timer;

    TimerCtx(Context parent, Instant deadline) {
        super(parent);
        this.deadline = deadline;
    }

    @Override
    public Optional<Instant> deadline() { return Optional.of(deadline); }

    /** Arms the deadline timer unless already cancelled (the tail of WithDeadlineCause). */
    void arm(long nanos, Throwable cause) {
        synchronized (this) {
            if (err != null) return;
            timer = new FuncTimer(() -> cancel(true, Context.DEADLINE_EXCEEDED, cause), this::awaited);
            timer.reset(RuntimeTimer.when(nanos), 0);
        }
    }

    @Override
    public void cancel(boolean removeFromParent, Context.Error err, Throwable cause) {
        super.cancel(false, err, cause);
        if (removeFromParent) {
            // Remove this timerCtx from its parent cancelCtx's children.
            leaveParent();
        }
        synchronized (this) {
            if (timer != null) {
                timer.stop();
                timer = null;
            }
        }
    }

    @Override
    public String toString() { return parent + ".WithDeadline(" + deadline + ")"; }
}
