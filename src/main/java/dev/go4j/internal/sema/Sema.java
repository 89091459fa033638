package dev.go4j.internal.sema;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * A runtime semaphore word: the {@code uint32 sema} field of Go's sync types.
 *
 * <p>Java has no addresses, so this object stands for the word's address: the semaphore
 * table ({@link SemaTable}) keys its wait queues by this object's identity, and its root
 * is picked once, at construction, from the identity hash (Go hashes the address).
 * The count is the number of pending wake-ups/permits; only {@link SemaTable} blocks on it.
 */
public final class Sema {
    /** Pending permits (Go's *addr). */
    volatile int count;
    /** The table root whose lock and queue this word's waiters use (Go's semtable.rootFor). */
    final SemaRoot root;

    private static final VarHandle COUNT;
    static {
        try {
            COUNT = MethodHandles.lookup().findVarHandle(Sema.class, "count", int.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    public Sema() {
        this.root = SemaTable.rootFor(this);
    }

    /** Mirrors cansemacquire: takes one permit if there is one, never blocks. */
    boolean tryAcquire() {
        for (;;) {
            int v = count;
            if (v == 0) return false;
            if (COUNT.compareAndSet(this, v, v - 1)) return true;
        }
    }

    /** Adds one permit (Go's atomic.Xadd(addr, 1) at the start of semrelease). */
    void add() {
        COUNT.getAndAdd(this, 1);
    }

    /** Current permit count, for tests and dumps. */
    public int count() { return count; }
}
