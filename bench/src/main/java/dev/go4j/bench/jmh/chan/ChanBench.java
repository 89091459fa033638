package dev.go4j.bench.jmh.chan;

import dev.go4j.Chan;
import dev.go4j.Go;
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

import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.TimeUnit;

/**
 * Channel send/receive. Uncontended: one thread sends into a buffered channel and receives
 * the value back (the fast path, no parking). Unbuffered and buffered with a partner: two
 * goroutines of go4j's default runtime (resp. two default-scheduler virtual threads with
 * the JDK's closest queue) pass BATCH values; per value.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = "--add-opens=java.base/java.lang=ALL-UNNAMED")
public class ChanBench {
    static final int BATCH = 10_000;
    static final Integer ONE = 1;
    Chan<Integer> buffered;
    ArrayBlockingQueue<Integer> abq;

    @Setup
    public void setup() {
        buffered = Chan.make(1);
        abq = new ArrayBlockingQueue<>(1);
    }

    @Benchmark
    public Integer bufferedUncontended() {
        buffered.send(ONE);
        return buffered.recv();
    }

    @Benchmark
    public Integer bufferedUncontendedJdkQueue() throws InterruptedException {
        abq.put(ONE);
        return abq.take();
    }

    static void pass(Chan<Integer> ch) throws InterruptedException {
        var done = new CountDownLatch(1);
        Go.go(() -> {
            for (int i = 0; i < BATCH; i++) ch.send(ONE);
        });
        Go.go(() -> {
            int n = 0;
            for (int i = 0; i < BATCH; i++) if (ch.recv() != null) n++;
            if (n == BATCH) done.countDown();
        });
        done.await();
    }

    static void passJdk(java.util.concurrent.BlockingQueue<Integer> q) throws InterruptedException {
        var done = new CountDownLatch(1);
        Thread.ofVirtual().start(() -> {
            try {
                for (int i = 0; i < BATCH; i++) q.put(ONE);
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        });
        Thread.ofVirtual().start(() -> {
            try {
                int n = 0;
                for (int i = 0; i < BATCH; i++) if (q.take() != null) n++;
                if (n == BATCH) done.countDown();
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        });
        done.await();
    }

    @Benchmark
    @OperationsPerInvocation(BATCH)
    public void unbuffered() throws InterruptedException {
        pass(Chan.make());
    }

    @Benchmark
    @OperationsPerInvocation(BATCH)
    public void unbufferedJdkSynchronousQueue() throws InterruptedException {
        passJdk(new SynchronousQueue<>());
    }

    @Benchmark
    @OperationsPerInvocation(BATCH)
    public void buffered128() throws InterruptedException {
        pass(Chan.make(128));
    }

    @Benchmark
    @OperationsPerInvocation(BATCH)
    public void buffered128JdkArrayBlockingQueue() throws InterruptedException {
        passJdk(new ArrayBlockingQueue<>(128));
    }
}
