package dev.go4j.bench;

import java.util.concurrent.CountDownLatch;

/**
 * B9 parked memory (JDK): n virtual threads blocked on one gate, a CountDownLatch(1)
 * (the JDK's closest stand-in for many receivers blocked on a channel that gets closed).
 */
public final class B9ParkedJdk {
    public static void main(String[] args) {
        Harness.jdk("B9", args, n -> {
            var gate = new CountDownLatch(1);
            var started = new CountDownLatch((int) n);
            var ended = new CountDownLatch((int) n);
            long heap0 = Harness.heapAfterGc(), rss0 = Harness.rss();
            for (long i = 0; i < n; i++) {
                Thread.ofVirtual().start(() -> {
                    started.countDown();
                    try {
                        gate.await();
                    } catch (InterruptedException e) {
                        throw new IllegalStateException(e);
                    }
                    ended.countDown();
                });
            }
            started.await();
            long heap1 = Harness.heapAfterGc(), rss1 = Harness.rss();
            gate.countDown();
            ended.await();
            return new Harness.Result(n)
                    .with("bytes_per_g", (double) (heap1 - heap0) / n)
                    .with("rss_per_g", (double) (rss1 - rss0) / n);
        });
    }
}
