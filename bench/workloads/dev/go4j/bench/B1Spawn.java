package dev.go4j.bench;

import dev.go4j.Go;
import dev.go4j.sync.WaitGroup;

/** B1 spawn (go4j): n goroutines, each counting down one WaitGroup; ns per goroutine. */
public final class B1Spawn {
    public static void main(String[] args) {
        Harness.go4j("B1", args, n -> {
            var wg = new WaitGroup();
            wg.add((int) n);
            for (long i = 0; i < n; i++) Go.go(wg::done);
            wg.await(); // returns only once all n have run: the check (a lost done() hangs, and the runner times out)
            return new Harness.Result(n);
        });
    }
}
