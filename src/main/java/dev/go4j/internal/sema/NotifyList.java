package dev.go4j.internal.sema;

import dev.go4j.internal.sched.SpinLock;
import dev.go4j.internal.sched.G;
import dev.go4j.internal.sched.Parking;
import dev.go4j.internal.sched.WaitReason;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * A ticket-based notify list: the wait/notify half of Go's sync.Cond (runtime/sema.go's
 * notifyList).
 *
 * <p>Implementation overview. A waiter first takes a ticket ({@link #add}) while it still
 * holds the Cond's lock, then releases the lock and calls {@link #await} with that ticket.
 * {@code notify} is the next ticket to wake; {@code wait} the next ticket to hand out.
 * {@link #notifyOne} wakes ticket {@code notify} and advances it, so a signal always goes
 * to the longest waiter, and a signal sent between {@link #add} and {@link #await} is kept
 * for that ticket: the waiter sees its ticket is already notified and does not sleep.
 * Tickets wrap around; they are compared as Go does, by the sign of the difference.
 *
 * <p>go4j only: a ticket can be given up ({@link #abandon}) when the Cond's unlock throws
 * (Go's fatal "unlock of unlocked mutex" is an exception here). Its signal, if it has one
 * already, goes on to the next ticket; if not, an empty waiter (no thread) holds its
 * place, and a signal that reaches it goes on instead of being spent on nobody.
 */
public final class NotifyList extends SpinLock {
    /** Ticket of the next waiter (Go's notifyList.wait). */
    private volatile int wait;
    /** Ticket of the next waiter to be notified (Go's notifyList.notify); written under the lock. */
    private volatile int notify;
    /** Waiters in the list, in ticket order of arrival (mostly ascending). */
    private Waiter head, tail;

    private static final VarHandle WAIT;
    static {
        try {
            WAIT = MethodHandles.lookup().findVarHandle(NotifyList.class, "wait", int.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private static boolean less(int a, int b) { return a - b < 0; }

    /** Mirrors notifyListAdd: takes a ticket; call while holding the Cond's lock. */
    public int add() {
        return (int) WAIT.getAndAdd(this, 1);
    }

    /** Mirrors notifyListWait: waits until ticket t is notified (at once if it already was). */
    public void await(int t, WaitReason reason) {
        G g = G.current();
        Waiter s = Waiter.acquire(g);
        lock();
        if (less(t, notify)) { // already notified
            unlock();
            Waiter.release(g, s);
            return;
        }
        s.ticket = t;
        s.queued = true;
        if (tail == null) head = s; else tail.waitlink = s;
        tail = s;
        unlock();
        boolean interrupted = false;
        while (s.queued) interrupted |= Parking.gopark(this, reason);
        Waiter.release(g, s);
        Parking.restoreInterrupt(interrupted);
    }

    /** Mirrors notifyListNotifyAll: wakes every waiter that holds a ticket now. */
    public void notifyAllWaiters() {
        if (wait == notify) return; // fast path: no new waiters since the last notification
        lock();
        Waiter s = head;
        head = null;
        tail = null;
        notify = wait;
        unlock();
        while (s != null) {
            Waiter next = s.waitlink;
            s.waitlink = null;
            Thread th = s.thread;
            s.queued = false;
            if (th != null) Parking.goready(th); // null: an abandoned ticket
            s = next;
        }
    }

    /** Mirrors notifyListNotifyOne: wakes the waiter with the oldest unnotified ticket. */
    public void notifyOne() {
        if (wait == notify) return; // fast path
        Waiter found;
        lock();
        do {
            int t = notify;
            if (t == wait) {
                unlock();
                return;
            }
            notify = t + 1;
            // The ticket's waiter may not have queued yet (it is between add and await): it
            // will see less(t, notify) and not sleep. Otherwise find and remove it.
            found = null;
            for (Waiter p = null, s = head; s != null; p = s, s = s.waitlink) {
                if (s.ticket == t) {
                    Waiter n = s.waitlink;
                    if (p != null) p.waitlink = n; else head = n;
                    if (n == null) tail = p;
                    s.waitlink = null;
                    found = s;
                    break;
                }
            }
        } while (found != null && found.thread == null); // an abandoned ticket: the next one
        unlock();
        if (found != null) {
            Thread th = found.thread;
            found.queued = false;
            Parking.goready(th);
        }
    }

    /**
     * Gives ticket t up: its holder will not wait after all (the Cond's unlock threw).
     * A signal already spent on t goes on to the next ticket; a later one skips t.
     */
    public void abandon(int t) {
        lock();
        if (less(t, notify)) {
            unlock();
            notifyOne();
            return;
        }
        Waiter ghost = new Waiter(null);
        ghost.ticket = t;
        if (tail == null) head = ghost; else tail.waitlink = ghost;
        tail = ghost;
        unlock();
    }

    /** Number of threads parked in the list (tests only). */
    public int parked() {
        lock();
        int n = 0;
        for (Waiter s = head; s != null; s = s.waitlink) if (s.thread != null) n++;
        unlock();
        return n;
    }
}
