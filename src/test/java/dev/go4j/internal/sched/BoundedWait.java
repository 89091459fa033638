package dev.go4j.internal.sched;

import dev.go4j.time.Time;

import java.time.Duration;
import java.util.function.BooleanSupplier;

/**
 * The scheduler tests' wait for a state only sysmon or another thread brings about: from a
 * goroutine, sleeping 1 ms at a time (each wake-up needs a P, which is often the point),
 * and bounded, so that a test whose state never comes fails on its own assertion and
 * stops its spinning goroutines instead of leaving them to the rest of the suite (unless
 * the waiting goroutine itself is stranded: then the class timeout ends the test).
 */
final class BoundedWait {
    private BoundedWait() {}

    /** Waits until {@code done} holds or 30 s have passed; returns whether it holds. */
    static boolean until(BooleanSupplier done) {
        long deadline = System.nanoTime() + 30_000_000_000L;
        for (;;) {
            if (done.getAsBoolean()) return true;
            if (System.nanoTime() - deadline > 0) return false;
            Time.sleep(Duration.ofMillis(1));
        }
    }
}
