package dev.go4j.bench.jmh;

import dev.go4j.Go;
import dev.go4j.internal.sched.Parking;
import dev.go4j.internal.sched.WaitReason;
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
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Consumer;

/**
 * Park/ready round trip: two goroutines hand a turn back and forth with gopark/goready
 * (go4j's default runtime), against the same with LockSupport on two default-scheduler
 * virtual threads. Per round trip (two park/ready pairs); each invocation runs 1000.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = "--add-opens=java.base/java.lang=ALL-UNNAMED")
public class ParkBench {
    static final int ROUNDS = 1000;

    /** Whose turn it is (0 or 1), and the two threads; one pair per invocation. */
    static final class Pair {
        final AtomicInteger turn = new AtomicInteger();
        final Thread[] threads = new Thread[2];
        final CountDownLatch started = new CountDownLatch(2), done = new CountDownLatch(2);
    }

    static void player(Pair p, int me, boolean go4j) {
        p.threads[me] = Thread.currentThread();
        p.started.countDown();
        try {
            p.started.await();
        } catch (InterruptedException e) {
            throw new IllegalStateException(e);
        }
        for (int i = 0; i < ROUNDS; i++) {
            while (p.turn.get() != me) {
                if (go4j) Parking.gopark(p, WaitReason.ZERO);
                else LockSupport.park(p);
            }
            p.turn.set(1 - me);
            if (go4j) Parking.goready(p.threads[1 - me]);
            else LockSupport.unpark(p.threads[1 - me]);
        }
        p.done.countDown();
    }

    static void play(Consumer<Runnable> spawn, boolean go4j) throws InterruptedException {
        Pair p = new Pair();
        spawn.accept(() -> player(p, 0, go4j));
        spawn.accept(() -> player(p, 1, go4j));
        p.done.await();
    }

    @Benchmark
    @OperationsPerInvocation(ROUNDS)
    public void go4j() throws InterruptedException {
        play(Go::go, true);
    }

    @Benchmark
    @OperationsPerInvocation(ROUNDS)
    public void jdkVirtualThread() throws InterruptedException {
        play(r -> Thread.ofVirtual().start(r), false);
    }
}
