package dev.go4j.internal.sched;

import dev.go4j.Go;
import dev.go4j.time.Time;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.time.Duration;

import static org.junit.jupiter.api.Assertions.*;
import static org.junit.jupiter.api.Timeout.ThreadMode.SEPARATE_THREAD;

/**
 * Issue 9 item 5: a timer armed while the runtime is idle fires at its time, because the
 * last M to go idle sleeps until the next timer (findRunnable's pollUntil), not until
 * sysmon's next look. Told apart without a clock: with sysmon's net for due timers
 * switched off, a runtime whose idle M slept without a deadline would never fire these
 * timers and the test would time out.
 */
class IdleTimerTest {

    @Test
    @Timeout(value = 60, threadMode = SEPARATE_THREAD)
    void theIdleMsSleepAloneFiresATimer() {
        int trials = 100;
        int[] fired = {0};
        Go.run(() -> {
            Sched s = G.current().sched();
            s.sysmon.startsMForDueTimers = false;
            try {
                for (int i = 0; i < trials; i++) {
                    // The sleep is a timer too, and lets every M go idle before the next.
                    Time.sleep(Duration.ofMillis(3));
                    long armed = System.nanoTime();
                    assertNotNull(Time.after(Duration.ofMillis(2)).recv());
                    long waited = System.nanoTime() - armed;
                    assertTrue(waited >= 2_000_000L, "fired early, after " + waited + " ns");
                    fired[0]++;
                }
            } finally {
                s.sysmon.startsMForDueTimers = true;
            }
        });
        assertEquals(trials, fired[0]);
    }
}
