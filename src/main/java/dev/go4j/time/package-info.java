/**
 * Go's {@code time} package, the part that schedules: {@link dev.go4j.time.Time#sleep},
 * {@link dev.go4j.time.Time#after}, {@link dev.go4j.time.Timer}, {@link dev.go4j.time.Ticker}
 * and {@link dev.go4j.time.Time#afterFunc}, on the runtime's per-P timer heaps. Durations
 * and instants are {@code java.time} types. Timers follow Go 1.23: their channels are
 * unbuffered, and after {@code stop} or {@code reset} no stale value is received.
 */
package dev.go4j.time;
