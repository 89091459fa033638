package dev.go4j.bench;

import dev.go4j.Go;
import dev.go4j.sync.WaitGroup;
import dev.go4j.time.Time;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

/** B7 sleepers (go4j): n goroutines each sleep a pseudo-random 1..100 ms; wall and CPU ms. */
public final class B7Sleepers {
    public static void main(String[] args) {
        Harness.go4j("B7", args, n -> {
            var wg = new WaitGroup();
            var slept = new AtomicLong();
            int max = 0;
            wg.add((int) n);
            long t0 = System.nanoTime();
            for (long i = 0; i < n; i++) {
                int ms = Harness.sleepMillis(i);
                max = Math.max(max, ms);
                Go.go(() -> {
                    Time.sleep(Duration.ofMillis(ms));
                    slept.incrementAndGet();
                    wg.done();
                });
            }
            wg.await();
            long wall = System.nanoTime() - t0;
            Harness.check(slept.get() == n, "woke " + slept + ", want " + n);
            Harness.check(wall >= max * 1_000_000L, "wall " + wall + " ns < longest sleep " + max + " ms");
            return new Harness.Result(n);
        });
    }
}
