package dev.go4j.sync;

/** Go's sync.Locker: something that can be locked and unlocked (a {@link Mutex}, an {@link RWMutex}). */
public interface Locker {
    /** Locks, waiting until the lock is available. */
    void lock();

    /** Unlocks. */
    void unlock();

    /**
     * Locks, and returns an {@link Unlocker} whose {@code close()} unlocks: the
     * try-with-resources form of {@code mu.Lock(); defer mu.Unlock()}.
     *
     * <pre>{@code
     * try (var _ = mu.locked()) {
     *     counter++;
     * }
     * }</pre>
     *
     * @return closes to unlock
     */
    default Unlocker locked() {
        lock();
        return this::unlock;
    }
}
