package dev.go4j.time;

import dev.go4j.Chan;
import dev.go4j.Receiver;
import dev.go4j.internal.sched.RuntimeTimer;
import dev.go4j.internal.time.ChanTimer;
import dev.go4j.internal.time.FuncTimer;

import java.time.Duration;
import java.time.Instant;

/**
 * A single event (Go's time.Timer), made by {@link Time#newTimer} or {@link Time#afterFunc}.
 * Its channel is synchronous (Go 1.23): {@code cap()} is 0, and after {@link #stop} or
 * {@link #reset} returns no stale value is received.
 */
public final class Timer {
    private final Chan<Instant> c;
    private final RuntimeTimer r;

    private Timer(Chan<Instant> c, RuntimeTimer r) {
        this.c = c;
        this.r = r;
    }

    static Timer start(long nanos, Runnable f) {
        Timer t;
        if (f == null) {
            Chan<Instant> c = ChanTimer.newChannel();
            t = new Timer(c, new ChanTimer(c));
        } else {
            t = new Timer(null, new FuncTimer(f));
        }
        t.r.reset(RuntimeTimer.when(nanos), 0);
        return t;
    }

    /**
     * The channel the time is sent on (Go's {@code t.C}).
     *
     * @return the timer's channel; for an {@link Time#afterFunc} timer the nil channel
     *         {@link Chan#nil()}, as Go's {@code t.C} is nil there
     */
    public Receiver<Instant> c() { return c == null ? Chan.nil() : c; }

    /**
     * Prevents the timer from firing (Timer.Stop). True if the call stopped the timer,
     * false if it had already expired (and its value was received, or its function
     * started) or been stopped. No value is received from {@link #c()} after this returns.
     */
    public boolean stop() { return r.stop(); }

    /**
     * Changes the timer to expire after {@code d} (Timer.Reset); returns true if it had
     * been active. A value of the old deadline not yet received is discarded. For an
     * afterFunc timer, the function is scheduled again.
     */
    public boolean reset(Duration d) {
        return r.reset(RuntimeTimer.when(Durations.nanos(d)), 0);
    }

    @Override
    public String toString() { return "Timer[" + (r.pending() ? "pending" : "stopped") + "]"; }
}
