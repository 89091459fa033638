package dev.go4j.bench;

import dev.go4j.Go;
import dev.go4j.internal.sched.Parking;
import dev.go4j.internal.sched.WaitReason;

import java.util.Arrays;
import java.util.concurrent.CountDownLatch;

/**
 * Park/ready round trip: two goroutines hand a turn back and forth with gopark/goready
 * (the path every channel and mutex hand-off takes), on go4j at GOMAXPROCS 1 and 2, and the
 * same code on the JDK's default virtual-thread scheduler; alternating, median ns per
 * round trip. Not a unit test.
 * <pre>./go4j java -cp target/classes:target/test-classes dev.go4j.bench.ParkBench [n] [rounds]</pre>
 */
public final class ParkBench {
    static final class Turn {
        volatile int turn;
        volatile Thread a, b;
    }

    public static void main(String[] args) throws Exception {
        int n = args.length > 0 ? Integer.parseInt(args[0]) : 1_000_000;
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 7;
        double[][] r = new double[3][rounds];
        for (int i = -2; i < rounds; i++) {
            double p1 = go4j(n, 1), p2 = go4j(n, 2), j = jdk(n);
            if (i >= 0) { r[0][i] = p1; r[1][i] = p2; r[2][i] = j; }
        }
        System.out.printf("park/ready round trip, %,d x %d rounds, median ns/round trip%n", n, rounds);
        System.out.printf("  go4j P=1   %7.1f   (%.2fx JDK)%n", med(r[0]), med(r[0]) / med(r[2]));
        System.out.printf("  go4j P=2   %7.1f   (%.2fx JDK)%n", med(r[1]), med(r[1]) / med(r[2]));
        System.out.printf("  JDK VT     %7.1f%n", med(r[2]));
    }

    static void pingpong(Turn t, int n, boolean first, Runnable done) {
        Thread me = Thread.currentThread();
        if (first) t.a = me; else t.b = me;
        int mine = first ? 0 : 1;
        for (int i = 0; i < n; i++) {
            while (t.turn != mine) Parking.gopark(t, WaitReason.CHAN_RECEIVE);
            t.turn = 1 - mine;
            Thread other = first ? t.b : t.a;
            while (other == null) { Thread.onSpinWait(); other = first ? t.b : t.a; }
            Parking.goready(other);
        }
        done.run();
    }

    static double go4j(int n, int procs) {
        long[] ns = new long[1];
        Go.run(() -> {
            Go.gomaxprocs(procs);
            Go.gosched();
            Turn t = new Turn();
            CountDownLatch done = new CountDownLatch(2);
            long t0 = System.nanoTime();
            Go.go(() -> pingpong(t, n, true, done::countDown));
            Go.go(() -> pingpong(t, n, false, done::countDown));
            try { done.await(); } catch (InterruptedException e) { throw new AssertionError(e); }
            ns[0] = System.nanoTime() - t0;
        });
        return (double) ns[0] / n;
    }

    static double jdk(int n) throws Exception {
        Turn t = new Turn();
        CountDownLatch done = new CountDownLatch(2);
        long t0 = System.nanoTime();
        Thread.ofVirtual().start(() -> pingpong(t, n, true, done::countDown));
        Thread.ofVirtual().start(() -> pingpong(t, n, false, done::countDown));
        done.await();
        return (double) (System.nanoTime() - t0) / n;
    }

    static double med(double[] xs) {
        double[] s = xs.clone();
        Arrays.sort(s);
        return s[s.length / 2];
    }
}
