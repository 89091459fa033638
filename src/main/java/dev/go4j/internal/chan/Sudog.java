package dev.go4j.internal.chan;

/**
 * A waiting thread's entry in one channel's send or receive queue: Go's {@code sudog}.
 * A plain send/recv uses its waiter's cached sudog; a blocked select has one per case.
 * All fields are guarded by the lock of channel {@link #c}, except that the waker's
 * writes are published to the waiter through {@link Waiter#param}.
 */
final class Sudog {
    final Waiter waiter;
    /** The value being sent, or the value received (null when woken by close). */
    Object elem;
    /** True if woken by a value passing, false if woken by close (Go's sg.success). */
    boolean success;
    /** Part of a select: the waker must win {@link Waiter#winSelect} first. */
    boolean isSelect;
    /** The select case this sudog stands for. */
    int casi;
    /** The channel it waits on. */
    HChan c;
    /** Links in the wait queue. */
    Sudog next, prev;
    /** Link in close's list of sudogs to wake once the lock is released. */
    Sudog wakeLink;

    Sudog(Waiter waiter) {
        this.waiter = waiter;
    }
}
