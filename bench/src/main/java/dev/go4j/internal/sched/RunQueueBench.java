package dev.go4j.internal.sched;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

import java.util.concurrent.TimeUnit;

/**
 * The P-local run queue (Go's runqput/runqget/runqsteal). Lives in RunQueue's package
 * because those methods are package-private; single-threaded, so it measures the cost of
 * the operations themselves (fences and CASes), not contention.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = "--add-opens=java.base/java.lang=ALL-UNNAMED")
public class RunQueueBench {
    static final int BATCH = 128;
    RunQueue q, thief;
    G[] gs;

    @Setup
    public void setup() {
        q = new RunQueue();
        thief = new RunQueue();
        gs = new G[BATCH];
        for (int i = 0; i < BATCH; i++) gs[i] = new G(null, i + 1, 0, Runnable.class);
    }

    /** runqput to the tail, then runqget: one pair per operation. */
    @Benchmark
    public G putGet() {
        q.put(gs[0], false);
        return q.get(null);
    }

    /** runqput into runnext (what goready does), then runqget takes it back. */
    @Benchmark
    public G putNextGet() {
        q.put(gs[0], true);
        return q.get(null);
    }

    /** 128 G's put, then runqsteal takes half into another P's queue, and both are drained; per G. */
    @Benchmark
    @OperationsPerInvocation(BATCH)
    public int putStealDrain() {
        for (G g : gs) q.put(g, false);
        int n = 0;
        if (thief.stealFrom(q, false, null) != null) n++;
        while (thief.get(null) != null) n++;
        while (q.get(null) != null) n++;
        if (n != BATCH) throw new AssertionError("lost G's: " + n);
        return n;
    }
}
