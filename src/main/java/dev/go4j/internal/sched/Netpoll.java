package dev.go4j.internal.sched;

/**
 * The blocking "netpoll" of the last M to go idle (Go's netpoll(delay) in findRunnable,
 * netpollBreak and wakeNetPoller).
 *
 * <p>Implementation overview. go4j has no poller of its own (sockets are handled by the
 * JDK, which unparks the goroutine): what remains of Go's netpoll is the timed sleep. An
 * M that finds no work but sees a pending timer becomes <em>the</em> polling M and sleeps
 * until the earliest timer ({@code pollUntil}); at most one M does so. Whoever adds an
 * earlier timer, or an M going idle that knows of one, breaks that sleep
 * ({@link #netpollBreak}) so the poller recomputes its deadline, exactly Go's two
 * branches: wakeNetPoller's {@code pollUntil == 0 || pollUntil > when}, and findRunnable's
 * {@code else if pollUntil != 0 && pollerPollUntil > pollUntil { netpollBreak() }}.
 *
 * <p>The poll sleep has its own wake flag ({@link M#pollSleep}/{@link M#pollBreak}),
 * separate from the park note that {@code stopm} sleeps on: a break that arrives after
 * the poller already woke can at worst end a later poll sleep early (harmless, it just
 * looks again), never an idle M's sleep, which would leave that M on the idle list while
 * it runs.
 */
final class Netpoll {
    private final Sched sched;

    /** The M in the timed sleep, or null (Go: sched.lastpoll == 0 while someone polls). */
    private volatile M pollingM;
    /** When pollingM wakes on its own (nanoTime), 0 if it sleeps without deadline (Go's sched.pollUntil). */
    private volatile long pollUntil;

    Netpoll(Sched sched) { this.sched = sched; }

    /** Whether an M is in the poll sleep (checkdead counts it as idle). */
    M pollingM() { return pollingM; }

    /**
     * Makes mp the polling M until {@code until}, unless another M already is. Called
     * with the sched lock held and mp's P already released.
     */
    boolean becomePollerLocked(M mp, long until) {
        if (pollingM != null) return false;
        pollUntil = until;
        pollingM = mp;
        return true;
    }

    /**
     * The poll sleep itself: sleeps until {@code until} or a break, then gives the role
     * up. No lock held.
     */
    void poll(M mp, long until) {
        try {
            mp.pollSleep(until);
        } finally {
            pollUntil = 0;
            pollingM = null;
        }
    }

    /** Mirrors netpollBreak: ends the current poll sleep, if any. */
    void netpollBreak() {
        M poller = pollingM;
        if (poller != null) poller.pollBreak();
    }

    /**
     * Mirrors findRunnable's last check before stopm: this M knows of a timer at
     * {@code until} that the poller would sleep past; wake the poller to recompute.
     */
    void breakIfLater(long until) {
        if (pollingM == null) return;
        long ppu = pollUntil;
        if (ppu == 0 || ppu > until) netpollBreak();
    }

    /**
     * Mirrors wakeNetPoller: a timer due at {@code when} was added; make sure some M will
     * notice it in time. Safe from goroutines: the sched lock is a spin lock that never
     * unmounts its caller.
     */
    void wakeNetPoller(long when) {
        if (pollingM != null) {
            // In findRunnable we ensure that when polling the pollUntil field is either
            // zero or the time to which the current poll is expected to run. This can
            // have a spurious wakeup but should never miss a wakeup.
            long pu = pollUntil;
            if (pu == 0 || pu > when) netpollBreak();
        } else {
            // There are no threads in the poll sleep, try to get one there so it can
            // handle new timers.
            sched.idle.wakep();
        }
    }

    /** Shutdown: ends the poll sleep. */
    void shutdown() { netpollBreak(); }
}
