package dev.go4j.internal.sched;

import dev.go4j.Chan;
import dev.go4j.DeadlockError;
import dev.go4j.Go;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import static org.junit.jupiter.api.Assertions.*;

/**
 * A runtime constructed and never started (as unit tests of heaps and queues make them)
 * is listed among the live runtimes until it is collected. Another runtime's deadlock
 * check ignores it: its hand-made state (here a timer an hour out, and a P off the idle
 * list) can wake nobody, and counting it deferred every later verdict until a GC.
 */
@Timeout(60)
class UnstartedRuntimeTest {

    @Test
    void aRuntimeNeverStartedDefersNoDeadlockVerdict() {
        Sched stray = new Sched(false, 2);
        RuntimeTimer t = new RuntimeTimer(false) {
            @Override
            protected void fire(Sched sched, long seq, long delay) { }
        };
        TimerHeap h = stray.allp[0].timers;
        h.lock();
        t.lock();
        t.when = System.nanoTime() + 3_600_000_000_000L;
        h.addLocked(t);
        t.unlock();
        h.unlock();
        P held;
        stray.lock.lock();
        try {
            held = stray.idle.pidleget();
        } finally {
            stray.lock.unlock();
        }
        assertNotNull(held);
        assertTrue(Runtimes.live().contains(stray), "listed while reachable");
        Chan<Integer> never = Chan.make();
        DeadlockError e = assertThrows(DeadlockError.class, () -> Go.run(never::recv));
        assertTrue(e.getMessage().startsWith("all goroutines are asleep - deadlock!"), e.getMessage());
        assertEquals(1, h.len(), "the stray runtime kept its timer"); // and stays reachable to here
    }
}
