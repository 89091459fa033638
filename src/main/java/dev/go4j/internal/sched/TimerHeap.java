package dev.go4j.internal.sched;

/**
 * A P's timers (Go's p.timers). Placeholder until the timers issue lands: it holds no
 * timers, so the scheduler's calls into it are no-ops.
 */
public final class TimerHeap {
    final P p;

    TimerHeap(P p) { this.p = p; }

    /** Runs every due timer; returns the earliest remaining deadline (nanoTime), or 0 if none. */
    long check(long now) { return 0; }

    /** Earliest deadline (nanoTime), or 0 if none. */
    long wakeTime() { return 0; }

    /** Number of timers. */
    int len() { return 0; }

    /** procresize: moves every timer of this (dying) P to {@code to}. */
    void moveTo(TimerHeap to) {}
}
