package dev.go4j;

import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.*;
import static org.junit.jupiter.api.Timeout.ThreadMode.SEPARATE_THREAD;

/**
 * Ports of Go's TestGoroutineParallelism and TestGoroutineParallelism2
 * (runtime/proc_test.go) with Go's own structure: P goroutines at GOMAXPROCS P hand a
 * counter around by spinning with no runtime call at all, so a round completes only if
 * every one of them holds a P of its own at once. That takes the scheduler's wake-ups of
 * idle P's (wakep on newproc, spinning M's stealing from the spawner's queue): go4j cannot
 * preempt such a loop, and sysmon's rescue of stuck loops is limited to 2, so with 4
 * goroutines piled on too few P's a round hangs and the timeout fails it.
 * SchedulerGuaranteesTest's goroutineParallelism is the variant whose loops call
 * {@code Go.checkpoint()}. No timing bound: the OS time-slices the 4 threads even on
 * one core; only a hang fails.
 */
@Timeout(value = 120, threadMode = SEPARATE_THREAD)
class GoroutineParallelismTest {

    private static final int P = 4, N = 10, ROUNDS = 3;

    /** Spins (no runtime call) until {@code x} is {@code expected}, then bumps it. */
    private static void takeTurn(AtomicInteger x, int expected) {
        while (x.get() != expected) Thread.onSpinWait();
        x.set(expected + 1);
    }

    // TestGoroutineParallelism: P goroutines started from main.
    @RepeatedTest(2)
    void spinningGoroutinesAllRunAtOnce() {
        assertEquals(N, tries(false, false));
    }

    // TestGoroutineParallelism2 (load=false and load=true; Go's netpoll variant only opens
    // a listener, which a JDK socket does not tie to go4j's poller, so it is left out).
    // The goroutines are started in a nested fashion, two by each of P/2 goroutines. With
    // load, P goroutines first all spin at once and exit, so the M's that ran them are
    // going idle (parking) when the real round's goroutines are started.
    @ParameterizedTest(name = "load={0}")
    @ValueSource(booleans = {false, true})
    void nestedSpinningGoroutinesAllRunAtOnce(boolean load) {
        assertEquals(N, tries(true, load));
    }

    /** Runs N tries at GOMAXPROCS P, each a turn-taking round of P spinning goroutines; returns the tries completed. */
    private static int tries(boolean nested, boolean load) {
        int[] completed = {0};
        Go.run(() -> {
            int old = Go.gomaxprocs(P);
            try {
                for (int t = 0; t < N; t++) {
                    if (load) load();
                    Chan<Boolean> done = Chan.make();
                    AtomicInteger x = new AtomicInteger();
                    if (nested) {
                        for (int p = 0; p < P / 2; p++) {
                            int pp = p;
                            Go.go(() -> {
                                for (int p2 = 0; p2 < 2; p2++) startTurns(x, pp * 2 + p2, done);
                            });
                        }
                    } else {
                        for (int p = 0; p < P; p++) startTurns(x, p, done);
                    }
                    for (int p = 0; p < P; p++) done.recv();
                    assertEquals(P * ROUNDS, x.get());
                    completed[0]++;
                }
            } finally {
                Go.gomaxprocs(old);
            }
        });
        return completed[0];
    }

    /** Starts goroutine {@code me} of a round: ROUNDS turns, then a send on done. */
    private static void startTurns(AtomicInteger x, int me, Chan<Boolean> done) {
        Go.go(() -> {
            for (int i = 0; i < ROUNDS; i++) takeTurn(x, P * i + me);
            done.send(true);
        });
    }

    /** P goroutines all spin at once and exit (TestGoroutineParallelism2's load phase). */
    private static void load() {
        Chan<Boolean> loaded = Chan.make();
        AtomicInteger y = new AtomicInteger();
        for (int p = 0; p < P; p++) {
            Go.go(() -> {
                if (y.incrementAndGet() == P) { loaded.send(true); return; }
                while (y.get() != P) Thread.onSpinWait();
            });
        }
        loaded.recv();
    }
}
