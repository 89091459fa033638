package dev.go4j.time;

import dev.go4j.Go;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.time.Duration;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.*;

/**
 * Go 1.23 timer channels where a timer's firing races the user: stop and reset say
 * whether a value could still have been received.
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
            int[] falses = {0};
            Go.run(() -> {
                Go.gomaxprocs(procs);
                SplittableRandom rnd = new SplittableRandom(procs);
                for (int i = 0; i < 100_000; i++) {
                    Timer t = Time.newTimer(Duration.ofNanos(rnd.nextInt(20_000)));
                    spin(rnd.nextInt(20_000));
                    if (!t.stop()) falses[0]++;
                    assertNull(t.c().tryRecv(), "a value after stop returned");
                }
            });
            assertEquals(0, falses[0], "stops that returned false with nothing received, GOMAXPROCS " + procs);
        }
    }

    /** The same for reset: a timer nobody received from was active. */
    @Test
    void resetIsTrueWhenNothingWasReceived() {
        for (int procs : new int[] {1, 2}) {
            int[] falses = {0};
            Go.run(() -> {
                Go.gomaxprocs(procs);
                SplittableRandom rnd = new SplittableRandom(7 + procs);
                for (int i = 0; i < 100_000; i++) {
                    Timer t = Time.newTimer(Duration.ofNanos(rnd.nextInt(20_000)));
                    spin(rnd.nextInt(20_000));
                    if (!t.reset(Duration.ofHours(1))) falses[0]++;
                    assertNull(t.c().tryRecv(), "a value after reset returned");
                    t.stop();
                }
            });
            assertEquals(0, falses[0], "resets that returned false with nothing received, GOMAXPROCS " + procs);
        }
    }
}
