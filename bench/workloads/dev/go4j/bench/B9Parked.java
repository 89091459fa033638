package dev.go4j.bench;

import dev.go4j.Chan;
import dev.go4j.Go;
import dev.go4j.sync.WaitGroup;

/**
 * B9 parked memory (go4j): n goroutines blocked receiving from one channel. Reports the
 * heap growth after full GCs (a parked virtual thread's stack lives in the heap as stack
 * chunks) and the RSS growth, per goroutine; then closes the channel and checks all n end.
 */
public final class B9Parked {
    public static void main(String[] args) {
        Harness.go4j("B9", args, n -> {
            Chan<Integer> gate = Chan.make();
            var started = new WaitGroup();
            var ended = new WaitGroup();
            long heap0 = Harness.heapAfterGc(), rss0 = Harness.rss();
            started.add((int) n);
            ended.add((int) n);
            for (long i = 0; i < n; i++) {
                Go.go(() -> {
                    started.done();
                    Integer v = gate.recv();
                    if (v == null) ended.done();
                });
            }
            started.await();
            long heap1 = Harness.heapAfterGc(), rss1 = Harness.rss();
            gate.close();
            ended.await();
            return new Harness.Result(n)
                    .with("bytes_per_g", (double) (heap1 - heap0) / n)
                    .with("rss_per_g", (double) (rss1 - rss0) / n);
        });
    }
}
