package dev.go4j.internal.sched;

import dev.go4j.Chan;
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
        AtomicInteger selected = new AtomicInteger();
        PreemptRequests.Counts counts = PreemptRequests.loopAlone(10, () -> {
            Chan<Integer> box = Chan.make(1);
            return i -> {
                box.send(i);
                if ((i & 1) == 0) {
                    assertEquals(i, box.recv());
                } else {
                    Select.select(Select.recv(box, v -> {
                        assertEquals(i, v);
                        selected.incrementAndGet();
                    }));
                }
            };
        });
        assertTrue(selected.get() > 0);
        counts.assertEveryOneYielded(10);
    }
}
