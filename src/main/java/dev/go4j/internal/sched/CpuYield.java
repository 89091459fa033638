package dev.go4j.internal.sched;

/**
 * go4j: an M that has run for a while without sleeping gives its CPU up for a moment
 * between goroutines, when its P has nothing queued ({@code sched_yield}, through
 * {@link Thread#yield} on the M's platform thread). Go has no such step.
 *
 * <p>Implementation overview. A busy server's M's rarely sleep: each time a goroutine
 * parks on a socket, the M polls the network and finds the next connection ready, so one
 * M can run for milliseconds on end. The kernel lets it run its whole time slice, and any
 * thread woken onto that CPU waits behind it: the clients on a shared machine, the
 * process's own other threads, other programs. Measured on the 2-core benchmark machine
 * (B11, 4 connections; {@code perf sched} events): go4j's M's ran 363 stretches of over
 * 500 us in a 20,000-round-trip run (430 ms of their 950), where the JDK's ForkJoinPool
 * workers, which park between tasks far more often, ran 44; the threads woken beside
 * go4j's server waited over 500 us for a CPU four times as often. Go's M's have the
 * same habit; go4j gives it up because on the JVM it was measured to cost tail latency
 * that the JDK's own scheduler does not pay.
 *
 * <p>So after a goroutine leaves its M (parks, yields, ends), if this P's run queue
 * (runnext too) and the global queue are empty and the M has been awake for
 * {@link #AFTER_NS}, it calls {@code sched_yield}: the kernel runs whatever else waits on
 * that CPU, or returns at once if nothing does. Nothing of go4j waits meanwhile: this P
 * has no work queued, and work readied meanwhile wakes another M as usual (this M still
 * holds its P, so wakep sees one P fewer idle, as while it runs a goroutine).
 *
 * <p>Costs: a hand-off pair (ping-pong through runnext) never gets here, since its partner
 * is always queued; otherwise one run queue look per switch, one clock read when both
 * queues are empty, and at most one system call per {@link #AFTER_NS} per M. Measured
 * (BENCHMARKS.md, "An M gives its CPU up"): p99 down by about a quarter on B11 at 128
 * connections, 4-24% at 4, about 40% on B10 at 64. Throughput measured level in the first
 * sets, about 2% lower at full load in later ones (B11 at 128: 0.964 of the JDK's round
 * trips against 0.987 without the yield; a 1.5 ms threshold cost the same, so the cost is
 * not the system calls themselves).
 */
final class CpuYield {
    private CpuYield() {}

    /** {@code -Dgo4j.yieldAfterUs}: 500 if unset, 0 never. */
    private static final MicrosFlag FLAG = new MicrosFlag("go4j.yieldAfterUs", 500, 1, 1_000_000,
            "microseconds from 0 (never yield) to 1000000");

    /** How long an M runs without sleeping before it yields between goroutines; 0: never (-1: a bad value). */
    static final long AFTER_NS = FLAG.nanos;

    static final boolean ENABLED = AFTER_NS > 0;

    /** Called as a runtime starts: a bad value of the property stops it, naming the value. */
    static void check() { FLAG.check(); }

    /** {@link #check()} for a given value. */
    static void check(String v) { FLAG.check(v); }

    /** The property's value in nanoseconds: 500 us if unset, -1 if it is not a number of microseconds from 0 to 1 s. */
    static long afterNanos(String v) { return FLAG.nanos(v); }

    /**
     * After a goroutine left mp: yields the CPU if mp has been awake for {@link #AFTER_NS}
     * and nothing is queued for it. Called on mp's own thread, holding its P.
     */
    static void afterGoroutine(Sched sched, M mp) {
        P pp = mp.p;
        if (pp == null || !pp.runq.isEmpty() || sched.runq.size() != 0) return;
        long now = System.nanoTime();
        if (now - mp.awakeSince < AFTER_NS) return;
        Thread.yield();
        mp.awakeSince = System.nanoTime();
        sched.events.counters.cpuYields.increment();
    }
}
