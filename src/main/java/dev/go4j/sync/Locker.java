package dev.go4j.sync;

/** Go's sync.Locker: something that can be locked and unlocked (a {@link Mutex}, an {@link RWMutex}). */
public interface Locker {
    /** Locks. */
    void lock();

    /** Unlocks. */
    void unlock();
}
