package dev.go4j.sync;

import dev.go4j.Go;
import dev.go4j.internal.sched.G;
import dev.go4j.internal.sched.GStatus;
import dev.go4j.internal.sched.WaitReason;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.*;

/** Behaviours of Go's src/sync/rwmutex_test.go. */
@Timeout(60)
class RWMutexTest {

    /** Go's doTestParallelReaders: n readers hold the read lock at the same time. */
    static void parallelReaders(int numReaders) {
        var m = new RWMutex();
        var inside = new AtomicInteger();
        var release = new WaitGroup();
        release.add(1);
        var all = new WaitGroup();
        for (int i = 0; i < numReaders; i++) {
            all.go(() -> {
                m.rLock();
                inside.incrementAndGet();
                release.await(); // hold the read lock until every reader is inside
                m.rUnlock();
            });
        }
        while (inside.get() != numReaders) Go.gosched(); // would never end if readers excluded each other
        assertEquals(numReaders, m.readers());
        assertFalse(m.tryLock(), "a writer must not get in while readers hold the lock");
        release.done();
        all.await();
        assertEquals(0, m.readers());
        assertTrue(m.tryLock());
        m.unlock();
    }

    @Test
    void parallelReaders() {
        for (int procs : new int[] {1, 3, 4}) {
            GoRun.run(procs, () -> {
                parallelReaders(1);
                parallelReaders(3);
                parallelReaders(4);
                parallelReaders(100);
            });
        }
    }

    /** Go's HammerRWMutex: a writer sees nobody else inside, a reader sees no writer. */
    static void hammer(int numReaders, int iterations) {
        var rwm = new RWMutex();
        var activity = new AtomicInteger();
        var violations = new AtomicInteger();
        var writes = new int[1];
        var wg = new WaitGroup();
        Runnable writer = () -> {
            for (int i = 0; i < iterations; i++) {
                rwm.lock();
                int n = activity.addAndGet(10000);
                if (n != 10000) violations.incrementAndGet();
                writes[0]++; // plain field: only correct under exclusion
                for (int k = 0; k < 20; k++) Thread.onSpinWait();
                activity.addAndGet(-10000);
                rwm.unlock();
            }
        };
        Runnable reader = () -> {
            for (int i = 0; i < iterations; i++) {
                rwm.rLock();
                int n = activity.incrementAndGet();
                if (n < 1 || n >= 10000) violations.incrementAndGet();
                for (int k = 0; k < 20; k++) Thread.onSpinWait();
                activity.decrementAndGet();
                rwm.rUnlock();
            }
        };
        wg.go(writer);
        int i = 0;
        for (; i < numReaders / 2; i++) wg.go(reader);
        wg.go(writer);
        for (; i < numReaders; i++) wg.go(reader);
        wg.await();
        assertEquals(0, violations.get());
        assertEquals(2 * iterations, writes[0]);
        assertEquals(0, activity.get());
    }

    @Test
    void hammerRWMutex() {
        for (int procs : new int[] {1, 2, 4}) {
            GoRun.run(procs, () -> {
                hammer(1, 500);
                hammer(3, 500);
                hammer(10, 500);
                hammer(1000, 20);
            });
        }
    }

    @Test
    void hammerFromPlainThreads() throws Exception {
        var rwm = new RWMutex();
        var activity = new AtomicInteger();
        var violations = new AtomicInteger();
        List<Thread> ts = new ArrayList<>();
        for (int t = 0; t < 6; t++) {
            boolean isWriter = t < 2;
            ts.add(Thread.ofPlatform().start(() -> {
                for (int i = 0; i < 3000; i++) {
                    if (isWriter) {
                        rwm.lock();
                        if (activity.addAndGet(10000) != 10000) violations.incrementAndGet();
                        activity.addAndGet(-10000);
                        rwm.unlock();
                    } else {
                        rwm.rLock();
                        int n = activity.incrementAndGet();
                        if (n >= 10000) violations.incrementAndGet();
                        activity.decrementAndGet();
                        rwm.rUnlock();
                    }
                }
            }));
        }
        for (Thread t : ts) t.join();
        assertEquals(0, violations.get());
        assertEquals(0, rwm.readers());
        assertFalse(rwm.writerPending());
    }

    /** A waiting writer keeps new readers out (writer preference), and readers queued behind it run after it. */
    @Test
    void waitingWriterBlocksNewReaders() {
        GoRun.run(() -> {
            var rw = new RWMutex();
            var order = new ArrayList<String>();
            var orderLock = new Mutex();
            rw.rLock(); // reader 1 inside
            var wg = new WaitGroup();
            var writerG = new G[1];
            wg.go(() -> {
                writerG[0] = G.current();
                rw.lock();
                orderLock.lock(); order.add("writer"); orderLock.unlock();
                rw.unlock();
            });
            while (!rw.writerPending()) Go.gosched();
            while (!(writerG[0].status() == GStatus.WAITING && writerG[0].waitReason() == WaitReason.SYNC_RWMUTEX_LOCK)) Go.gosched();
            assertFalse(rw.tryRLock(), "a pending writer must keep new readers out");
            var readerG = new G[1];
            wg.go(() -> {
                readerG[0] = G.current();
                rw.rLock();
                orderLock.lock(); order.add("reader2"); orderLock.unlock();
                rw.rUnlock();
            });
            while (readerG[0] == null || !(readerG[0].status() == GStatus.WAITING && readerG[0].waitReason() == WaitReason.SYNC_RWMUTEX_RLOCK)) Go.gosched();
            assertTrue(order.isEmpty());
            rw.rUnlock(); // last reader leaves: writer goes, then reader 2
            wg.await();
            assertEquals(List.of("writer", "reader2"), order);
        });
    }

    @Test
    void tryLockAndTryRLock() {
        var rw = new RWMutex();
        assertTrue(rw.tryLock());
        assertFalse(rw.tryLock());
        assertFalse(rw.tryRLock());
        rw.unlock();
        assertTrue(rw.tryRLock());
        assertTrue(rw.tryRLock());
        assertFalse(rw.tryLock());
        rw.rUnlock();
        rw.rUnlock();
        assertTrue(rw.tryLock());
        rw.unlock();
    }

    @Test
    void misuse() {
        var rw = new RWMutex();
        var e1 = assertThrows(IllegalStateException.class, rw::unlock);
        assertEquals("sync: Unlock of unlocked RWMutex", e1.getMessage());
        var e2 = assertThrows(IllegalStateException.class, rw::rUnlock);
        assertEquals("sync: RUnlock of unlocked RWMutex", e2.getMessage());
        rw.lock();
        var e3 = assertThrows(IllegalStateException.class, rw::rUnlock); // RUnlock after Lock
        assertTrue(e3.getMessage().contains("unlocked"));
        rw.unlock();
        rw.rLock();
        var e4 = assertThrows(IllegalStateException.class, rw::unlock); // Unlock after RLock
        assertTrue(e4.getMessage().contains("unlocked"));
        rw.rUnlock();
        // Still consistent after misuse.
        assertTrue(rw.tryLock());
        rw.unlock();
        assertEquals(0, rw.readers());
    }

    @Test
    void notOwnerBoundAndRLocker() {
        GoRun.run(() -> {
            var rw = new RWMutex();
            rw.lock();
            var wg = new WaitGroup();
            wg.go(rw::unlock);
            wg.await();
            Locker rl = rw.rLocker();
            rl.lock();
            rl.lock();
            assertEquals(2, rw.readers());
            wg.go(rl::unlock);
            wg.await();
            rl.unlock();
            assertEquals(0, rw.readers());
        });
    }

    /**
     * Go's TestMutexMisuse cases RWMutex.Unlock3 (Lock, Unlock, Unlock) and RWMutex.RUnlock3
     * (RLock, RUnlock, RUnlock): the extra unlock after a balanced round trip fails with
     * Go's message, and the lock is still usable.
     */
    @Test
    void misuseAfterABalancedRoundTrip() {
        var rw = new RWMutex();
        rw.lock();
        rw.unlock();
        assertEquals("sync: Unlock of unlocked RWMutex", assertThrows(IllegalStateException.class, rw::unlock).getMessage());
        rw.rLock();
        rw.rUnlock();
        assertEquals("sync: RUnlock of unlocked RWMutex", assertThrows(IllegalStateException.class, rw::rUnlock).getMessage());
        assertTrue(rw.tryLock());
        assertFalse(rw.tryRLock());
        rw.unlock();
        assertTrue(rw.tryRLock());
        rw.rUnlock();
        assertEquals(0, rw.readers());
        assertFalse(rw.writerPending());
    }

    /**
     * Go's RWMutex doc: "If any goroutine calls Lock while the lock is already held by one
     * or more readers, concurrent calls to RLock will block until the writer has acquired
     * (and released) the lock ... This prohibits recursive read-locking." A reader that
     * read-locks again behind a pending writer waits for the writer, which waits for it:
     * every goroutine is blocked, a deadlock.
     */
    @Test
    void recursiveReadLockBehindAPendingWriterDeadlocks() {
        var e = assertThrows(dev.go4j.DeadlockError.class, () -> Go.run(() -> {
            var rw = new RWMutex();
            rw.rLock();
            Go.go(rw::lock);
            while (!rw.writerPending()) Go.gosched();
            rw.rLock();
        }));
        assertTrue(e.getMessage().contains("all goroutines are asleep"), e.getMessage());
    }

    /** Yields until the goroutine published in g[0] is parked for reason r. */
    private static void awaitParked(G[] g, WaitReason r) {
        while (g[0] == null || !(g[0].status() == GStatus.WAITING && g[0].waitReason() == r)) Go.gosched();
    }

    /**
     * The other half of Go's writer preference: readers that arrived while a writer held
     * the lock are let in by its Unlock before the next writer, which Unlock lets take the
     * inner mutex only afterwards and which then waits for those readers to leave
     * (rwmutex.go: Unlock releases readerSem for each waiting reader, then w.Unlock; Lock
     * counts them in readerWait). So with W1 holding the lock, R1 waiting to read and W2
     * waiting to write, R1's read section comes before W2's write section, every time.
     */
    @Test
    void readersWaitingOnAWriterGoBeforeTheNextWriter() {
        GoRun.run(() -> {
            for (int round = 0; round < 200; round++) {
                var rw = new RWMutex();
                var order = new java.util.concurrent.ConcurrentLinkedQueue<String>();
                rw.lock(); // W1
                var wg = new WaitGroup();
                var r1 = new G[1];
                wg.go(() -> {
                    r1[0] = G.current();
                    rw.rLock();
                    order.add("R1 in");
                    Go.gosched(); // give W2 every chance to barge in
                    order.add("R1 out");
                    rw.rUnlock();
                });
                awaitParked(r1, WaitReason.SYNC_RWMUTEX_RLOCK);
                var w2 = new G[1];
                wg.go(() -> {
                    w2[0] = G.current();
                    rw.lock();
                    order.add("W2");
                    rw.unlock();
                });
                awaitParked(w2, WaitReason.SYNC_MUTEX_LOCK); // behind W1 on the writers' mutex
                rw.unlock(); // W1 leaves
                wg.await();
                assertEquals(List.of("R1 in", "R1 out", "W2"), List.copyOf(order), "round " + round);
                assertEquals(0, rw.readers());
                assertFalse(rw.writerPending());
            }
        });
    }
}
