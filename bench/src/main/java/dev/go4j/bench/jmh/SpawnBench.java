package dev.go4j.bench.jmh;

import dev.go4j.Go;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Spawn: 1000 goroutines (go4j's default runtime) or default-scheduler virtual threads
 * that each count down a latch; per goroutine, including running it to its end.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = "--add-opens=java.base/java.lang=ALL-UNNAMED")
public class SpawnBench {
    static final int BATCH = 1000;

    @Benchmark
    @OperationsPerInvocation(BATCH)
    public void go4j() throws InterruptedException {
        var latch = new CountDownLatch(BATCH);
        for (int i = 0; i < BATCH; i++) Go.go(latch::countDown);
        latch.await();
    }

    @Benchmark
    @OperationsPerInvocation(BATCH)
    public void jdkVirtualThread() throws InterruptedException {
        var latch = new CountDownLatch(BATCH);
        for (int i = 0; i < BATCH; i++) Thread.ofVirtual().start(latch::countDown);
        latch.await();
    }
}
