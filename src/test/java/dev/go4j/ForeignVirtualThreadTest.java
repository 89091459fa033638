package dev.go4j;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.*;

/**
 * A virtual thread started inside a goroutine (which the JDK gives the goroutine's
 * scheduler) runs as its own thread and does not hijack the goroutine.
 */
@Timeout(60)
class ForeignVirtualThreadTest {
    @Test
    void childVirtualThreadsRunAndTheGoroutineGoesOn() {
        AtomicInteger sum = new AtomicInteger();
        Go.run(() -> {
            // (no channel between them: a plain thread feeding a Go.run goroutine through a
            // channel is invisible to deadlock detection; Thread.join is a JDK park)
            Thread[] ts = new Thread[20];
            for (int i = 0; i < ts.length; i++) {
                int v = i;
                ts[i] = Thread.ofVirtual().start(() -> {
                    assertEquals(0, Go.goid(), "a child virtual thread is not a goroutine");
                    sum.addAndGet(v);
                });
            }
            for (Thread t : ts) {
                try {
                    t.join();
                } catch (InterruptedException e) {
                    throw new AssertionError(e);
                }
            }
            assertEquals(1, Go.goid());
        });
        assertEquals(190, sum.get());
    }
}
