package dev.go4j.bench;

import dev.go4j.Go;

import java.util.Arrays;
import java.util.concurrent.CountDownLatch;

/**
 * Issue 2's first benchmark: spawn N goroutines that each count down one shared latch and
 * exit, on go4j and on the JDK's default virtual-thread scheduler, alternating A B A B in
 * one JVM; prints the median ns per goroutine of each and the ratio. Not a unit test.
 *
 * <pre>./go4j java -cp target/classes:target/test-classes dev.go4j.bench.SpawnBench [n] [rounds]</pre>
 * Warm-up: the first two rounds of each variant are discarded.
 */
public final class SpawnBench {
    public static void main(String[] args) throws Exception {
        int n = args.length > 0 ? Integer.parseInt(args[0]) : 1_000_000;
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 7;
        int warm = 2;
        double[] go4j = new double[rounds], jdk = new double[rounds];
        for (int r = 0; r < rounds + warm; r++) {
            double a = go4jRound(n), b = jdkRound(n);
            if (r >= warm) { go4j[r - warm] = a; jdk[r - warm] = b; }
        }
        double mg = median(go4j), mj = median(jdk);
        System.out.printf("spawn %,d goroutines x %d rounds (median ns/goroutine, %d cores, JDK %s)%n",
                n, rounds, Runtime.getRuntime().availableProcessors(), Runtime.version());
        System.out.printf("  go4j G-M-P      %8.1f%n  JDK default VT  %8.1f%n  go4j/JDK        %8.2fx%n", mg, mj, mg / mj);
    }

    static double go4jRound(int n) {
        long[] t = new long[1];
        Go.run(() -> {
            CountDownLatch done = new CountDownLatch(n);
            long t0 = System.nanoTime();
            for (int i = 0; i < n; i++) Go.go(done::countDown);
            await(done);
            t[0] = System.nanoTime() - t0;
        });
        return (double) t[0] / n;
    }

    static double jdkRound(int n) throws Exception {
        long[] t = new long[1];
        Thread main = Thread.ofVirtual().start(() -> {
            CountDownLatch done = new CountDownLatch(n);
            long t0 = System.nanoTime();
            Thread.Builder b = Thread.ofVirtual();
            for (int i = 0; i < n; i++) b.start(done::countDown);
            await(done);
            t[0] = System.nanoTime() - t0;
        });
        main.join();
        return (double) t[0] / n;
    }

    static void await(CountDownLatch l) {
        try { l.await(); } catch (InterruptedException e) { throw new AssertionError(e); }
    }

    static double median(double[] xs) {
        double[] s = xs.clone();
        Arrays.sort(s);
        return s[s.length / 2];
    }
}
