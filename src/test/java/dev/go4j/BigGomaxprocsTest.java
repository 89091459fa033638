package dev.go4j;

import dev.go4j.time.Time;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.*;
import static org.junit.jupiter.api.Timeout.ThreadMode.SEPARATE_THREAD;

/**
 * Port of Go's TestBigGOMAXPROCS (runtime/proc_test.go), which starts a program at
 * GOMAXPROCS=1024 and checks it runs: here GOMAXPROCS goes to 1024 (go4j's lower bound
 * for its limit) inside a run, goroutines spawn, sleep, hand values on and exit with exact
 * counts, and the count goes back down.
 */
@Timeout(value = 60, threadMode = SEPARATE_THREAD)
class BigGomaxprocsTest {

    @Test
    void runsAt1024Procs() {
        int workers = 2000;
        AtomicInteger sum = new AtomicInteger(), ran = new AtomicInteger();
        Go.run(() -> {
            int old = Go.gomaxprocs(1024);
            assertEquals(1024, Go.gomaxprocs(0));
            Chan<Integer> results = Chan.make();
            for (int i = 0; i < workers; i++) {
                int v = i;
                Go.go(() -> {
                    if (v % 100 == 0) Time.sleep(Duration.ofMillis(1));
                    Go.gosched();
                    ran.incrementAndGet();
                    results.send(v);
                });
            }
            for (int i = 0; i < workers; i++) sum.addAndGet(results.recv());
            assertEquals(1024, Go.gomaxprocs(old));
            assertEquals(old, Go.gomaxprocs(0));
        });
        assertEquals(workers, ran.get());
        assertEquals(workers * (workers - 1) / 2, sum.get());
    }
}
