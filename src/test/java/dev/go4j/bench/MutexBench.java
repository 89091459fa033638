package dev.go4j.bench;

import dev.go4j.Go;
import dev.go4j.sync.Mutex;
import dev.go4j.sync.WaitGroup;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Contended mutex benchmark (a main class, not a test): G goroutines each do N
 * lock/increment/unlock pairs on one lock. Compares, in one JVM run:
 * <ul>
 * <li>go4j: dev.go4j.sync.Mutex in goroutines of Go.run (go4j's G-M-P scheduler);
 * <li>jdk-reentrantlock: ReentrantLock on the JDK's default virtual threads;
 * <li>jdk-synchronized: a monitor on the JDK's default virtual threads;
 * <li>jdk-go4jmutex: go4j's Mutex on the JDK's default virtual threads (the lock alone).
 * </ul>
 * Prints ns per lock/unlock pair (best of the measured rounds) and ratios to go4j.
 *
 * <p>Run: {@code ./go4j build} (compiles the test classes too), then
 * {@code ./go4j java -cp target/classes:target/test-classes dev.go4j.bench.MutexBench [goroutines] [pairs] [rounds]}.
 */
public final class MutexBench {
    static int goroutines = 1000;
    static int pairs = 1000;

    interface Workload { long run() throws Exception; }

    static long go4jMutex() {
        long[] elapsed = new long[1];
        Go.run(() -> {
            var m = new Mutex();
            var counter = new long[1];
            var wg = new WaitGroup();
            long t0 = System.nanoTime();
            for (int g = 0; g < goroutines; g++) {
                wg.go(() -> {
                    for (int i = 0; i < pairs; i++) {
                        m.lock();
                        counter[0]++;
                        m.unlock();
                    }
                });
            }
            wg.await();
            elapsed[0] = System.nanoTime() - t0;
            check(counter[0]);
        });
        return elapsed[0];
    }

    static long jdkVirtual(Runnable body, long[] counter) throws InterruptedException {
        List<Thread> ts = new ArrayList<>(goroutines);
        long t0 = System.nanoTime();
        for (int g = 0; g < goroutines; g++) ts.add(Thread.ofVirtual().start(body));
        for (Thread t : ts) t.join();
        long elapsed = System.nanoTime() - t0;
        check(counter[0]);
        return elapsed;
    }

    static long reentrantLock() throws InterruptedException {
        var l = new ReentrantLock();
        var counter = new long[1];
        return jdkVirtual(() -> {
            for (int i = 0; i < pairs; i++) {
                l.lock();
                try { counter[0]++; } finally { l.unlock(); }
            }
        }, counter);
    }

    static long synchronizedMonitor() throws InterruptedException {
        var lock = new Object();
        var counter = new long[1];
        return jdkVirtual(() -> {
            for (int i = 0; i < pairs; i++) {
                synchronized (lock) { counter[0]++; }
            }
        }, counter);
    }

    static long go4jMutexOnJdkThreads() throws InterruptedException {
        var m = new Mutex();
        var counter = new long[1];
        return jdkVirtual(() -> {
            for (int i = 0; i < pairs; i++) {
                m.lock();
                counter[0]++;
                m.unlock();
            }
        }, counter);
    }

    static void check(long counter) {
        long expect = (long) goroutines * pairs;
        if (counter != expect) throw new AssertionError("lost updates: " + counter + " != " + expect);
    }

    public static void main(String[] args) throws Exception {
        if (args.length > 0) goroutines = Integer.parseInt(args[0]);
        if (args.length > 1) pairs = Integer.parseInt(args[1]);
        int rounds = args.length > 2 ? Integer.parseInt(args[2]) : 10;
        Map<String, Workload> workloads = new LinkedHashMap<>();
        workloads.put("go4j", MutexBench::go4jMutex);
        workloads.put("jdk-reentrantlock", MutexBench::reentrantLock);
        workloads.put("jdk-synchronized", MutexBench::synchronizedMonitor);
        workloads.put("jdk-go4jmutex", MutexBench::go4jMutexOnJdkThreads);
        System.out.printf("contended mutex: %d goroutines x %d lock/increment/unlock, %d CPUs, best of %d rounds after 2 warm-up rounds%n",
                goroutines, pairs, Runtime.getRuntime().availableProcessors(), rounds);
        Map<String, Long> best = new LinkedHashMap<>();
        // Interleave the workloads round by round so that drift hits all of them alike.
        for (int r = -2; r < rounds; r++) {
            for (var e : workloads.entrySet()) {
                long ns = e.getValue().run();
                if (r >= 0) best.merge(e.getKey(), ns, Math::min);
            }
        }
        double pairsTotal = (double) goroutines * pairs;
        double base = best.get("go4j") / pairsTotal;
        for (var e : best.entrySet()) {
            double nsPerPair = e.getValue() / pairsTotal;
            System.out.printf("%-20s %8.1f ns/pair   %6.2fx go4j's time%n", e.getKey(), nsPerPair, nsPerPair / base);
        }
    }
}
