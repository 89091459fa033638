package dev.go4j.internal.sched;

import dev.go4j.Chan;
import dev.go4j.Go;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Timeout;

import static org.junit.jupiter.api.Assertions.*;

/**
 * Sysmon preempts a time slice, not one goroutine. Two goroutines handing a token back and
 * forth at GOMAXPROCS 1 share one slice through runnext and switch every microsecond or
 * two; the goroutine sysmon flags has often parked before its next runtime call, and the
 * flag used to be dropped when it next ran, so sysmon asked again 10 ms later, and again:
 * a server beside such a pair waited two to four times Go's 20 ms for its turn (B11/busy).
 * Now every request is honoured by a yield to the global queue.
 */
@Timeout(60)
class PreemptSliceTest {

    @RepeatedTest(3)
    void everyPreemptionOfAHandOffPairEndsInAYield() {
        PreemptRequests.Counts counts = PreemptRequests.loopAlone(40, () -> {
            Chan<Integer> ping = Chan.make(), pong = Chan.make();
            Go.go(() -> {
                for (;;) {
                    int v = ping.recv();
                    if (v < 0) return;
                    pong.send(v);
                }
            });
            return new PreemptRequests.Loop() {
                @Override
                public void step(int i) {
                    ping.send(i);
                    assertEquals(i, pong.recv());
                }

                @Override
                public void end() {
                    ping.send(-1);
                }
            };
        });
        counts.assertEveryOneYielded(40);
    }
}
