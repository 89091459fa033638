package dev.go4j.internal.sema;

import dev.go4j.Go;
import dev.go4j.sync.GoRun;
import dev.go4j.internal.sched.WaitReason;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.*;

@Timeout(60)
class SemaTableTest {

    private static Waiter w() { return new Waiter(Thread.currentThread()); }

    @Test
    void rootQueueIsFifoPerKeyAndLifoPutsFirst() {
        var root = new SemaRoot();
        var a = new Sema();
        var b = new Sema();
        Waiter a1 = w(), a2 = w(), a3 = w(), b1 = w(), b2 = w(), a0 = w();
        root.queue(a, a1, false);
        root.queue(b, b1, false);
        root.queue(a, a2, false);
        root.queue(b, b2, false);
        root.queue(a, a3, false);
        root.queue(a, a0, true); // lost a race: goes first
        assertEquals(4, root.queuedFor(a));
        assertEquals(2, root.queuedFor(b));
        assertSame(a0, root.dequeue(a));
        assertSame(b1, root.dequeue(b));
        assertSame(a1, root.dequeue(a));
        assertSame(a2, root.dequeue(a));
        root.queue(a, a0, false); // tail is still right after removals
        assertSame(a3, root.dequeue(a));
        assertSame(a0, root.dequeue(a));
        assertNull(root.dequeue(a));
        assertSame(b2, root.dequeue(b));
        assertNull(root.dequeue(b));
        assertEquals(0, root.queuedFor(a));
    }

    @Test
    void lifoOnSingleWaiterQueueKeepsTail() {
        var root = new SemaRoot();
        var a = new Sema();
        Waiter x = w(), y = w(), z = w();
        root.queue(a, x, false);
        root.queue(a, y, true);  // y, x
        root.queue(a, z, false); // y, x, z
        assertSame(y, root.dequeue(a));
        assertSame(x, root.dequeue(a));
        assertSame(z, root.dequeue(a));
        assertNull(root.dequeue(a));
    }

    @Test
    void releaseBeforeAcquireIsNotLost() {
        var s = new Sema();
        SemaTable.semrelease(s);
        SemaTable.semrelease(s);
        assertEquals(2, s.count());
        SemaTable.semacquire(s, WaitReason.SEMACQUIRE);
        SemaTable.semacquire(s, WaitReason.SEMACQUIRE);
        assertEquals(0, s.count());
    }

    /** Waiters are woken in the order they queued (one P: no racing newcomers). */
    @Test
    void wakesWaitersInFifoOrder() {
        GoRun.run(1, () -> {
            var s = new Sema();
            var order = new CopyOnWriteArrayList<Integer>();
            var done = new Sema();
            int n = 20;
            for (int i = 0; i < n; i++) {
                int id = i;
                Go.go(() -> { SemaTable.semacquire(s, WaitReason.SEMACQUIRE); order.add(id); SemaTable.semrelease(done); });
                while (SemaTable.waiters(s) != i + 1) Go.gosched();
            }
            // One release at a time: which waiter a release wakes is the queue's order (the
            // run order of several readied goroutines is the scheduler's runnext business).
            for (int i = 0; i < n; i++) {
                SemaTable.semrelease(s, i % 2 == 0);
                SemaTable.semacquire(done, WaitReason.SEMACQUIRE);
            }
            List<Integer> expect = new ArrayList<>();
            for (int i = 0; i < n; i++) expect.add(i);
            assertEquals(expect, order);
            assertEquals(0, s.count());
        });
    }

    /** Many words, many of them sharing roots, with goroutines and threads: no permit lost or duplicated. */
    @Test
    void permitsAreConservedAcrossManyKeys() throws Exception {
        int keys = 600; // more than 251 roots: roots are shared
        var sems = new Sema[keys];
        for (int i = 0; i < keys; i++) sems[i] = new Sema();
        var acquired = new AtomicInteger();
        var threads = new ArrayList<Thread>();
        for (int t = 0; t < 3; t++) {
            int off = t;
            threads.add(Thread.ofPlatform().start(() -> {
                for (int i = off; i < keys; i += 6) { SemaTable.semacquire(sems[i], WaitReason.SEMACQUIRE); acquired.incrementAndGet(); }
            }));
        }
        GoRun.run(() -> {
            var done = new Sema();
            int gs = 0;
            for (int i = 3; i < keys; i += 6) {
                for (int k = 0; k < 3; k++) {
                    int idx = i + k;
                    if (idx >= keys) break;
                    gs++;
                    Go.go(() -> { SemaTable.semacquire(sems[idx], WaitReason.SEMACQUIRE); acquired.incrementAndGet(); SemaTable.semrelease(done); });
                }
            }
            for (int i = 0; i < keys; i++) SemaTable.semrelease(sems[i], (i & 1) == 0);
            for (int i = 0; i < gs; i++) SemaTable.semacquire(done, WaitReason.SEMACQUIRE);
        });
        for (Thread t : threads) t.join();
        assertEquals(keys, acquired.get());
        for (Sema s : sems) assertEquals(0, s.count());
    }
}
