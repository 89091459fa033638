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
        final long wanted = 40;
        long[] counts = new long[2];
        Go.run(() -> {
            int old = Go.gomaxprocs(1);
            try {
                SchedCounters c = G.current().sched().events.counters;
                long r0 = c.preemptions.sum(), y0 = c.preemptYields.sum();
                Chan<Integer> ping = Chan.make(), pong = Chan.make();
                Chan<Boolean> done = Chan.make();
                Go.go(() -> {
                    for (;;) {
                        int v = ping.recv();
                        if (v < 0) return;
                        pong.send(v);
                    }
                });
                Go.go(() -> {
                    for (int i = 0; ; i++) {
                        ping.send(i);
                        assertEquals(i, pong.recv());
                        if ((i & 1023) == 0 && c.preemptions.sum() - r0 >= wanted) break;
                    }
                    ping.send(-1);
                    done.send(true);
                });
                done.recv(); // main waits off the P; only the pair runs
                counts[0] = c.preemptions.sum() - r0;
                counts[1] = c.preemptYields.sum() - y0;
            } finally {
                Go.gomaxprocs(old);
            }
        });
        long requests = counts[0], yields = counts[1];
        assertTrue(requests >= wanted, "requests " + requests);
        // The last request may still be in flight when the pair stops.
        assertTrue(yields >= requests - 1, "sysmon asked " + requests + " times, the pair yielded " + yields + " times");
    }
}
