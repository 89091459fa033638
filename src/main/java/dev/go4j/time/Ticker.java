package dev.go4j.time;

import dev.go4j.Chan;
import dev.go4j.Receiver;
import dev.go4j.internal.sched.RuntimeTimer;
import dev.go4j.internal.time.ChanTimer;

import java.time.Duration;
import java.time.Instant;

/**
 * Delivers the time at intervals (Go's time.Ticker), made by {@link Time#newTicker}. A
 * receiver that falls behind misses ticks rather than getting a backlog; after
 * {@link #stop} or {@link #reset} returns, no stale tick is received.
 */
public final class Ticker {
    private final Chan<Instant> c;
    private final RuntimeTimer r;

    Ticker(long periodNanos) {
        this.c = ChanTimer.newChannel();
        this.r = new ChanTimer(c);
        r.reset(RuntimeTimer.when(periodNanos), periodNanos);
    }

    /**
     * The channel the ticks are sent on.
     *
     * @return the tick channel
     */
    public Receiver<Instant> c() { return c; }

    /** Turns the ticker off (Ticker.Stop): no more ticks are sent; the channel stays open. */
    public void stop() { r.stop(); }

    /**
     * Stops the ticker and resets its period to {@code d} (Ticker.Reset); the next tick
     * arrives after {@code d}. Works on a stopped ticker too (it starts again).
     *
     * @param d the new period
     * @throws IllegalArgumentException if {@code d <= 0}
     */
    public void reset(Duration d) {
        long ns = Durations.nanos(d);
        if (ns <= 0) throw new IllegalArgumentException("non-positive interval for Ticker.Reset: " + d);
        r.reset(RuntimeTimer.when(ns), ns);
    }

    @Override
    public String toString() { return "Ticker[" + (r.pending() ? "running" : "stopped") + "]"; }
}
