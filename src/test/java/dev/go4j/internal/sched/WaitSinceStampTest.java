package dev.go4j.internal.sched;

import dev.go4j.Chan;
import dev.go4j.Go;
import dev.go4j.time.Time;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicReference;

import static org.junit.jupiter.api.Assertions.*;
import static org.junit.jupiter.api.Timeout.ThreadMode.SEPARATE_THREAD;

/**
 * Issue 9 item 9: a parked goroutine's wait start is stamped at park time, so a dump's
 * "N minutes" counts from the park, not from the first dump that saw the goroutine.
 * No dump is taken here: waitSince must already be non-zero right after the park.
 */
class WaitSinceStampTest {
    @Test
    @Timeout(value = 30, threadMode = SEPARATE_THREAD)
    void waitSinceIsStampedAtParkNotAtFirstDump() {
        Go.run(() -> {
            for (int trial = 0; trial < 20; trial++) {
                AtomicReference<G> parked = new AtomicReference<>();
                Chan<Integer> c = Chan.make();
                Chan<Boolean> done = Chan.make();
                Go.go(() -> { parked.set(G.current()); c.recv(); done.send(true); });
                long deadline = System.nanoTime() + 20_000_000_000L;
                while (parked.get() == null || parked.get().status() != GStatus.WAITING) {
                    assertTrue(System.nanoTime() < deadline, "goroutine never parked");
                    Time.sleep(Duration.ofMillis(1));
                }
                assertNotEquals(0L, parked.get().waitSince(), "waitSince not stamped at park time (trial " + trial + ")");
                c.send(1);
                done.recv();
            }
        });
    }
}
