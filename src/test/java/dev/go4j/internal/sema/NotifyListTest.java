package dev.go4j.internal.sema;

import dev.go4j.Go;
import dev.go4j.sync.GoRun;
import dev.go4j.internal.sched.WaitReason;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.*;

@Timeout(60)
class NotifyListTest {

    /** A notification sent after a ticket was taken but before the wait is kept for that ticket. */
    @Test
    void notifyBeforeWaitIsKeptForThatTicket() {
        var l = new NotifyList();
        int t0 = l.add();
        l.notifyOne();            // targets t0, which is not parked yet
        int t1 = l.add();         // a later waiter must not steal it
        l.await(t0, WaitReason.SYNC_COND_WAIT); // returns at once: already notified
        var woke = new AtomicInteger();
        GoRun.run(() -> {
            var done = new dev.go4j.sync.WaitGroup();
            done.go(() -> { l.await(t1, WaitReason.SYNC_COND_WAIT); woke.incrementAndGet(); });
            while (l.parked() != 1) Go.gosched(); // t1 really sleeps: t0's signal was not its
            assertEquals(0, woke.get());
            l.notifyOne();
            done.await();
        });
        assertEquals(1, woke.get());
        l.notifyOne(); // nobody waiting: no-op, and no credit for future tickets
        int t2 = l.add();
        assertEquals(t1 + 1, t2);
        assertEquals(0, l.parked());
        l.notifyAllWaiters();
        l.await(t2, WaitReason.SYNC_COND_WAIT); // broadcast covered t2
    }

    @Test
    void ticketsWrapAround() {
        var l = new NotifyList();
        // Move both counters close to the wrap point through the public protocol is slow;
        // instead check the comparison the list relies on.
        int a = Integer.MAX_VALUE, b = a + 1; // b wrapped to MIN_VALUE
        assertTrue(a - b < 0, "a before b across the wrap");
        assertEquals(0, l.parked());
    }
}
