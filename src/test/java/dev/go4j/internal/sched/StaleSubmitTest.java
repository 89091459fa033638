package dev.go4j.internal.sched;

import dev.go4j.Chan;
import dev.go4j.DeadlockError;
import dev.go4j.Go;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import static org.junit.jupiter.api.Assertions.*;
import static org.junit.jupiter.api.Timeout.ThreadMode.SEPARATE_THREAD;

/**
 * A submission the JDK makes for a virtual thread that is not runnable any more must not
 * touch its G. {@code Thread.getStackTrace} of an unmounted, runnable virtual thread
 * suspends it for the sample and resubmits it afterwards "as the task may have run while
 * suspended"; when the task did run meanwhile, the resubmit finds the goroutine running
 * again or parked again. go4j took it for a wake-up: a parked G became RUNNABLE, was
 * queued, and the queued run (which the JDK ignores) left it looking parked by the JDK,
 * which deadlock detection must not call asleep, so a real deadlock hung instead of being
 * reported (StackSampleDeadlockTest, once in CI). Here the stale resubmit is made
 * directly, as the sampler would, at the worst moment for each case.
 */
class StaleSubmitTest {
    /** Waits (yielding) until gp has parked in a go4j wait. */
    private static void awaitWaiting(G gp) {
        while (gp.status() != GStatus.WAITING) Go.gosched();
    }

    @Test
    @Timeout(value = 30, threadMode = SEPARATE_THREAD)
    void aStaleSubmitLeavesAParkedGoroutineParked() {
        AtomicInteger got = new AtomicInteger();
        Go.run(() -> {
            for (int round = 0; round < 200; round++) {
                Chan<Integer> in = Chan.make(), out = Chan.make();
                AtomicReference<G> g2 = new AtomicReference<>();
                Go.go(() -> {
                    g2.set(G.current());
                    out.send(in.recv() + 1);
                });
                while (g2.get() == null) Go.gosched();
                G gp = g2.get();
                awaitWaiting(gp);
                gp.execute(gp.task); // the sampler's late resubmit
                assertEquals(GStatus.WAITING, gp.status(), "round " + round + ": a parked goroutine stays parked");
                assertFalse(gp.isQueued(), "round " + round + ": nothing was queued for it");
                in.send(round);
                assertEquals(round + 1, out.recv());
                got.incrementAndGet();
            }
        });
        assertEquals(200, got.get());
    }

    @Test
    @Timeout(value = 30, threadMode = SEPARATE_THREAD)
    void aStaleSubmitDoesNotHideADeadlock() {
        DeadlockError e = assertThrows(DeadlockError.class, () -> Go.run(() -> {
            Chan<Integer> never = Chan.make();
            AtomicReference<G> g2 = new AtomicReference<>();
            Go.go(() -> {
                g2.set(G.current());
                never.recv(); // nobody ever sends
            });
            while (g2.get() == null) Go.gosched();
            awaitWaiting(g2.get());
            g2.get().execute(g2.get().task); // the sampler's late resubmit
            Chan.<Integer>make().send(1); // nobody ever receives: every goroutine is asleep
        }));
        assertTrue(e.dump().contains("goroutine 1 [chan send]:"), e.dump());
        assertTrue(e.dump().contains("[chan receive]:"), e.dump());
    }

    @Test
    @Timeout(value = 30, threadMode = SEPARATE_THREAD)
    void aStaleSubmitLeavesARunningGoroutineAlone() {
        AtomicInteger checked = new AtomicInteger();
        Go.run(() -> {
            Go.gomaxprocs(2);
            for (int round = 0; round < 50; round++) {
                AtomicBoolean stop = new AtomicBoolean();
                AtomicReference<G> g2 = new AtomicReference<>();
                Chan<Boolean> done = Chan.make(1);
                Go.go(() -> {
                    g2.set(G.current());
                    while (!stop.get()) Thread.onSpinWait();
                    done.send(true);
                });
                while (g2.get() == null) Go.gosched();
                G gp = g2.get();
                M mp = gp.m;
                gp.execute(gp.task);
                assertEquals(GStatus.RUNNING, gp.status(), "round " + round + ": still running");
                assertFalse(gp.isQueued(), "round " + round + ": nothing was queued for it");
                assertSame(mp, gp.m, "round " + round + ": still on its M");
                stop.set(true);
                assertTrue(done.recv());
                checked.incrementAndGet();
            }
        });
        assertEquals(50, checked.get());
    }
}
