package dev.go4j.time;

import java.time.Duration;
import java.util.Objects;

/** Duration to Go's int64 nanoseconds, saturating instead of throwing on overflow. */
final class Durations {
    private Durations() {}

    static long nanos(Duration d) {
        Objects.requireNonNull(d, "duration");
        try {
            return d.toNanos();
        } catch (ArithmeticException e) {
            return d.isNegative() ? Long.MIN_VALUE : Long.MAX_VALUE;
        }
    }
}
