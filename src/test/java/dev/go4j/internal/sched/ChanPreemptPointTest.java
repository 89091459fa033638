package dev.go4j.internal.sched;

import dev.go4j.Chan;
import dev.go4j.Go;
import dev.go4j.Select;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Timeout;

import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.*;

/**
 * A blocking channel operation or select is a preemption point even when it completes at
 * once, as every Go call is (the prologue's check on the preempt request). A goroutine
 * that only sends to and receives from a channel with room never parks and never readies
 * anyone; before, it ignored every request until sysmon took its P away from its thread.
 */
@Timeout(60)
class ChanPreemptPointTest {

    @RepeatedTest(3)
    void operationsThatNeverWaitStillYieldWhenSysmonAsks() {
        final long wanted = 10;
        long[] counts = new long[3];
        Go.run(() -> {
            int old = Go.gomaxprocs(1);
            try {
                SchedCounters c = G.current().sched().events.counters;
                long r0 = c.preemptions.sum(), y0 = c.preemptYields.sum();
                Chan<Integer> box = Chan.make(1);
                Chan<Boolean> done = Chan.make();
                AtomicInteger selected = new AtomicInteger();
                Go.go(() -> {
                    // A bound on the loop, not a timing assertion: if requests stop coming
                    // (sysmon gave up on this G), the counts below say so.
                    long giveUp = System.nanoTime() + 10_000_000_000L;
                    for (int i = 0; ; i++) {
                        box.send(i);
                        if ((i & 1) == 0) {
                            assertEquals(i, box.recv());
                        } else {
                            int want = i;
                            Select.select(Select.recv(box, v -> {
                                assertEquals(want, v);
                                selected.incrementAndGet();
                            }));
                        }
                        if ((i & 1023) == 0
                                && (c.preemptions.sum() - r0 >= wanted || System.nanoTime() > giveUp)) break;
                    }
                    done.send(true);
                });
                done.recv(); // main waits off the P; only the loop runs
                counts[0] = c.preemptions.sum() - r0;
                counts[1] = c.preemptYields.sum() - y0;
                counts[2] = selected.get();
            } finally {
                Go.gomaxprocs(old);
            }
        });
        long requests = counts[0], yields = counts[1];
        assertTrue(counts[2] > 0);
        assertTrue(requests >= wanted, "sysmon asked only " + requests + " times (the loop yielded " + yields + " times)");
        // The last request may still be in flight when the loop stops.
        assertTrue(yields >= requests - 1, "sysmon asked " + requests + " times, the loop yielded " + yields + " times");
    }
}
