package dev.go4j.sync;

/**
 * A held lock that {@link #close()} releases: Go's {@code defer mu.Unlock()} as a
 * try-with-resources statement. Made by {@link Locker#locked()} and
 * {@link RWMutex#rLocked()}.
 *
 * <pre>{@code
 * try (var _ = mu.locked()) {      // mu.Lock(); defer mu.Unlock()
 *     balance += amount;
 * }                                // unlocked here, also if the block throws or returns
 * }</pre>
 *
 * Close it once: a second {@code close()} is a second unlock, which throws as Go's
 * unlock of an unlocked mutex does.
 */
@FunctionalInterface
public interface Unlocker extends AutoCloseable {
    /** Releases the lock (no checked exception, unlike {@link AutoCloseable#close()}). */
    @Override
    void close();
}
