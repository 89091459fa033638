package dev.go4j.time;

import dev.go4j.Chan;
import dev.go4j.Go;
import dev.go4j.Select;
import dev.go4j.Unit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.*;

/**
 * Time.sleep and many timers, ported from Go's src/time/sleep_test.go and tick_test.go:
 * TestSleep (an interrupt does not cut a sleep short), TestOverflowSleep, TestLongAdjustTimers,
 * and many short timers at GOMAXPROCS 1.
 */
@Timeout(120)
class SleepTest {

    /**
     * TestSleep sends the process a signal halfway through; the JVM's counterpart is an
     * interrupt: the sleep lasts its full duration and the interrupt status is kept.
     */
    @Test
    void anInterruptDoesNotCutAPlainThreadsSleepShort() throws InterruptedException {
        CountDownLatch sleeping = new CountDownLatch(1);
        long[] slept = {0};
        boolean[] interrupted = {false};
        Thread t = Thread.ofPlatform().start(() -> {
            sleeping.countDown();
            long t0 = System.nanoTime();
            Time.sleep(Duration.ofMillis(100));
            slept[0] = System.nanoTime() - t0;
            interrupted[0] = Thread.currentThread().isInterrupted();
        });
        sleeping.await();
        awaitParked(t);
        t.interrupt();
        t.join();
        assertTrue(slept[0] >= 100_000_000L, "slept " + slept[0] + " ns");
        assertTrue(interrupted[0], "interrupt status lost");
    }

    @Test
    void anInterruptDoesNotCutAGoroutinesSleepShort() {
        long[] slept = {0};
        boolean[] interrupted = {false};
        Go.run(() -> {
            Chan<Thread> self = Chan.make();
            Chan<Unit> done = Chan.make();
            Go.go(() -> {
                self.send(Thread.currentThread());
                long t0 = System.nanoTime();
                Time.sleep(Duration.ofMillis(100));
                slept[0] = System.nanoTime() - t0;
                interrupted[0] = Thread.interrupted();
                done.close();
            });
            Thread g = self.recv();
            awaitParked(g);
            g.interrupt();
            done.recv();
        });
        assertTrue(slept[0] >= 100_000_000L, "slept " + slept[0] + " ns");
        assertTrue(interrupted[0], "interrupt status lost");
    }

    /**
     * Go's Sleep(d) for a tiny d returns after at least d, from any thread (TestTickerStress
     * and BenchmarkSleep sleep 1 ns). A plain thread's sleep of a few nanoseconds took the
     * time the clock had moved on between two readings for an overflow and slept forever.
     */
    @Test
    @Timeout(value = 60, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
    void aPlainThreadsTinySleepEnds() {
        for (int i = 0; i < 10_000; i++) {
            long t0 = System.nanoTime();
            Time.sleep(Duration.ofNanos(1 + i % 100));
            assertTrue(System.nanoTime() - t0 >= 1 + i % 100);
        }
    }

    /**
     * TestOverflowSleep: a sleep or timer of the largest duration never ends (and does not
     * stop other timers from firing); the most negative duration ends at once.
     */
    @Test
    void overflowingDurations() {
        AtomicBoolean bigSleepReturned = new AtomicBoolean();
        Go.run(() -> {
            Duration big = Duration.ofNanos(Long.MAX_VALUE);
            Go.go(() -> {
                Time.sleep(big);
                bigSleepReturned.set(true);
            });
            Go.go(() -> {
                Time.sleep(Duration.ofSeconds(Long.MAX_VALUE));
                bigSleepReturned.set(true);
            });
            for (int i = 0; i < 5; i++) {
                assertEquals(1, Select.select(Select.recv(Time.after(big)), Select.recv(Time.after(Duration.ofMillis(25)))),
                        "big timeout fired");
            }
            Duration neg = Duration.ofNanos(Long.MIN_VALUE);
            Time.sleep(neg);
            Time.sleep(Duration.ofSeconds(Long.MIN_VALUE));
            assertEquals(0, Select.select(Select.recv(Time.after(neg)), Select.recv(Time.after(Duration.ofHours(1)))),
                    "negative timeout didn't fire");
            assertEquals(0, Select.select(Select.recv(Time.after(Duration.ofSeconds(Long.MIN_VALUE))),
                    Select.recv(Time.after(Duration.ofHours(1)))), "negative timeout didn't fire");
        });
        assertFalse(bigSleepReturned.get(), "big sleep returned");
    }

    /**
     * TestLongAdjustTimers, smaller: a heap built up by thousands of short sleeps, then a
     * ping-pong through a queue goroutine where every receive also selects on a fresh
     * {@code Time.after}: the abandoned timers must not slow the scheduler to a crawl (Go
     * took 77 s before its fix; the JUnit timeout here). Every receive takes the queue's
     * value, never the timeout.
     */
    private static final Runnable NOP = () -> { };

    @Test
    void manyAbandonedAfterTimersInSelects() {
        int[] received = {0};
        Go.run(() -> {
            int count = 5000;
            Chan<Unit> slept = Chan.make(count);
            for (int i = 0; i < count; i++) {
                Go.go(() -> {
                    Time.sleep(Duration.ofNanos(10_000));
                    slept.send(Unit.UNIT);
                });
            }
            for (int i = 0; i < count; i++) Time.sleep(Duration.ofNanos(1_000));
            Chan<Runnable> inQ = Chan.make(), outQ = Chan.make();
            Go.go(() -> {
                java.util.ArrayDeque<Runnable> q = new java.util.ArrayDeque<>();
                for (;;) {
                    boolean[] closed = {false};
                    Chan<Runnable> sendTo = q.isEmpty() ? null : outQ;
                    Select.select(
                            Select.send(sendTo, q.isEmpty() ? NOP : q.peekFirst(), q::pollFirst),
                            Select.recvOk(inQ, (f, ok) -> {
                                if (ok) q.addLast(f);
                                else closed[0] = true;
                            }));
                    if (closed[0]) {
                        outQ.close();
                        return;
                    }
                }
            });
            for (int i = 0; i < 5000; i++) {
                int tries = 20;
                for (int k = 0; k < tries; k++) inQ.send(() -> { });
                for (int k = 0; k < tries; k++) {
                    int which = Select.select(Select.recv(outQ), Select.recv(Time.after(Duration.ofMinutes(1))));
                    assertEquals(0, which, "iteration " + i + ": failed to read work");
                    received[0]++;
                }
            }
            inQ.close();
            for (int i = 0; i < count; i++) slept.recv();
        });
        assertEquals(5000 * 20, received[0]);
    }

    /**
     * Many goroutines on timers at once at GOMAXPROCS 1, where the one P must run every
     * timer: 10,000 goroutines each sleep and wait on Time.after for random short
     * durations; all of them come back.
     */
    @ParameterizedTest(name = "GOMAXPROCS {0}")
    @ValueSource(ints = {1, 2})
    void manyShortTimersAllFire(int procs) {
        int n = 10_000;
        AtomicInteger woke = new AtomicInteger();
        Go.run(() -> {
            Go.gomaxprocs(procs);
            Chan<Unit> done = Chan.make(n);
            SplittableRandom rnd = new SplittableRandom(3);
            for (int i = 0; i < n; i++) {
                long a = rnd.nextInt(2_000_000), b = rnd.nextInt(2_000_000) - 500_000;
                Go.go(() -> {
                    Time.sleep(Duration.ofNanos(a));
                    assertNotNull(Time.after(Duration.ofNanos(b)).recv());
                    woke.incrementAndGet();
                    done.send(Unit.UNIT);
                });
            }
            for (int i = 0; i < n; i++) done.recv();
        });
        assertEquals(n, woke.get());
    }

    /** The same from plain threads (the default runtime's timers), 8 threads of 500 each. */
    @Test
    void manyShortTimersFromPlainThreads() throws InterruptedException {
        AtomicInteger woke = new AtomicInteger();
        List<Thread> ts = new ArrayList<>();
        for (int t = 0; t < 8; t++) {
            long seed = t;
            ts.add(Thread.ofPlatform().start(() -> {
                SplittableRandom rnd = new SplittableRandom(seed);
                for (int i = 0; i < 500; i++) {
                    Time.sleep(Duration.ofNanos(rnd.nextInt(200_000)));
                    if (Time.after(Duration.ofNanos(rnd.nextInt(200_000))).recv() != null) woke.incrementAndGet();
                }
            }));
        }
        for (Thread t : ts) t.join();
        assertEquals(8 * 500, woke.get());
    }

    /** A sleep entered with the interrupt status set, on a plain thread and in a goroutine. */
    @Test
    void aSleepStartedInterruptedLastsItsDurationAndKeepsTheStatus() {
        Thread.currentThread().interrupt();
        long t0 = System.nanoTime();
        Time.sleep(Duration.ofMillis(20));
        assertTrue(System.nanoTime() - t0 >= 20_000_000L);
        assertTrue(Thread.interrupted());
        long[] w = {0};
        boolean[] f = {false};
        Go.run(() -> {
            Thread.currentThread().interrupt();
            long t1 = System.nanoTime();
            Time.sleep(Duration.ofMillis(20));
            w[0] = System.nanoTime() - t1;
            f[0] = Thread.interrupted();
        });
        assertTrue(w[0] >= 20_000_000L, "" + w[0]);
        assertTrue(f[0]);
    }

    /** Yields until t is parked (in its sleep or receive), so that an interrupt finds it there. */
    static void awaitParked(Thread t) {
        for (;;) {
            Thread.State st = t.getState();
            if (st == Thread.State.WAITING || st == Thread.State.TIMED_WAITING) return;
            if (st == Thread.State.TERMINATED) throw new AssertionError(t + " ended before it parked");
            Go.gosched(); // a plain thread's is Thread.yield
        }
    }
}
