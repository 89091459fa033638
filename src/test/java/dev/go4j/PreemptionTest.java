package dev.go4j;

import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.*;
import static org.junit.jupiter.api.Timeout.ThreadMode.SEPARATE_THREAD;

/**
 * Ports of Go's TestPreemption and TestPreemptionGC (runtime/proc_test.go). Go preempts a
 * goroutine at any function call's prologue; go4j at its next runtime call (README, "Rules
 * that differ from Go"), so Go's {@code preempt()} call becomes one of those calls. The
 * loops never block: at GOMAXPROCS 1 they only take turns if sysmon's request to yield is
 * honoured at that call. Only a hang fails (sysmon asks after 10 ms; the bounds are the
 * class timeout).
 */
@Timeout(value = 120, threadMode = SEPARATE_THREAD)
class PreemptionTest {

    /** The runtime call that stands for Go's {@code preempt()}: one that never blocks. */
    private static Runnable preemptPoint(String kind) {
        Chan<Integer> empty = Chan.make(), full = Chan.make(1), box = Chan.make(1);
        full.send(0);
        return switch (kind) {
            case "checkpoint" -> Go::checkpoint;
            case "tryRecv" -> () -> assertNull(empty.tryRecv());
            case "trySend" -> () -> assertFalse(full.trySend(1));
            case "selectDefault" -> () -> assertEquals(1, Select.select(Select.recv(empty, v -> fail()), Select.otherwise(() -> {})));
            case "bufferedSendRecv" -> () -> { box.send(7); assertEquals(7, box.recv()); };
            default -> throw new IllegalArgumentException(kind);
        };
    }

    // TestPreemption: two goroutines alternate x between them N times each, spinning on
    // the preemption point while it is the other's turn. At GOMAXPROCS 1 at most one of
    // them runs at a time; a loop that ignored the request would only get past sysmon's
    // rescue of stuck loops by running beside the other on a second thread, which the
    // overlap count catches when the two spins meet.
    @ParameterizedTest
    @ValueSource(strings = {"checkpoint", "tryRecv", "trySend", "selectDefault", "bufferedSendRecv"})
    void goroutinesTakeTurnsThroughPreemptionAtRuntimeCalls(String kind) {
        int N = 5;
        AtomicInteger x = new AtomicInteger(), turns = new AtomicInteger();
        AtomicInteger running = new AtomicInteger(), overlaps = new AtomicInteger();
        SchedulerGuaranteesTest.runAt(1, () -> {
            Chan<Boolean> c = Chan.make();
            for (int g = 0; g < 2; g++) {
                int me = g;
                Go.go(() -> {
                    Runnable preempt = preemptPoint(kind);
                    for (int i = 0; i < N; i++) {
                        for (;;) {
                            if (running.incrementAndGet() != 1) overlaps.incrementAndGet();
                            boolean mine = x.get() % 2 == me;
                            running.decrementAndGet();
                            if (mine) break;
                            preempt.run();
                        }
                        x.incrementAndGet();
                        turns.incrementAndGet();
                    }
                    c.send(true);
                });
            }
            c.recv();
            c.recv();
        });
        assertEquals(2 * N, turns.get());
        assertEquals(2 * N, x.get());
        assertEquals(0, overlaps.get(), "two goroutines ran at once at GOMAXPROCS 1");
    }

    // TestPreemptionGC: P goroutines loop on a preemption point while main yields and asks
    // for a stop-the-world N times. go4j has no GC; its stop-the-world-like call is
    // GOMAXPROCS, which Go also stops the world for. The loops outnumber sysmon's
    // allowance of stuck threads (2), so main gets its turns between resizes only if the
    // loops yield when asked; at the end every loop must see the stop and exit.
    @RepeatedTest(2)
    void loopsOnCheckpointsLetMainResizeRepeatedly() {
        int P = 5, N = 10;
        AtomicInteger exited = new AtomicInteger(), resizes = new AtomicInteger();
        SchedulerGuaranteesTest.runAt(P + 1, () -> {
            AtomicBoolean stop = new AtomicBoolean();
            Chan<Boolean> done = Chan.make(P);
            for (int i = 0; i < P; i++) {
                Go.go(() -> {
                    while (!stop.get()) Go.checkpoint();
                    exited.incrementAndGet();
                    done.send(true);
                });
            }
            for (int i = 0; i < N; i++) {
                Go.gosched();
                // alternate 1 and P + 1: every other resize leaves the loops one P
                int want = i % 2 == 0 ? 1 : P + 1;
                int before = Go.gomaxprocs(want);
                assertEquals(i % 2 == 0 ? P + 1 : 1, before);
                assertEquals(want, Go.gomaxprocs(0));
                resizes.incrementAndGet();
            }
            stop.set(true);
            for (int i = 0; i < P; i++) done.recv();
        });
        assertEquals(N, resizes.get());
        assertEquals(P, exited.get());
    }
}
