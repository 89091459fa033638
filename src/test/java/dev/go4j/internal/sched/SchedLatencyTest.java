package dev.go4j.internal.sched;

import dev.go4j.Chan;
import dev.go4j.Go;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.concurrent.atomic.AtomicReference;

import static dev.go4j.Go.go;
import static org.junit.jupiter.api.Assertions.*;

/**
 * Scheduling latency (Go's /sched/latencies:seconds): one ready in 64 is timed, from
 * the ready to the moment an M starts the goroutine.
 */
@Timeout(60)
class SchedLatencyTest {

    @Test
    void bucketsArePowersOfTwoOfMicroseconds() {
        assertEquals(0, SchedLatency.bucket(-5));
        assertEquals(0, SchedLatency.bucket(0));
        assertEquals(0, SchedLatency.bucket(999));
        assertEquals(1, SchedLatency.bucket(1_000));
        assertEquals(1, SchedLatency.bucket(1_999));
        assertEquals(2, SchedLatency.bucket(2_000));
        assertEquals(11, SchedLatency.bucket(1_024_000));
        assertEquals(SchedLatency.BUCKETS - 1, SchedLatency.bucket(Long.MAX_VALUE));
        long[] b = SchedLatency.boundsMicros();
        assertEquals(SchedLatency.BUCKETS, b.length);
        // a wait lands in the bucket whose bound is the first above it
        for (long us : new long[] {0, 1, 3, 4, 1000, 4_194_303, 4_194_304, 1L << 40}) {
            int i = SchedLatency.bucket(us * 1000);
            assertTrue(us < b[i] && (i == 0 || us >= b[i - 1]), us + " us in bucket " + i);
        }
    }

    /** Two goroutines ping-pong: each is readied about once a round trip; one ready in 64 is timed. */
    @Test
    void oneReadyInSixtyFourIsTimed() {
        final int n = 8_000;
        long timed = sum(atOneP(s -> {
            var ping = Chan.<Integer>make();
            var pong = Chan.<Integer>make();
            go(() -> {
                for (int i = 0; i < n; i++) pong.send(ping.recv());
            });
            long[] before = SchedLatency.counts(s);
            for (int i = 0; i < n; i++) {
                ping.send(i);
                assertEquals(i, pong.recv());
            }
            return since(s, before);
        }));
        final int k = SchedLatency.PERIOD;
        assertTrue(timed >= n / k - 2, "at least main's readies, one in " + k + ": " + timed);
        assertTrue(timed <= 2 * n / k + 16, "not more than both goroutines' readies, one in " + k + ": " + timed);
    }

    /**
     * A goroutine readied while another holds the only P, and queued behind a third, waits
     * runnable for as long as the holder runs: GOMAXPROCS 1; each round a new goroutine
     * sends to the receiver (readying it into runnext), starts a no-op goroutine (which
     * takes runnext and pushes the receiver to the local queue) and then spins 3 ms. The
     * spinner readies the receiver itself and spins with the P: neither a preemption (a
     * spin ignores it) nor a time-slice hand-off (a chain that ran past 10 ms under load
     * has its runnext preempted) can let the receiver run before the spin ends. An
     * earlier form readied the receiver from main, before the spinner started, and a
     * preempted runnext then ran the receiver first: it failed once in CI under load.
     */
    @Test
    void aGoroutineQueuedBehindASpinningOneWaitsAsLongAsTheSpin() {
        // The receiver is readied once a round, one ready in PERIOD timed: three timed waits,
        // or two if the receiver was ever preempted before it parked, so that a send found it
        // not yet waiting and readied nobody.
        final int iterations = 3 * SchedLatency.PERIOD;
        final long spinNanos = 3_000_000;
        long[] d = atOneP(s -> {
            var ch = Chan.<Integer>make();
            var ack = Chan.<Integer>make();
            go(() -> {
                ack.send(-1); // main waits for this: the receiver is parked in recv from then on
                for (int i = 0; i < iterations; i++) ack.send(ch.recv());
            });
            assertEquals(-1, ack.recv());
            long[] before = SchedLatency.counts(s);
            for (int i = 0; i < iterations; i++) {
                final int v = i;
                go(() -> {
                    ch.send(v); // readies the receiver into runnext
                    go(() -> { }); // takes runnext; the receiver goes to the local queue behind it
                    long end = System.nanoTime() + spinNanos;
                    while (System.nanoTime() < end) Thread.onSpinWait();
                });
                assertEquals(i, ack.recv());
            }
            return since(s, before);
        });
        long[] bounds = SchedLatency.boundsMicros();
        long atLeastTwoMs = 0;
        for (int b = 0; b < d.length; b++) if (b > 0 && bounds[b - 1] >= 2_048) atLeastTwoMs += d[b];
        assertTrue(atLeastTwoMs >= 2, "timed waits of 2 ms or more: " + atLeastTwoMs + " in " + java.util.Arrays.toString(d));
    }

    /**
     * From a plain thread: a goroutine of the default runtime readied by the plain thread's
     * sends (the foreign-thread path, through the global queue) is timed as well.
     */
    @Test
    void readiesFromAPlainThreadAreTimed() throws Exception {
        final int n = 32 * SchedLatency.PERIOD;
        var ping = Chan.<Integer>make();
        var pong = Chan.<Integer>make();
        var started = new java.util.concurrent.CompletableFuture<G>();
        go(() -> {
            started.complete(G.current());
            for (Integer v; (v = ping.recv()) != null; ) pong.send(v);
        });
        G gp = started.get();
        Sched s = gp.sched();
        assertTrue(s.isDefault());
        long[] before = SchedLatency.counts(s);
        for (int i = 0; i < n; i++) {
            // the goroutine parked in recv, so this send readies it, from this thread
            while (gp.status() != GStatus.WAITING) Thread.onSpinWait();
            ping.send(i);
            assertEquals(i, pong.recv());
        }
        ping.close();
        long timed = sum(since(s, before));
        // n readies of one goroutine in a row: n / PERIOD of them timed
        assertTrue(timed >= n / SchedLatency.PERIOD, "the goroutine's readies, one in " + SchedLatency.PERIOD + ": " + timed);
    }

    /** Runs body as the main goroutine of a runtime at GOMAXPROCS 1 and returns what it returns. */
    private static long[] atOneP(java.util.function.Function<Sched, long[]> body) {
        AtomicReference<long[]> out = new AtomicReference<>();
        Go.run(() -> {
            Go.gomaxprocs(1);
            out.set(body.apply(G.current().sched()));
        });
        return out.get();
    }

    /** How much each bucket of s grew since {@code before}. */
    private static long[] since(Sched s, long[] before) {
        long[] d = SchedLatency.counts(s);
        for (int b = 0; b < d.length; b++) d[b] -= before[b];
        return d;
    }

    private static long sum(long[] a) {
        long n = 0;
        for (long v : a) n += v;
        return n;
    }
}
