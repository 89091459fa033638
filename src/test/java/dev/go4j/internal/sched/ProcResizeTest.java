package dev.go4j.internal.sched;

import dev.go4j.Go;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.concurrent.atomic.AtomicBoolean;

import static dev.go4j.Go.go;
import static org.junit.jupiter.api.Assertions.*;
import static org.junit.jupiter.api.Timeout.ThreadMode.SEPARATE_THREAD;

/** GOMAXPROCS changes seen from the goroutine that makes them. */
class ProcResizeTest {
    /**
     * Go's procresize moves its caller to allp[0] when the caller's P goes away, so code
     * after {@code GOMAXPROCS(1)} runs on the one P that is left. Here main is put on P1
     * about half the time (a spinner holds the other P), then shrinks to one P: it must
     * come back on P0. Before the fix main went on on P1 until its next scheduling point,
     * and goroutines it started there ran beside P0's (GoTest's strict alternation failed
     * on CI that way).
     */
    @Test
    @Timeout(value = 120, threadMode = SEPARATE_THREAD)
    void callerThatShrinksGomaxprocsLeavesItsDyingP() {
        int[] onP1 = new int[1];
        Go.run(() -> {
            for (int round = 0; round < 40; round++) {
                Go.gomaxprocs(2);
                AtomicBoolean stop = new AtomicBoolean();
                AtomicBoolean spinning = new AtomicBoolean();
                go(() -> {
                    spinning.set(true);
                    // Go.checkpoint lets sysmon preempt it, so main can get P0 back below.
                    while (!stop.get()) Go.checkpoint();
                });
                while (!spinning.get()) Go.gosched(); // main now runs on the spinner's other P
                P before = G.current().m.p;
                if (before.id == 1) onP1[0]++;
                Go.gomaxprocs(1);
                P after = G.current().m.p;
                assertEquals(0, after.id, "round " + round + ": main came back from gomaxprocs(1) on P" + after.id
                        + " (it called from P" + before.id + ")");
                stop.set(true);
            }
        });
        assertTrue(onP1[0] > 0, "main never ran on P1: the test did not test anything");
    }
}
