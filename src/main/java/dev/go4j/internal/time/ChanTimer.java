package dev.go4j.internal.time;

import dev.go4j.Chan;
import dev.go4j.internal.chan.HChan;
import dev.go4j.internal.chan.TimerChannels;
import dev.go4j.internal.sched.RuntimeTimer;
import dev.go4j.internal.sched.Sched;

import java.lang.ref.WeakReference;
import java.time.Instant;

/**
 * A timer that sends the time on a Go 1.23 synchronous timer channel (Go's sendTime with
 * t.isChan): NewTimer, After, NewTicker and Tick.
 *
 * <p>The channel ({@link TimerChannels#make()}: a hidden one-slot buffer, {@code cap() == 0})
 * is held only weakly here; the channel holds its timer (for a receive after the
 * deadline, {@link RuntimeTimer#maybeRunChan}), which keeps nothing alive: once user code
 * drops the channel (and the Timer/Ticker), the channel is collected and the runtime
 * drops the pending timer too, even if it was never stopped. What is held weakly is the
 * channel's core ({@link HChan}), never the {@link Chan} wrapper: {@code Time.after(d).recv()}
 * parks holding only the core (the wrapper is garbage once {@code recv} has read its
 * field), and a goroutine blocked on the channel keeps the core reachable through its
 * wait-queue entry, as Go 1.23 keeps a timer in the heap while a goroutine is blocked on
 * its channel. A send is non-blocking: a
 * ticker whose receiver is behind drops the tick. Stale sends are prevented by
 * {@link RuntimeTimer}'s seq protocol plus {@link #drain}.
 */
public final class ChanTimer extends RuntimeTimer {
    private final WeakReference<HChan> ch;

    public ChanTimer(Chan<Instant> c) {
        super(true);
        HChan core = TimerChannels.core(c);
        this.ch = weakOwner(core);
        TimerChannels.attach(core, this);
    }

    /** A new timer channel for a ChanTimer. */
    public static Chan<Instant> newChannel() {
        return TimerChannels.make();
    }

    @Override
    protected void fire(Sched sched, long seq, long delay) {
        // No seq check here: run() committed to this send under the timer's lock, and a
        // stop or reset since then waits for it (awaitSends) and drains what it sent. A
        // send skipped here instead would be one that stop counted as not under way, so
        // stop returned false with no value ever sent (Go's Stop then returns true).
        HChan c = ch.get();
        if (c == null) return;
        // Go sends Now() minus the lateness: the time the timer was due.
        TimerChannels.offer(c, Instant.now().minusNanos(delay));
    }

    /**
     * Only a receiver blocked on the channel (a receive or a select) can be woken by a tick,
     * and only a goroutine of a live run counts (see {@link TimerChannels#hasLiveGoroutineReceiver}).
     */
    @Override
    protected boolean canWake() {
        HChan c = ch.get();
        return c != null && TimerChannels.hasLiveGoroutineReceiver(c);
    }

    /** Its send is sure to wake such a receiver, whichever runtime runs the timer. */
    @Override
    protected boolean canWakeOrphaned() {
        return canWake();
    }

    /** Mirrors timerchandrain: drops a value not yet received; true if there was one. */
    @Override
    protected boolean drain() {
        HChan c = ch.get();
        return c != null && TimerChannels.drain(c);
    }
}
