package dev.go4j.time;

import dev.go4j.Go;
import dev.go4j.Select;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.time.Duration;
import java.time.Instant;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.*;

/**
 * Go 1.23 timer channels where a timer's firing races the user: stop and reset say
 * whether a value could still have been received, and a receive after the deadline finds
 * the value even when nothing has fired the timer yet (runtime/chan.go's
 * {@code c.timer.maybeRunChan()}).
 */
@Timeout(120)
class TimerChannelRaceTest {

    /** Busy, without calling the runtime, until {@code nanos} from now. */
    private static void spin(long nanos) {
        long end = System.nanoTime() + nanos;
        while (System.nanoTime() < end) Thread.onSpinWait();
    }

    /**
     * Nobody receives, so a stop always finds the timer pending, its send under way or its
     * value unreceived: true every time. A false from a stop whose firing had committed to
     * the send and then skipped it made Go's {@code if (!t.Stop()) <-t.C} hang.
     */
    @Test
    void stopIsTrueWhenNothingWasReceived() {
        for (int procs : new int[] {1, 2}) {
            assertEquals(0, falsesAroundTheDeadline(procs, procs, "stop", Timer::stop),
                    "stops that returned false with nothing received, GOMAXPROCS " + procs);
        }
    }

    /** The same for reset: a timer nobody received from was active. */
    @Test
    void resetIsTrueWhenNothingWasReceived() {
        for (int procs : new int[] {1, 2}) {
            assertEquals(0, falsesAroundTheDeadline(procs, 7 + procs, "reset", t -> t.reset(Duration.ofHours(1))),
                    "resets that returned false with nothing received, GOMAXPROCS " + procs);
        }
    }

    /**
     * 100,000 timers, each stopped or reset by {@code op} within 20 us either side of its
     * deadline and never received from; asserts that no value is left after {@code op};
     * returns how many times {@code op} returned false.
     */
    private static int falsesAroundTheDeadline(int procs, long seed, String what, java.util.function.Predicate<Timer> op) {
        int[] falses = {0};
        Go.run(() -> {
            Go.gomaxprocs(procs);
            SplittableRandom rnd = new SplittableRandom(seed);
            for (int i = 0; i < 100_000; i++) {
                Timer t = Time.newTimer(Duration.ofNanos(rnd.nextInt(20_000)));
                spin(rnd.nextInt(20_000));
                if (!op.test(t)) falses[0]++;
                assertNull(t.c().tryRecv(), "a value after " + what + " returned");
                t.stop();
            }
        });
        return falses[0];
    }

    /**
     * At GOMAXPROCS 1 the timer is in the heap of the one P, which the receiving goroutine
     * keeps busy past the deadline: only the receive itself can fire it, as in Go.
     */
    @Test
    void aReceiveAfterTheDeadlineFindsTheValueWhileThePIsBusy() {
        int[] missed = {0, 0, 0};
        Go.run(() -> {
            Go.gomaxprocs(1);
            for (int i = 0; i < 20; i++) {
                long armed = System.nanoTime();
                Timer t = Time.newTimer(Duration.ofMillis(1));
                spin(2_000_000L);
                Instant v = t.c().tryRecv();
                if (v == null) missed[0]++;
                else assertFalse(v.isAfter(Instant.now()), "a time from the future: " + v);
                assertTrue(System.nanoTime() - armed >= 1_000_000L);

                Timer u = Time.newTimer(Duration.ofMillis(1));
                spin(2_000_000L);
                boolean[] got = {false};
                Select.select(Select.recv(u.c(), x -> got[0] = true), Select.otherwise(() -> { }));
                if (!got[0]) missed[1]++;

                Ticker k = Time.newTicker(Duration.ofMillis(1));
                spin(2_500_000L);
                if (k.c().tryRecv() == null) missed[2]++;
                k.stop();
            }
        });
        assertArrayEquals(new int[] {0, 0, 0}, missed, "misses by tryRecv, select with default, a ticker's tryRecv (of 20 each)");
    }
}
