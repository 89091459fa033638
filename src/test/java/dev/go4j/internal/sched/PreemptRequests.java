package dev.go4j.internal.sched;

import dev.go4j.Chan;
import dev.go4j.Go;

import java.util.function.Supplier;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The preemption tests' common part: a loop runs alone at GOMAXPROCS 1 and we count how
 * often sysmon asked it to yield and how often it did.
 */
final class PreemptRequests {
    private PreemptRequests() {}

    /** The loop under test: one step per call, i = 0, 1, ...; {@link #end} once it stops. */
    interface Loop {
        void step(int i);

        default void end() {}
    }

    /**
     * sysmon's requests and the yields that answered them, while the loop ran. A request
     * that reaches a G after its last check before a switch is answered at the switch: the
     * G that would inherit the slice from runnext goes to the global queue instead; one
     * made while no G was on the M may end with the next switch to a G that starts a
     * slice of its own. All of them end the slice, so all count as yields.
     */
    record Counts(long requests, long yields) {
        /** At least {@code wanted} requests, each answered by a yield (the last may still be in flight when the loop stops). */
        void assertEveryOneYielded(long wanted) {
            assertTrue(requests >= wanted, "sysmon asked only " + requests + " times (the loop yielded " + yields + " times)");
            assertTrue(yields >= requests - 1, "sysmon asked " + requests + " times, the loop yielded " + yields + " times");
        }
    }

    /**
     * In a new runtime at GOMAXPROCS 1, one goroutine makes the loop ({@code start}, on that
     * goroutine) and steps it while main waits off the P, until sysmon has asked for
     * {@code wanted} preemptions (looked at every 1024 steps). After 10 s it stops anyway:
     * a bound, not a timing assertion; if requests stopped coming, the counts say so.
     */
    static Counts loopAlone(long wanted, Supplier<Loop> start) {
        long[] counts = new long[2];
        Go.run(() -> {
            int old = Go.gomaxprocs(1);
            try {
                SchedCounters c = G.current().sched().events.counters;
                long r0 = c.preemptions.sum(), y0 = yields(c);
                Chan<Boolean> done = Chan.make();
                Go.go(() -> {
                    Loop loop = start.get();
                    long giveUp = System.nanoTime() + 10_000_000_000L;
                    for (int i = 0; ; i++) {
                        loop.step(i);
                        if ((i & 1023) == 0 && (c.preemptions.sum() - r0 >= wanted || System.nanoTime() > giveUp)) break;
                    }
                    loop.end();
                    done.send(true);
                });
                done.recv();
                counts[0] = c.preemptions.sum() - r0;
                counts[1] = yields(c) - y0;
            } finally {
                Go.gomaxprocs(old);
            }
        });
        return new Counts(counts[0], counts[1]);
    }

    private static long yields(SchedCounters c) {
        return c.preemptYields.sum() + c.preemptedRunnext.sum() + c.preemptedSliceEnded.sum();
    }
}
