package dev.go4j.sync;

import dev.go4j.Go;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import static org.junit.jupiter.api.Assertions.*;

/** Behaviours of golang.org/x/sync/semaphore's tests. */
@Timeout(60)
class SemaphoreTest {

    /** x/sync's HammerWeighted: held weight never exceeds the size. */
    static void hammer(Semaphore sem, long limit, int loops, AtomicLong inside, AtomicInteger violations) {
        var rnd = ThreadLocalRandom.current();
        for (int i = 0; i < loops; i++) {
            long n = rnd.nextLong(1, limit + 1);
            sem.acquire(n);
            if (inside.addAndGet(n) > sem.size()) violations.incrementAndGet();
            if ((i & 7) == 0) Go.gosched();
            inside.addAndGet(-n);
            sem.release(n);
        }
    }

    @Test
    void weightedHammerGoroutines() {
        GoRun.run(() -> {
            int n = 58;
            var sem = new Semaphore(n);
            var inside = new AtomicLong();
            var violations = new AtomicInteger();
            var wg = new WaitGroup();
            for (int i = 0; i < n; i++) {
                long lim = i + 1;
                wg.go(() -> hammer(sem, lim, 200, inside, violations));
            }
            wg.await();
            assertEquals(0, violations.get());
            assertEquals(0, sem.held());
            assertEquals(0, sem.queued());
        });
    }

    @Test
    void weightedHammerPlainThreads() throws Exception {
        var sem = new Semaphore(5);
        var inside = new AtomicLong();
        var violations = new AtomicInteger();
        List<Thread> ts = new ArrayList<>();
        for (int i = 0; i < 6; i++) ts.add(Thread.ofPlatform().start(() -> hammer(sem, 3, 2000, inside, violations)));
        for (Thread t : ts) t.join();
        assertEquals(0, violations.get());
        assertEquals(0, sem.held());
    }

    /** x/sync's TestWeightedPanic: release without acquire. */
    @Test
    void releaseMoreThanHeld() {
        var sem = new Semaphore(1);
        var e = assertThrows(IllegalStateException.class, () -> sem.release(1));
        assertEquals("semaphore: released more than held", e.getMessage());
        sem.acquire(1);
        assertThrows(IllegalStateException.class, () -> sem.release(2));
        assertEquals(1, sem.held(), "a failed release changes nothing");
        sem.release(1);
        assertEquals(0, sem.held());
    }

    @Test
    void badWeights() {
        assertThrows(IllegalArgumentException.class, () -> new Semaphore(-1));
        var sem = new Semaphore(3);
        assertThrows(IllegalArgumentException.class, () -> sem.acquire(-1));
        assertThrows(IllegalArgumentException.class, () -> sem.tryAcquire(-1));
        assertThrows(IllegalArgumentException.class, () -> sem.release(-1));
        var e = assertThrows(IllegalArgumentException.class, () -> sem.acquire(4));
        assertTrue(e.getMessage().contains("4") && e.getMessage().contains("3"), e.getMessage());
        assertFalse(sem.tryAcquire(4));
        assertEquals(0, sem.held());
        sem.acquire(0);
        assertTrue(sem.tryAcquire(3));
    }

    /** x/sync's TestWeightedTryAcquire. */
    @Test
    void tryAcquire() {
        var sem = new Semaphore(2);
        var tries = new ArrayList<Boolean>();
        sem.acquire(1);
        tries.add(sem.tryAcquire(1));
        tries.add(sem.tryAcquire(1));
        sem.release(2);
        tries.add(sem.tryAcquire(1));
        sem.acquire(1);
        tries.add(sem.tryAcquire(1));
        assertEquals(List.of(true, false, true, false), tries);
    }

    /**
     * FIFO with weights: a large waiter at the head holds back smaller ones behind it, and
     * tryAcquire fails while anybody is queued even if its weight fits. Grants happen
     * inside release, so held() and queued() right after a release show who got in.
     */
    @Test
    void fifoLargeWaiterBlocksSmallerOnes() {
        GoRun.run(() -> {
            var sem = new Semaphore(10);
            sem.acquire(10);
            var got = new AtomicInteger();
            var wg = new WaitGroup();
            long[] weights = {5, 8, 1};
            for (int i = 0; i < 3; i++) {
                long w = weights[i];
                wg.go(() -> { sem.acquire(w); got.incrementAndGet(); });
                int q = i + 1;
                while (sem.queued() != q) Go.gosched();
            }
            sem.release(4); // 4 free: the 5 at the head does not fit; the 1 at the tail must wait
            assertFalse(sem.tryAcquire(1), "tryAcquire must not barge past waiters");
            assertEquals(3, sem.queued());
            assertEquals(6, sem.held());
            sem.release(1); // 5 free: the 5 gets in; the 8 does not fit and holds the 1 back
            assertEquals(2, sem.queued());
            assertEquals(10, sem.held());
            sem.release(5); // our last 5: 5 free, still not enough for the 8
            assertEquals(2, sem.queued());
            assertFalse(sem.tryAcquire(1));
            sem.release(5); // the first waiter's 5, released for it: 8 and 1 both fit now
            assertEquals(0, sem.queued());
            assertEquals(9, sem.held());
            wg.await();
            assertEquals(3, got.get());
            sem.release(9);
            assertEquals(0, sem.held());
            assertTrue(sem.tryAcquire(10));
        });
    }

    /** x/sync's TestLargeAcquireDoesntStarve: a full-size acquire gets in despite churn. */
    @Test
    void largeAcquireDoesNotStarve() {
        GoRun.run(() -> {
            int n = 8;
            var sem = new Semaphore(n);
            var running = new java.util.concurrent.atomic.AtomicBoolean(true);
            var wg = new WaitGroup();
            for (int i = 0; i < n; i++) {
                sem.acquire(1);
                wg.go(() -> {
                    try {
                        while (running.get()) {
                            Go.gosched();
                            sem.release(1);
                            sem.acquire(1);
                        }
                    } finally {
                        sem.release(1);
                    }
                });
            }
            sem.acquire(n); // queued at the head: the churners queue behind it
            running.set(false);
            sem.release(n);
            wg.await();
            assertEquals(0, sem.held());
        });
    }
}
