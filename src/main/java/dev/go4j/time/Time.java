package dev.go4j.time;

import dev.go4j.Chan;
import dev.go4j.Receiver;
import dev.go4j.internal.time.SleepTimer;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * Go's {@code time} package functions: sleeping and timers run by the go4j scheduler (per-P
 * timer heaps, no timer thread).
 *
 * <p>Go 1.23 semantics: timer channels are synchronous ({@code cap() == 0}); after
 * {@code stop} or {@code reset} returns, no value prepared before the call is received;
 * unreferenced timers and tickers are garbage even if never stopped. A negative or zero
 * duration fires at once; {@code Duration.ofNanos(Long.MAX_VALUE)} (or more) never fires.
 * Timers armed from a plain thread run on the default runtime.
 */
public final class Time {
    private Time() {}

    /**
     * Pauses the caller for at least {@code d} (time.Sleep); a goroutine parks with wait
     * reason {@code sleep}, a plain thread blocks. Returns at once for {@code d <= 0}. An
     * interrupt does not end the sleep; the interrupt status is kept.
     */
    public static void sleep(Duration d) {
        SleepTimer.sleep(Durations.nanos(d));
    }

    /**
     * The current time (time.Now), from the system clock.
     *
     * @return {@link Instant#now()}
     */
    public static Instant now() {
        return Instant.now();
    }

    /**
     * The time elapsed since {@code t} (time.Since): {@code Duration.between(t, now())}.
     * Go's Since reads the monotonic clock when {@code t} came from {@code time.Now()};
     * an {@link Instant} has no monotonic reading, so this one follows the system clock
     * (for measuring an interval, {@link System#nanoTime()} is the monotonic clock).
     *
     * @param t an earlier time
     * @return the time since t (negative if t is in the future)
     */
    public static Duration since(Instant t) {
        Objects.requireNonNull(t, "t");
        return Duration.between(t, Instant.now());
    }

    /**
     * The time until {@code t} (time.Until): {@code Duration.between(now(), t)}; see
     * {@link #since} about the clock.
     *
     * @param t a later time
     * @return the time until t (negative if t has passed)
     */
    public static Duration until(Instant t) {
        Objects.requireNonNull(t, "t");
        return Duration.between(Instant.now(), t);
    }

    /** Waits for {@code d} and then sends the time on the returned channel (time.After). */
    public static Receiver<Instant> after(Duration d) {
        return newTimer(d).c();
    }

    /**
     * A channel that receives the time every {@code d} (time.Tick); for {@code d <= 0},
     * as in Go, the nil channel {@link Chan#nil()} (never ready in a select; a receive
     * blocks forever). The ticker is garbage once the channel is.
     *
     * @param d the interval
     * @return the ticker's channel, or the nil channel
     */
    public static Receiver<Instant> tick(Duration d) {
        if (Durations.nanos(d) <= 0) return Chan.nil();
        return newTicker(d).c();
    }

    /** A timer that sends the time on its channel after at least {@code d} (time.NewTimer). */
    public static Timer newTimer(Duration d) {
        return Timer.start(Durations.nanos(d), null);
    }

    /**
     * Waits for {@code d} and then runs {@code f} in its own goroutine (time.AfterFunc);
     * the returned timer's {@code stop()} cancels the call; its {@code c()} is the nil
     * channel, as Go's {@code t.C} is nil.
     */
    public static Timer afterFunc(Duration d, Runnable f) {
        Objects.requireNonNull(f, "f");
        return Timer.start(Durations.nanos(d), f);
    }

    /**
     * A ticker sending the time every {@code d} (time.NewTicker); ticks are dropped for a
     * slow receiver.
     *
     * @throws IllegalArgumentException if {@code d <= 0}
     */
    public static Ticker newTicker(Duration d) {
        long ns = Durations.nanos(d);
        if (ns <= 0) throw new IllegalArgumentException("non-positive interval for NewTicker: " + d);
        return new Ticker(ns);
    }
}
