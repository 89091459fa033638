package dev.go4j.internal.chan;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * A channel's queue of waiting senders or receivers: Go's {@code waitq}, a doubly linked
 * list of sudogs, guarded by the channel lock. Only {@link #isEmptyRacy} is read without
 * the lock (the non-blocking fast paths).
 */
final class WaitQueue {
    private static final VarHandle FIRST;
    static {
        try {
            FIRST = MethodHandles.lookup().findVarHandle(WaitQueue.class, "first", Sudog.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private Sudog first, last;

    /** Mirrors waitq.enqueue. */
    void enqueue(Sudog sg) {
        sg.next = null;
        Sudog x = last;
        if (x == null) {
            sg.prev = null;
            first = sg;
            last = sg;
            return;
        }
        sg.prev = x;
        x.next = sg;
        last = sg;
    }

    /**
     * Mirrors waitq.dequeue: the first waiter, skipping (and dropping) select waiters that
     * another channel already woke: they remove themselves from the other queues later.
     */
    Sudog dequeue() {
        for (;;) {
            Sudog sg = first;
            if (sg == null) return null;
            Sudog y = sg.next;
            if (y == null) {
                first = null;
                last = null;
            } else {
                y.prev = null;
                first = y;
                sg.next = null;
            }
            if (sg.isSelect && !sg.waiter.winSelect()) continue;
            return sg;
        }
    }

    /** Mirrors dequeueSudoG: removes sg if it is still queued (a select cleaning up). */
    void remove(Sudog sg) {
        Sudog x = sg.prev, y = sg.next;
        if (x != null) {
            if (y != null) {
                x.next = y;
                y.prev = x;
                sg.next = null;
                sg.prev = null;
                return;
            }
            x.next = null;
            last = x;
            sg.prev = null;
            return;
        }
        if (y != null) {
            y.prev = null;
            first = y;
            sg.next = null;
            return;
        }
        // x == y == null: either the only element or already removed.
        if (first == sg) {
            first = null;
            last = null;
        }
    }

    /**
     * Without the channel lock, for deadlock detection: whether one of the first
     * {@code limit} waiters passes {@code test} (true if there are more). The list may
     * change meanwhile (sudogs are reused, so a stale link may even lead into another
     * queue), hence the bound; it is stable when nothing runs, which is when it matters.
     */
    boolean anyWaiterRacy(java.util.function.Predicate<Waiter> test, int limit) {
        Sudog sg = (Sudog) FIRST.getAcquire(this);
        for (int i = 0; sg != null; i++, sg = sg.next) {
            if (i == limit) return true;
            if (test.test(sg.waiter)) return true;
        }
        return false;
    }

    /** Lock-free read for the fast paths; may be stale, which Go's argument allows. */
    boolean isEmptyRacy() {
        return FIRST.getAcquire(this) == null;
    }
}
