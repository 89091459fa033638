package dev.go4j.sync;

import dev.go4j.Go;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.*;

/** Behaviours of Go's src/sync/once_test.go. */
@Timeout(60)
class OnceTest {

    /** Go's TestOnce: every caller returns only after f has run, and f runs once. */
    @RepeatedTest(3)
    void onceUnderContention() {
        GoRun.run(() -> {
            var once = new Once();
            var calls = new AtomicInteger();
            var value = new int[1]; // plain field: callers must see f's write through the Once
            var bad = new AtomicInteger();
            var wg = new WaitGroup();
            for (int i = 0; i < 1000; i++) {
                wg.go(() -> {
                    once.run(() -> {
                        calls.incrementAndGet();
                        for (int k = 0; k < 10; k++) Go.gosched(); // keep others arriving meanwhile
                        value[0] = 42;
                    });
                    if (value[0] != 42) bad.incrementAndGet();
                });
            }
            wg.await();
            assertEquals(1, calls.get());
            assertEquals(0, bad.get());
            assertTrue(once.done());
        });
    }

    @Test
    void onceFromPlainThreads() throws Exception {
        var once = new Once();
        var calls = new AtomicInteger();
        var bad = new AtomicInteger();
        var value = new int[1];
        List<Thread> ts = new ArrayList<>();
        for (int i = 0; i < 16; i++) {
            ts.add(Thread.ofPlatform().start(() -> {
                once.run(() -> { calls.incrementAndGet(); Thread.yield(); value[0] = 7; });
                if (value[0] != 7) bad.incrementAndGet();
            }));
        }
        for (Thread t : ts) t.join();
        assertEquals(1, calls.get());
        assertEquals(0, bad.get());
    }

    /** Go's TestOncePanic: a throwing f counts as done; the exception goes to its caller. */
    @Test
    void throwingFunctionCountsAsDone() {
        var once = new Once();
        var e = assertThrows(IllegalArgumentException.class, () -> once.run(() -> { throw new IllegalArgumentException("failed"); }));
        assertEquals("failed", e.getMessage());
        assertTrue(once.done());
        var ran = new AtomicInteger();
        once.run(ran::incrementAndGet);
        assertEquals(0, ran.get(), "Once.run called twice");
    }

    @Test
    void throwingFunctionUnderContention() {
        GoRun.run(() -> {
            var once = new Once();
            var thrown = new AtomicInteger();
            var calls = new AtomicInteger();
            var wg = new WaitGroup();
            for (int i = 0; i < 200; i++) {
                wg.go(() -> {
                    try {
                        once.run(() -> { calls.incrementAndGet(); Go.gosched(); throw new IllegalStateException("x"); });
                    } catch (IllegalStateException e) {
                        thrown.incrementAndGet();
                    }
                });
            }
            wg.await();
            assertEquals(1, calls.get());
            assertEquals(1, thrown.get(), "only the caller that ran f gets its exception");
        });
    }

    /**
     * Go's Once doc: "if f calls Do, it will deadlock" (the inner Do waits for the outer one
     * to finish). With no other goroutine, Go.run reports the deadlock, and f's inner body
     * never runs.
     */
    @Test
    void runCalledFromItsOwnFunctionDeadlocks() {
        var inner = new AtomicInteger();
        assertThrows(dev.go4j.DeadlockError.class, () -> Go.run(() -> {
            var once = new Once();
            once.run(() -> once.run(inner::incrementAndGet));
        }));
        assertEquals(0, inner.get());
    }
}
