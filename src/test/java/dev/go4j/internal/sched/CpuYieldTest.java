package dev.go4j.internal.sched;

import dev.go4j.Chan;
import dev.go4j.Go;
import dev.go4j.sync.WaitGroup;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicLong;

import static org.junit.jupiter.api.Assertions.*;

/**
 * CpuYield: an M awake for a while gives its CPU up between goroutines when nothing is
 * queued for it, never inside a hand-off chain, and its switch refuses a bad value.
 */
@Timeout(60)
class CpuYieldTest {

    /** Busy for about {@code ms} without calling the runtime (well under sysmon's 10 ms preemption). */
    private static long spin(long ms) {
        long until = System.nanoTime() + ms * 1_000_000, n = 0;
        while (System.nanoTime() < until) n++;
        return n;
    }

    @Test
    void anMThatRanAGoroutineLongYieldsWhenNothingIsQueued() throws Exception {
        assumeYieldOn();
        // From a plain thread, so that no goroutine waits on the spinner: when it ends, its
        // M (awake since before it started) finds both queues empty.
        Sched sched = DefaultRuntime.get();
        long before = SchedCounters.of(sched).cpuYields();
        AtomicLong sink = new AtomicLong();
        for (int i = 0; i < 5; i++) {
            CountDownLatch done = new CountDownLatch(1);
            Go.go(() -> {
                sink.addAndGet(spin(2));
                done.countDown();
            });
            done.await();
        }
        // The yield comes after the goroutine ended, a moment after the latch opened.
        long deadline = System.nanoTime() + 20_000_000_000L;
        while (SchedCounters.of(sched).cpuYields() == before && System.nanoTime() < deadline) Thread.onSpinWait();
        assertTrue(SchedCounters.of(sched).cpuYields() > before, "no M yielded after five goroutines of 2 ms each");
        assertTrue(sink.get() > 0);
    }

    @Test
    void aHandOffPairNeverYields() {
        assumeYieldOn();
        final int trips = 100_000;
        long[] yields = new long[1];
        int[] got = new int[1];
        Go.run(() -> {
            Go.gomaxprocs(1);
            SchedCounters counters = SchedCounters.of(G.current().sched());
            Chan<Integer> ping = Chan.make(0), pong = Chan.make(0);
            WaitGroup wg = new WaitGroup();
            wg.add(2);
            long before = counters.cpuYields();
            Go.go(() -> {
                for (int i = 0; i < trips; i++) pong.send(ping.recv() + 1);
                wg.done();
            });
            Go.go(() -> {
                int v = 0;
                for (int i = 0; i < trips; i++) {
                    ping.send(v);
                    v = pong.recv();
                }
                got[0] = v;
                wg.done();
            });
            wg.await();
            yields[0] = counters.cpuYields() - before;
        });
        assertEquals(trips, got[0]);
        // Each park leaves the partner in runnext, so the M never finds its queue empty
        // between the two; the pair's start and end may give it one or two chances.
        assertTrue(yields[0] <= 2, "a ping-pong pair of " + trips + " round trips yielded " + yields[0] + " times");
    }

    @Test
    void theSwitchTakesMicrosecondsAndRefusesAnythingElse() {
        assertEquals(500_000, CpuYield.afterNanos(null));
        assertEquals(0, CpuYield.afterNanos("0"));
        assertEquals(200_000, CpuYield.afterNanos(" 200 "));
        assertEquals(1_000_000_000, CpuYield.afterNanos("1000000"));
        for (String bad : new String[] {"-1", "1000001", "abc", "1.5", "500us"}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> CpuYield.check(bad));
            assertEquals("invalid -Dgo4j.yieldAfterUs=" + bad + ": want microseconds from 0 (never yield) to 1000000", e.getMessage());
        }
        CpuYield.check(null);
        CpuYield.check("0");
    }

    private static void assumeYieldOn() {
        org.junit.jupiter.api.Assumptions.assumeTrue(CpuYield.ENABLED, "-Dgo4j.yieldAfterUs=0 switches the yield off");
    }
}
