package dev.go4j.internal.sched;

/**
 * How long goroutines wait runnable before they run: Go's scheduling latency
 * ({@code /sched/latencies:seconds} in {@code runtime/metrics}, kept in
 * {@code sched.timeToRun}), as a histogram in powers of two of microseconds.
 *
 * <p>Implementation overview. As in Go, one transition to runnable in {@link #PERIOD} is
 * timed (Go's {@code gTrackingPeriod}, but 64 rather than 8, see there):
 * {@link Sched#ready} stamps the G ({@link #stamp}), and {@link Schedule#execute} records
 * the wait on the M that starts it ({@link #record}), in that M's own row of plain longs:
 * only the M's thread writes its row, readers sum the rows of {@link Sched#allm} (every M
 * ever started, so an M that ended keeps its counts). The other transitions cost a byte increment and a branch.
 * The wait runs from the ready (an unpark, a channel hand-off, a ready socket found by a
 * poll, a new goroutine's start, a preempted goroutine's requeue) to the moment an M
 * starts the G, whichever queue it went through.
 */
final class SchedLatency {
    /**
     * One ready in this many is timed. Go's gTrackingPeriod is 8; here two clock reads
     * every 8 readies cost 3-6% of a channel ping-pong at GOMAXPROCS 1 (B3/1, same-run
     * pairs), every 64 nothing measurable, and a server still gets thousands of samples
     * a second.
     */
    static final int PERIOD = 64;
    /** Bucket 0: under 1 us; bucket i: [2^(i-1), 2^i) us; the last: 2^(BUCKETS-2) us and more. */
    static final int BUCKETS = 24;

    private SchedLatency() {}

    /**
     * Mirrors casgstatus's tracking on the way to _Grunnable: every PERIOD-th ready of gp
     * stamps it. Called once per ready (after markQueued), before gp is queued, whose
     * publication carries the stamp to the M that runs it.
     */
    static void stamp(G gp) {
        if ((++gp.trackingSeq & (PERIOD - 1)) == 0) gp.runnableSince = System.nanoTime();
    }

    /** Mirrors casgstatus's record into timeToRun on the way to _Grunning; on mp's thread. */
    static void record(M mp, G gp) {
        long since = gp.runnableSince;
        if (since == 0) return;
        gp.runnableSince = 0;
        mp.schedLatency[bucket(System.nanoTime() - since)]++;
    }

    /** The bucket of a wait of {@code nanos} (a negative one, from clocks of two CPUs, counts as 0). */
    static int bucket(long nanos) {
        long us = nanos / 1000;
        if (us <= 0) return 0;
        return Math.min(BUCKETS - 1, 64 - Long.numberOfLeadingZeros(us));
    }

    /** The upper bound of each bucket in microseconds (exclusive); the last is Long.MAX_VALUE. */
    static long[] boundsMicros() {
        long[] b = new long[BUCKETS];
        for (int i = 0; i < BUCKETS - 1; i++) b[i] = 1L << i;
        b[BUCKETS - 1] = Long.MAX_VALUE;
        return b;
    }

    /** The counts of every M of s, summed; a monitoring read, a count may lag by one. */
    static long[] counts(Sched s) {
        long[] sum = new long[BUCKETS];
        for (M mp : s.allm) {
            long[] row = mp.schedLatency;
            for (int i = 0; i < BUCKETS; i++) sum[i] += row[i];
        }
        return sum;
    }
}
