package dev.go4j.sync;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.*;

/** try (var _ = mu.locked()) { ... }: Go's Lock plus defer Unlock. */
@Timeout(60)
class LockedTest {

    private int counter;

    @Test
    void mutexCountsExactly() {
        for (int procs : new int[] {1, 4}) {
            counter = 0;
            GoRun.run(procs, () -> {
                var mu = new Mutex();
                var wg = new WaitGroup();
                for (int g = 0; g < 8; g++) {
                    wg.go(() -> {
                        for (int i = 0; i < 1000; i++) {
                            try (var _ = mu.locked()) {
                                counter++;
                            }
                        }
                    });
                }
                wg.await();
            });
            assertEquals(8000, counter, "procs " + procs);
        }
    }

    @Test
    void unlockedOnThrowAndReturn() {
        var mu = new Mutex();
        assertThrows(IllegalStateException.class, () -> {
            try (var _ = mu.locked()) {
                assertFalse(mu.tryLock(), "held inside the block");
                throw new IllegalStateException("boom");
            }
        });
        assertTrue(mu.tryLock(), "released by the exception");
        mu.unlock();
        assertEquals(42, lockedReturn(mu));
        assertTrue(mu.tryLock(), "released by the return");
        mu.unlock();
    }

    private static int lockedReturn(Mutex mu) {
        try (var _ = mu.locked()) {
            return 42;
        }
    }

    @Test
    void rwMutexReadAndWrite() {
        var rw = new RWMutex();
        try (var _ = rw.rLocked()) {
            assertFalse(rw.tryLock(), "a reader holds it");
            assertTrue(rw.tryRLock(), "readers share it");
            rw.rUnlock();
        }
        try (var _ = rw.locked()) {
            assertFalse(rw.tryRLock(), "a writer holds it");
        }
        assertTrue(rw.tryLock());
        rw.unlock();
        // a Locker from rLocker() has locked() too
        try (var _ = rw.rLocker().locked()) {
            assertFalse(rw.tryLock());
        }
        assertTrue(rw.tryLock());
        rw.unlock();
    }

    /** Plain threads: readers in parallel, writers exclusive, exact count. */
    @Test
    void plainThreads() throws Exception {
        var rw = new RWMutex();
        AtomicInteger badReads = new AtomicInteger();
        int[] value = {0};
        Thread[] ts = new Thread[4];
        for (int k = 0; k < ts.length; k++) {
            boolean writer = k % 2 == 0;
            ts[k] = Thread.ofPlatform().start(() -> {
                for (int i = 0; i < 2000; i++) {
                    if (writer) {
                        try (var _ = rw.locked()) {
                            value[0]++;
                            value[0]++;
                        }
                    } else {
                        try (var _ = rw.rLocked()) {
                            if (value[0] % 2 != 0) badReads.incrementAndGet();
                        }
                    }
                }
            });
        }
        for (Thread t : ts) t.join();
        assertEquals(8000, value[0]);
        assertEquals(0, badReads.get());
    }
}
