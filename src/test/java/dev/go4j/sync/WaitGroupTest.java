package dev.go4j.sync;

import dev.go4j.Go;
import dev.go4j.internal.sched.G;
import dev.go4j.internal.sched.GStatus;
import dev.go4j.internal.sched.WaitReason;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.*;

/** Behaviours of Go's src/sync/waitgroup_test.go. */
@Timeout(60)
class WaitGroupTest {

    /** Go's testWaitGroup: wg2 releases the n goroutines only after all of them called done on wg1. */
    static void testWaitGroup(WaitGroup wg1, WaitGroup wg2) throws Exception {
        int n = 16;
        wg1.add(n);
        wg2.add(n);
        var exited = new AtomicInteger();
        var errors = new AtomicInteger();
        for (int i = 0; i < n; i++) {
            Go.go(() -> {
                wg1.done();
                wg2.await();
                exited.incrementAndGet();
            });
        }
        wg1.await();
        for (int i = 0; i < n; i++) {
            if (exited.get() != 0) errors.incrementAndGet(); // no one may leave before wg2 reaches 0
            wg2.done();
        }
        assertEquals(0, errors.get(), "WaitGroup released group too soon");
        while (exited.get() != n) Go.gosched(); // Go's test drains <-exited before reuse
    }

    @Test
    void waitGroupInGoroutines() {
        GoRun.run(() -> {
            var wg1 = new WaitGroup();
            var wg2 = new WaitGroup();
            for (int i = 0; i < 8; i++) {
                try { testWaitGroup(wg1, wg2); } catch (Exception e) { throw new RuntimeException(e); }
            }
        });
    }

    @Test
    void waitGroupFromPlainThreads() throws Exception {
        var wg = new WaitGroup();
        var count = new AtomicInteger();
        int n = 20;
        wg.add(n);
        List<Thread> ts = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            ts.add(Thread.ofPlatform().start(() -> { count.incrementAndGet(); wg.done(); }));
        }
        wg.await();
        assertEquals(n, count.get());
        for (Thread t : ts) t.join();
        assertEquals(0, wg.counter());
        assertEquals(0, wg.waiters());
    }

    @Test
    void negativeCounterPanics() {
        var wg = new WaitGroup();
        var e = assertThrows(IllegalStateException.class, () -> wg.add(-1));
        assertEquals("sync: negative WaitGroup counter", e.getMessage());
        var wg2 = new WaitGroup();
        wg2.add(1);
        wg2.done();
        var e2 = assertThrows(IllegalStateException.class, wg2::done);
        assertEquals("sync: negative WaitGroup counter", e2.getMessage());
    }

    @Test
    void thousandGoroutinesCountExactly() {
        var total = new AtomicInteger();
        for (int round = 0; round < 5; round++) {
            GoRun.run(() -> {
                var wg = new WaitGroup();
                var sum = new AtomicInteger();
                for (int i = 0; i < 1000; i++) wg.go(sum::incrementAndGet);
                wg.await();
                assertEquals(1000, sum.get());
                total.addAndGet(sum.get());
            });
        }
        assertEquals(5000, total.get());
    }

    @Test
    void manyWaitersAllReleasedAndReusable() {
        GoRun.run(() -> {
            var wg = new WaitGroup();
            for (int round = 0; round < 20; round++) {
                wg.add(1);
                var released = new AtomicInteger();
                var ready = new WaitGroup();
                var finished = new WaitGroup();
                for (int i = 0; i < 50; i++) {
                    ready.add(1);
                    finished.go(() -> { ready.done(); wg.await(); released.incrementAndGet(); });
                }
                ready.await();
                assertEquals(0, released.get());
                wg.done();
                finished.await();
                assertEquals(50, released.get());
                assertEquals(0, wg.waiters());
            }
        });
    }

    @Test
    void waiterParksWithWaitReason() {
        GoRun.run(() -> {
            var wg = new WaitGroup();
            wg.add(1);
            var waiterG = new G[1];
            var started = new WaitGroup();
            started.add(1);
            var finished = new WaitGroup();
            finished.go(() -> { waiterG[0] = G.current(); started.done(); wg.await(); });
            started.await();
            // No timing: wait until the waiter is really parked (it must get there).
            while (!(waiterG[0].status() == GStatus.WAITING
                    && waiterG[0].waitReason() == WaitReason.SYNC_WAITGROUP_WAIT)) Go.gosched();
            wg.done();
            finished.await();
        });
    }

    @Test
    void goRunsAndCountsEvenIfBodyThrows() {
        var ex = assertThrows(dev.go4j.GoroutinePanic.class, () -> Go.run(() -> {
            var wg = new WaitGroup();
            wg.go(() -> { throw new IllegalArgumentException("boom"); });
            wg.await(); // done() ran in the finally, so this returns (or the panic ends run)
            for (;;) Go.gosched();
        }));
        assertInstanceOf(IllegalArgumentException.class, ex.getCause());
    }

    @Test
    void blockedOnlyOnWaitGroupIsDeadlock() {
        assertThrows(dev.go4j.DeadlockError.class, () -> Go.run(() -> {
            var wg = new WaitGroup();
            wg.add(1);
            wg.await();
        }));
    }

    @RepeatedTest(3)
    void interruptedPlainThreadKeepsWaitingAndKeepsFlag() throws Exception {
        var wg = new WaitGroup();
        wg.add(1);
        var flag = new boolean[1];
        var returned = new AtomicInteger();
        Thread t = Thread.ofPlatform().start(() -> {
            wg.await();
            returned.incrementAndGet();
            flag[0] = Thread.currentThread().isInterrupted();
        });
        t.interrupt();
        // The interrupt must not release the waiter: the counter is still 1.
        assertEquals(0, returned.get());
        wg.done();
        t.join();
        assertEquals(1, returned.get());
        assertTrue(flag[0], "interrupt status must be restored");
    }

    /**
     * Go's TestWaitGroupRace: a fresh group, Add(1) and a goroutine, twice; Wait must not
     * return before both have counted (no spurious wake-up), round after round.
     */
    @ParameterizedTest(name = "GOMAXPROCS {0} (0: default)")
    @ValueSource(ints = {0, 1})
    void race(int procs) {
        var spurious = new AtomicInteger();
        GoRun.run(procs, () -> {
            for (int i = 0; i < 5000; i++) {
                var wg = new WaitGroup();
                var n = new AtomicInteger();
                wg.add(1);
                Go.go(() -> { n.incrementAndGet(); wg.done(); });
                wg.add(1);
                Go.go(() -> { n.incrementAndGet(); wg.done(); });
                wg.await();
                if (n.get() != 2) spurious.incrementAndGet();
            }
        });
        assertEquals(0, spurious.get(), "spurious wake-up from await");
    }

    /** TestWaitGroupRace with plain threads doing the work and a plain thread waiting. */
    @Test
    void racePlainThreads() throws Exception {
        int spurious = 0;
        for (int i = 0; i < 500; i++) {
            var wg = new WaitGroup();
            var n = new AtomicInteger();
            for (int k = 0; k < 2; k++) {
                wg.add(1);
                Thread.ofPlatform().start(() -> { n.incrementAndGet(); wg.done(); });
            }
            wg.await();
            if (n.get() != 2) spurious++;
        }
        assertEquals(0, spurious, "spurious wake-up from await");
    }
}
