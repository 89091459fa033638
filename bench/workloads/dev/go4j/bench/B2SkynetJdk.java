package dev.go4j.bench;

import java.util.concurrent.SynchronousQueue;

/** B2 skynet (JDK): the same tree on virtual threads; an unbuffered channel is a SynchronousQueue. */
public final class B2SkynetJdk {
    static void skynet(SynchronousQueue<Long> c, long num, long size, int div) throws InterruptedException {
        if (size == 1) {
            c.put(num);
            return;
        }
        var rc = new SynchronousQueue<Long>();
        for (int i = 0; i < div; i++) {
            long sub = num + i * (size / div);
            Thread.ofVirtual().start(() -> {
                try {
                    skynet(rc, sub, size / div, div);
                } catch (InterruptedException e) {
                    throw new IllegalStateException(e);
                }
            });
        }
        long sum = 0;
        for (int i = 0; i < div; i++) sum += rc.take();
        c.put(sum);
    }

    public static void main(String[] args) {
        Harness.jdk("B2", args, n -> {
            Harness.check(Harness.isPowerOf10(n), "n=" + n + " must be a power of 10 (the tree is 10-way)");
            var c = new SynchronousQueue<Long>();
            Thread.ofVirtual().start(() -> {
                try {
                    skynet(c, 0, n, 10);
                } catch (InterruptedException e) {
                    throw new IllegalStateException(e);
                }
            });
            long sum = c.take();
            Harness.check(sum == n * (n - 1) / 2, "sum " + sum + ", want " + n * (n - 1) / 2);
            return new Harness.Result(n);
        });
    }
}
