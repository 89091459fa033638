package dev.go4j.time;

import dev.go4j.Chan;
import dev.go4j.Go;
import dev.go4j.Receiver;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.time.Duration;
import java.time.Instant;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.LongFunction;

import static org.junit.jupiter.api.Assertions.*;

/**
 * Timer.reset and stop, ported from Go's src/time/sleep_test.go: TestReset, TestZeroTimer
 * (its impl=func and impl=cache cases), TestTimerModifiedEarlier and TestAdjustTimers, each
 * for a channel timer and for Go's {@code newTimerFunc} (an afterFunc sending on a
 * one-slot channel), which takes the runtime's function-timer path.
 */
@Timeout(120)
class TimerResetTest {

    /** A timer and the channel its value comes on (Go's *Timer with its C field). */
    private record T(Timer timer, Receiver<Instant> c, AtomicInteger runs) {
        boolean stop() { return timer.stop(); }
        boolean reset(Duration d) { return timer.reset(d); }
    }

    private static T newTimer(Duration d) {
        Timer t = Time.newTimer(d);
        return new T(t, t.c(), new AtomicInteger());
    }

    /** Go's newTimerFunc: AfterFunc(d, func() { c <- Now() }) with c of capacity 1. */
    private static T newTimerFunc(Duration d) {
        Chan<Instant> c = Chan.make(1);
        AtomicInteger runs = new AtomicInteger();
        Timer t = Time.afterFunc(d, () -> {
            runs.incrementAndGet();
            c.send(Instant.now());
        });
        return new T(t, c, runs);
    }

    private static T make(String impl, Duration d) {
        return impl.equals("chan") ? newTimer(d) : newTimerFunc(d);
    }

    /**
     * TestReset, with its timing checks made lower bounds: a reset of a pending timer moves
     * its deadline (nothing comes at the old one; the value comes no sooner than the new),
     * and a reset of an expired, received timer reports false. Nobody has received from the
     * timer when it is reset, so (Go 1.23) the reset reports it active even if it has fired.
     */
    @ParameterizedTest(name = "impl={0}")
    @ValueSource(strings = {"chan", "func"})
    void resetMovesThePendingDeadline(String impl) {
        Go.run(() -> {
            Duration d = Duration.ofMillis(20);
            T t = make(impl, d.multipliedBy(2));
            Time.sleep(d);
            long t0 = System.nanoTime();
            if (impl.equals("chan")) assertTrue(t.reset(d.multipliedBy(3)), "resetting an unreceived timer");
            else if (!t.reset(d.multipliedBy(3))) t.c().recv(); // a slow machine ran f already
            assertNotNull(t.c().recv());
            assertTrue(System.nanoTime() - t0 >= d.multipliedBy(3).toNanos(), "fired before its new deadline");
            assertFalse(t.reset(Duration.ofMillis(50)), "resetting an expired timer");
            assertTrue(t.stop());
            assertNull(t.c().tryRecv());

            // moved later, the old deadline delivers nothing
            T u = make(impl, d);
            assertTrue(u.reset(Duration.ofHours(1)), "an unfired timer");
            Time.sleep(d.multipliedBy(3));
            assertNull(u.c().tryRecv(), "fired at its old deadline");
            assertTrue(u.stop());
            assertEquals(0, u.runs().get());
        });
    }

    /**
     * TestZeroTimer's impl=func and impl=cache: zero-duration afterFunc timers, new ones and
     * one timer reset to zero over and over, are never missed (a miss hangs until the JUnit
     * timeout). impl=chan is TimeTest.zeroTimersAreNeverMissed.
     */
    @ParameterizedTest(name = "GOMAXPROCS {0}")
    @ValueSource(ints = {1, 2})
    void zeroFuncTimersAreNeverMissed(int procs) {
        int n = 50_000;
        AtomicInteger got = new AtomicInteger();
        Go.run(() -> {
            Go.gomaxprocs(procs);
            for (int i = 0; i < n; i++) {
                assertNotNull(newTimerFunc(Duration.ZERO).c().recv());
                got.incrementAndGet();
            }
            T cached = newTimerFunc(Duration.ofHours(1));
            for (int i = 0; i < n; i++) {
                boolean active = cached.reset(Duration.ZERO);
                assertEquals(i == 0, active, "iteration " + i + ": reset of a timer whose f ran");
                assertNotNull(cached.c().recv());
                got.incrementAndGet();
            }
            assertEquals(n, cached.runs().get());
        });
        assertEquals(2 * n, got.get());
    }

    /**
     * TestTimerModifiedEarlier (issue 47329): a timer moved from an hour to the distant past
     * ten times in a row, stopped in between, still fires. Go bounds the wait by a 10 s timer;
     * here the JUnit timeout does.
     */
    @ParameterizedTest(name = "impl={0}")
    @ValueSource(strings = {"chan", "func"})
    void timerModifiedEarlierFires(String impl) {
        int count = 1000;
        AtomicInteger fired = new AtomicInteger();
        Go.run(() -> {
            Duration past = Time.until(Instant.EPOCH);
            for (int i = 0; i < count; i++) {
                T t = make(impl, Duration.ofHours(1));
                int drained = 0;
                for (int j = 0; j < 10; j++) {
                    if (!t.stop()) {
                        assertNotNull(t.c().recv());
                        drained++;
                    }
                    t.reset(past);
                }
                assertNotNull(t.c().recv());
                fired.incrementAndGet();
                assertNull(t.c().tryRecv(), "timer " + i + ": a value beyond one per firing");
                if (impl.equals("chan")) assertEquals(0, drained, "Go 1.23: stop of an unreceived timer is true");
                else assertEquals(drained + 1, t.runs().get(), "timer " + i + ": runs of f");
            }
        });
        assertEquals(count, fired.get());
    }

    /**
     * TestAdjustTimers (issue 47762): 100 timers driven through a state machine in random
     * order, moved earlier and later, stopped and fired, so that the heap is adjusted in
     * every way; every reset and stop must report what Go's does and every short timer fire.
     */
    @ParameterizedTest(name = "impl={0}")
    @ValueSource(strings = {"chan", "func"})
    void adjustTimers(String impl) {
        for (long seed = 1; seed <= 5; seed++) adjustTimers(impl, seed, d -> make(impl, Duration.ofNanos(d)));
    }

    private static void adjustTimers(String impl, long seed, LongFunction<T> newTimer) {
        int[] falseStops = {0};
        Go.run(() -> {
            SplittableRandom rnd = new SplittableRandom(seed);
            int n = 100;
            T[] timers = new T[n];
            int[] states = new int[n];
            int[] indices = new int[n];
            for (int i = 0; i < n; i++) indices[i] = i;
            for (int i = n - 1; i > 0; i--) {
                int j = rnd.nextInt(i + 1);
                int x = indices[i]; indices[i] = indices[j]; indices[j] = x;
            }
            int live = n;
            while (live != 0) {
                int ii = rnd.nextInt(live);
                int i = indices[ii];
                T timer = timers[i];
                int state = states[i]++;
                String at = "seed " + seed + " timer " + i + " state " + state;
                switch (state) {
                    case 0 -> timers[i] = newTimer.apply(0);
                    case 1 -> assertNotNull(timer.c().recv(), at); // now idle
                    case 2 -> assertFalse(timer.reset(Duration.ofMinutes(1)), at + ": shouldn't be active (1)");
                    case 4 -> assertFalse(timer.reset(Duration.ofMinutes(3)), at + ": shouldn't be active (3)");
                    case 6 -> assertFalse(timer.reset(Duration.ofMinutes(2)), at + ": shouldn't be active (2)");
                    case 3, 5, 7 -> {
                        if (!timer.stop()) {
                            falseStops[0]++;
                            timer.c().recv();
                        }
                    }
                    case 8 -> assertFalse(timer.reset(Duration.ZERO), at + ": reset returned true");
                    case 9 -> assertNotNull(timer.c().recv(), at);
                    case 10 -> {
                        assertNull(timer.c().tryRecv(), at + ": a second value");
                        indices[ii] = indices[--live];
                    }
                    default -> fail(at);
                }
            }
        });
        // a minute-long timer is stopped long before it is due
        assertEquals(0, falseStops[0], impl + ", seed " + seed + ": stops of a pending minute-long timer that returned false");
    }

    /** Reset to zero and to negative durations fires at once, for either kind; overflow never fires. */
    @Test
    void resetToZeroOrNegativeFiresAndOverflowNever() {
        Go.run(() -> {
            for (String impl : new String[] {"chan", "func"}) {
                for (Duration d : new Duration[] {Duration.ZERO, Duration.ofNanos(-1), Duration.ofSeconds(Long.MIN_VALUE)}) {
                    T t = make(impl, Duration.ofHours(1));
                    assertTrue(t.reset(d), impl + " " + d);
                    assertNotNull(t.c().recv(), impl + " " + d);
                    assertFalse(t.stop(), impl + " " + d);
                }
                T never = make(impl, Duration.ZERO);
                assertNotNull(never.c().recv());
                assertFalse(never.reset(Duration.ofSeconds(Long.MAX_VALUE)), impl);
                Time.sleep(Duration.ofMillis(20));
                assertNull(never.c().tryRecv(), impl + ": an overflowing reset fired");
                assertTrue(never.stop(), impl + ": an overflowing reset left the timer pending");
            }
        });
    }

    /** A timer made on a plain thread (default runtime) reset and received in a run, and back. */
    @Test
    void aPlainThreadsTimerResetInAGoroutine() {
        Timer t = Time.newTimer(Duration.ofHours(1));
        Go.run(() -> {
            assertTrue(t.reset(Duration.ofMillis(1)));
            assertNotNull(t.c().recv());
            assertFalse(t.stop());
        });
        assertFalse(t.reset(Duration.ofMillis(1)));
        assertNotNull(t.c().recv());
    }
}
