package dev.go4j.bench;

import dev.go4j.Chan;
import dev.go4j.Go;
import dev.go4j.time.Time;
import dev.go4j.time.Timer;

import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * Timer benchmark (not a test): 100,000 goroutines each sleeping a pseudo-random 1..100 ms
 * (fixed seed), go4j's Time.sleep against Thread.sleep on the JDK's default virtual-thread
 * scheduler, in the same run; wall time (ideal: ~100 ms) and process CPU time. Then
 * 1,000,000 timers created and stopped, against the JDK's ScheduledThreadPoolExecutor
 * schedule + cancel (removeOnCancel) as a reference.
 *
 * <pre>./go4j build && ./go4j java -cp target/classes:target/test-classes dev.go4j.bench.SleepBench</pre>
 */
public final class SleepBench {
    private SleepBench() {}

    static final int N = 100_000;
    static final int TIMERS = 1_000_000;

    static long cpu() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime();
    }

    static long[] durations(int n) {
        Random r = new Random(20261123L);
        long[] d = new long[n];
        for (int i = 0; i < n; i++) d[i] = 1 + r.nextInt(100);
        return d;
    }

    /** Returns {wall ns, cpu ns}. */
    static long[] go4jSleep(long[] ms) {
        long[] out = new long[2];
        Go.run(() -> {
            Chan<Boolean> done = Chan.make(ms.length);
            long c0 = cpu(), t0 = System.nanoTime();
            for (long m : ms) {
                Duration d = Duration.ofMillis(m);
                Go.go(() -> {
                    Time.sleep(d);
                    done.send(true);
                });
            }
            for (int i = 0; i < ms.length; i++) done.recv();
            out[0] = System.nanoTime() - t0;
            out[1] = cpu() - c0;
        });
        return out;
    }

    static long[] jdkSleep(long[] ms) throws InterruptedException {
        var latch = new CountDownLatch(ms.length);
        long c0 = cpu(), t0 = System.nanoTime();
        for (long m : ms) {
            Thread.ofVirtual().start(() -> {
                try {
                    Thread.sleep(m);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                latch.countDown();
            });
        }
        latch.await();
        return new long[] {System.nanoTime() - t0, cpu() - c0};
    }

    static double go4jTimers(int n) {
        double[] out = new double[1];
        Go.run(() -> {
            Duration d = Duration.ofHours(1);
            long t0 = System.nanoTime();
            for (int i = 0; i < n; i++) {
                Timer t = Time.newTimer(d);
                t.stop();
            }
            out[0] = (System.nanoTime() - t0) / (double) n;
        });
        return out[0];
    }

    static double jdkTimers(int n) {
        var ex = new ScheduledThreadPoolExecutor(1);
        ex.setRemoveOnCancelPolicy(true);
        Runnable nop = () -> { };
        long t0 = System.nanoTime();
        for (int i = 0; i < n; i++) {
            ScheduledFuture<?> f = ex.schedule(nop, 1, TimeUnit.HOURS);
            f.cancel(false);
        }
        double r = (System.nanoTime() - t0) / (double) n;
        ex.shutdownNow();
        return r;
    }

    public static void main(String[] args) throws Exception {
        int n = args.length > 0 ? Integer.parseInt(args[0]) : N;
        long[] ms = durations(n);
        long ideal = 0;
        for (long m : ms) ideal = Math.max(ideal, m);
        // warm-up, both sides
        go4jSleep(durations(10_000));
        jdkSleep(durations(10_000));
        go4jTimers(200_000);
        jdkTimers(200_000);
        System.gc();

        long[] g = go4jSleep(ms);
        System.gc();
        long[] j = jdkSleep(ms);
        System.out.printf("sleep %,d goroutines 1..100 ms (ideal %d ms)%n", n, ideal);
        System.out.printf("  go4j Time.sleep : wall %7.1f ms (%.2fx ideal)  cpu %7.1f ms%n", g[0] / 1e6, g[0] / 1e6 / ideal, g[1] / 1e6);
        System.out.printf("  JDK  Thread.sleep: wall %7.1f ms (%.2fx ideal)  cpu %7.1f ms%n", j[0] / 1e6, j[0] / 1e6 / ideal, j[1] / 1e6);
        System.out.printf("  go4j/JDK: wall %.2f  cpu %.2f%n", g[0] / (double) j[0], g[1] / (double) j[1]);

        double gt = go4jTimers(TIMERS);
        double jt = jdkTimers(TIMERS);
        System.out.printf("timers created+stopped x %,d%n", TIMERS);
        System.out.printf("  go4j newTimer+stop            : %6.1f ns/pair%n", gt);
        System.out.printf("  JDK STPE schedule+cancel      : %6.1f ns/pair%n", jt);
        System.out.printf("  go4j/JDK: %.2f%n", gt / jt);
    }
}
