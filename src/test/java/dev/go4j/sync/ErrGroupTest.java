package dev.go4j.sync;

import dev.go4j.Go;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.*;

/** Behaviours of golang.org/x/sync/errgroup's tests. */
@Timeout(60)
class ErrGroupTest {

    /** x/sync's TestZeroGroup: await returns the first error of the tasks, or null. */
    @Test
    void firstErrorWins() {
        GoRun.run(() -> {
            var err1 = new Exception("errgroup_test: 1");
            var err2 = new Exception("errgroup_test: 2");
            List<List<Exception>> cases = List.of(
                    List.of(),
                    java.util.Arrays.asList((Exception) null),
                    List.of(err1),
                    java.util.Arrays.asList(err1, null),
                    List.of(err1, err2));
            for (List<Exception> errs : cases) {
                var g = new ErrGroup();
                Exception firstErr = null;
                for (int i = 0; i < errs.size(); i++) {
                    Exception e = errs.get(i);
                    // Tasks run one at a time here, so "first" is well defined.
                    g.go(() -> { if (e != null) throw e; return null; });
                    if (firstErr == null) firstErr = e;
                    Exception gErr = g.await();
                    assertSame(firstErr, gErr, "after " + (i + 1) + " tasks of " + errs);
                }
            }
        });
    }

    @Test
    void awaitKeepsReturningTheFirstError() {
        GoRun.run(() -> {
            var g = new ErrGroup();
            var boom = new IllegalStateException("boom");
            g.go(() -> { throw boom; });
            assertSame(boom, g.await());
            assertSame(boom, g.await());
            g.go(() -> { throw new RuntimeException("later"); });
            assertSame(boom, g.await());
        });
    }

    @Test
    void manyTasksExactlyOneErrorRecorded() {
        GoRun.run(() -> {
            var g = new ErrGroup();
            var ran = new AtomicInteger();
            var thrown = new ArrayList<Exception>();
            var lock = new Mutex();
            for (int i = 0; i < 1000; i++) {
                int id = i;
                g.go(() -> {
                    ran.incrementAndGet();
                    if (id % 10 == 0) {
                        var e = new Exception("task " + id);
                        lock.lock(); thrown.add(e); lock.unlock();
                        throw e;
                    }
                    return id;
                });
            }
            Exception first = g.await();
            assertEquals(1000, ran.get());
            assertEquals(100, thrown.size());
            assertNotNull(first);
            assertTrue(thrown.contains(first));
        });
    }

    /** x/sync's TestGoLimit: never more than the limit active at once. */
    @Test
    void goLimit() {
        GoRun.run(() -> {
            int limit = 3;
            var g = new ErrGroup();
            g.setLimit(limit);
            assertEquals(limit, g.limit());
            var active = new AtomicInteger();
            var maxActive = new AtomicInteger();
            var ran = new AtomicInteger();
            for (int i = 0; i < 200; i++) {
                g.go(() -> {
                    int n = active.incrementAndGet();
                    maxActive.accumulateAndGet(n, Math::max);
                    if (n > limit) throw new AssertionError("active " + n + " > limit");
                    Go.gosched();
                    active.decrementAndGet();
                    ran.incrementAndGet();
                    return null;
                });
            }
            assertNull(g.await());
            assertEquals(200, ran.get());
            assertTrue(maxActive.get() <= limit);
        });
    }

    /** x/sync's TestTryGo. */
    @Test
    void tryGo() {
        GoRun.run(() -> {
            var g = new ErrGroup();
            int n = 42;
            g.setLimit(42);
            var release = new WaitGroup();
            release.add(1);
            var started = new AtomicInteger();
            for (int i = 0; i < n; i++) {
                assertTrue(g.tryGo(() -> { started.incrementAndGet(); release.await(); return null; }), "tryGo " + i);
            }
            assertFalse(g.tryGo(() -> { fail("should not run"); return null; }), "tryGo over the limit");
            var e = assertThrows(IllegalStateException.class, () -> g.setLimit(1));
            assertTrue(e.getMessage().startsWith("errgroup: modify limit while"), e.getMessage());
            release.done();
            assertNull(g.await());
            assertEquals(n, started.get());
            g.setLimit(1);
            var hold = new WaitGroup();
            hold.add(1);
            assertTrue(g.tryGo(() -> { hold.await(); return null; }));
            assertFalse(g.tryGo(() -> null));
            hold.done();
            g.await();
            assertTrue(g.tryGo(() -> null));
            g.await();
            g.setLimit(0);
            assertFalse(g.tryGo(() -> null));
            assertThrows(IllegalStateException.class, () -> g.go(() -> null));
            g.setLimit(-1);
            assertTrue(g.tryGo(() -> null));
            assertNull(g.await());
        });
    }

    /** A Go waiting for a slot shows in dumps as Go's does: its SetLimit is a channel send. */
    @Test
    void aGoWaitingForASlotIsAChanSend() {
        Go.run(() -> {
            var g = new ErrGroup();
            g.setLimit(1);
            var hold = new WaitGroup();
            hold.add(1);
            g.go(() -> { hold.await(); return null; });
            var waiter = new java.util.concurrent.atomic.AtomicReference<dev.go4j.internal.sched.G>();
            var started = new AtomicInteger();
            Go.go(() -> {
                waiter.set(dev.go4j.internal.sched.G.current());
                g.go(() -> { started.incrementAndGet(); return null; });
            });
            while (waiter.get() == null || waiter.get().status() != dev.go4j.internal.sched.GStatus.WAITING) Go.gosched();
            assertEquals("chan send", waiter.get().waitReason().text());
            assertEquals(0, started.get());
            hold.done();
            while (started.get() == 0) Go.gosched();
            assertNull(g.await());
        });
    }

    /** A limit set while unlimited tasks run applies to later tasks only; the running ones finish cleanly. */
    @Test
    void limitSetWhileUnlimitedTasksRun() {
        GoRun.run(() -> {
            var g = new ErrGroup();
            var hold = new WaitGroup();
            hold.add(1);
            g.go(() -> { hold.await(); return null; });
            g.setLimit(1); // Go allows this too: the group had no limit channel yet
            assertTrue(g.tryGo(() -> { hold.await(); return null; }));
            assertFalse(g.tryGo(() -> null));
            hold.done();
            assertNull(g.await());
            assertTrue(g.tryGo(() -> null));
            assertNull(g.await());
        });
    }

    @Test
    void fromPlainThread() {
        var g = new ErrGroup();
        var ran = new AtomicInteger();
        for (int i = 0; i < 50; i++) g.go(() -> ran.incrementAndGet());
        assertNull(g.await());
        assertEquals(50, ran.get());
        var e = new java.io.IOException("io");
        g.go(() -> { throw e; });
        assertSame(e, g.await());
    }
}
