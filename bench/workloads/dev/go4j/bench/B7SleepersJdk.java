package dev.go4j.bench;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicLong;

/** B7 sleepers (JDK): n virtual threads each Thread.sleep a pseudo-random 1..100 ms. */
public final class B7SleepersJdk {
    public static void main(String[] args) {
        Harness.jdk("B7", args, n -> {
            var done = new CountDownLatch((int) n);
            var slept = new AtomicLong();
            int max = 0;
            long t0 = System.nanoTime();
            for (long i = 0; i < n; i++) {
                int ms = Harness.sleepMillis(i);
                max = Math.max(max, ms);
                Thread.ofVirtual().start(() -> {
                    try {
                        Thread.sleep(ms);
                    } catch (InterruptedException e) {
                        throw new IllegalStateException(e);
                    }
                    slept.incrementAndGet();
                    done.countDown();
                });
            }
            done.await();
            long wall = System.nanoTime() - t0;
            Harness.check(slept.get() == n, "woke " + slept + ", want " + n);
            Harness.check(wall >= max * 1_000_000L, "wall " + wall + " ns < longest sleep " + max + " ms");
            return new Harness.Result(n);
        });
    }
}
