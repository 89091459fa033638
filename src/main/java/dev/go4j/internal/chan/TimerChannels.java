package dev.go4j.internal.chan;

import dev.go4j.Chan;
import dev.go4j.internal.sched.RuntimeTimer;

/**
 * The hook for Go 1.23 synchronous timer channels (runtime/chan.go's {@code c.timer}).
 *
 * <p>A timer channel has a hidden one-slot buffer that the timer fills when it fires, while
 * {@code cap()} and {@code len()} report 0, so user code sees a synchronous channel.
 * {@code Timer.stop}/{@code reset} {@link #drain} the slot, which is how no stale value is
 * received after them. Receivers and select treat it as any other channel.
 */
public final class TimerChannels {
    private TimerChannels() {}

    /** A new timer channel. */
    public static <T> Chan<T> make() {
        return ChanAccess.wrap(new HChan(1, true));
    }

    /**
     * The channel's core, which is what a timer must hold (weakly): a goroutine blocked on
     * the channel keeps the core reachable through its wait-queue entry, while the
     * {@link Chan} wrapper may already be garbage (the receive that parked only needs the
     * core), so a timer that held the wrapper weakly could be dropped under a blocked
     * receiver.
     */
    public static HChan core(Chan<?> c) {
        return ChanAccess.unwrap(c);
    }

    /** Makes t the timer of timer channel core h (Go's c.timer), for receives after its deadline. */
    public static void attach(HChan h, RuntimeTimer t) {
        h.runtimeTimer = t;
    }

    /**
     * Non-blocking send used by the timer when it fires; safe from a scheduler thread (it
     * never parks). A receiver parked on the channel gets the value directly and is
     * readied. False if the slot is already full (a ticker drops the tick).
     */
    public static boolean offer(HChan h, Object v) {
        if (v == null) throw new NullPointerException("timer value");
        return h.offer(v);
    }

    /**
     * Discards any buffered value (Timer.stop / reset), under the channel lock; never
     * parks. Returns true if there was one (Go's timerchandrain).
     */
    public static boolean drain(HChan h) {
        return h.drain();
    }

    /**
     * For deadlock detection: whether a goroutine of a live run is blocked receiving on h.
     * Plain threads do not count (deadlock detection cannot see them), nor do goroutines
     * abandoned by a run that ended: an ended run's ticker loop would otherwise keep every
     * later run alive for ever. Read without the channel lock, as the caller holds
     * scheduler locks (an unlock may unpark a goroutine, whose ready needs them).
     */
    public static boolean hasLiveGoroutineReceiver(HChan h) {
        return h.recvq.anyWaiterRacy(w -> w.g != null && !w.g.sched().ended(), 16);
    }

    /** Whether c was made by {@link #make()}. */
    public static boolean isTimer(Chan<?> c) {
        return ChanAccess.unwrap(c).timer;
    }
}
