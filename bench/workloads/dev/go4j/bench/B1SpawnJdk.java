package dev.go4j.bench;

import java.util.concurrent.CountDownLatch;

/** B1 spawn (JDK): n virtual threads, each counting down one CountDownLatch; ns per thread. */
public final class B1SpawnJdk {
    public static void main(String[] args) {
        Harness.jdk("B1", args, n -> {
            var latch = new CountDownLatch((int) n);
            for (long i = 0; i < n; i++) Thread.ofVirtual().start(latch::countDown);
            latch.await(); // returns only once all n have run
            return new Harness.Result(n);
        });
    }
}
