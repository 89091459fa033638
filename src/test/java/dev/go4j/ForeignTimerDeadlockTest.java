package dev.go4j;

import dev.go4j.context.Context;
import dev.go4j.time.Ticker;
import dev.go4j.time.Time;
import dev.go4j.time.Timer;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicReference;

import static org.junit.jupiter.api.Assertions.*;

/**
 * A timer made outside a {@code Go.run} (on a plain thread: its timers live in the shared
 * default runtime) wakes a goroutine of the run all the same, so deadlock detection must
 * count it, as it counts the run's own: a context deadline made in {@code main} before
 * {@code Go.run}, a {@code Time.after} channel, an {@code afterFunc}. Without it the run
 * threw DeadlockError at once, though the deadline was 50 ms away. And a real deadlock
 * beside such a timer is still reported once the timer has fired.
 */
@Timeout(60)
class ForeignTimerDeadlockTest {

    @RepeatedTest(5)
    void aContextDeadlineMadeOnAPlainThreadWakesTheRun() {
        var ctx = Context.withTimeout(Context.background(), Duration.ofMillis(50));
        AtomicReference<Throwable> err = new AtomicReference<>();
        Go.run(() -> {
            ctx.done().recv();
            err.set(ctx.err());
        });
        assertNotNull(err.get());
    }

    @RepeatedTest(5)
    void aTimerChannelMadeOnAPlainThreadWakesTheRun() {
        Receiver<Instant> after = Time.after(Duration.ofMillis(50));
        Timer timer = Time.newTimer(Duration.ofMillis(60));
        Ticker ticker = Time.newTicker(Duration.ofMillis(20));
        AtomicReference<Instant> got = new AtomicReference<>();
        Go.run(() -> {
            got.set(after.recv());
            assertNotNull(timer.c().recv());
            assertNotNull(ticker.c().recv());
        });
        ticker.stop();
        assertNotNull(got.get());
    }

    @RepeatedTest(5)
    void anAfterFuncMadeOnAPlainThreadWakesTheRun() {
        Chan<Integer> c = Chan.make();
        Time.afterFunc(Duration.ofMillis(50), () -> c.send(7)); // a goroutine of the default runtime sends
        AtomicReference<Integer> got = new AtomicReference<>();
        Go.run(() -> got.set(c.recv()));
        assertEquals(7, got.get());
    }

    @Test
    void aRealDeadlockBesideAForeignTimerIsReportedOnceItHasFired() {
        Timer outside = Time.afterFunc(Duration.ofMillis(100), () -> { });
        Chan<Integer> never = Chan.make();
        DeadlockError e = assertThrows(DeadlockError.class, () -> Go.run(() -> never.recv()));
        assertTrue(e.getMessage().startsWith("all goroutines are asleep - deadlock!"), e.getMessage());
        assertFalse(outside.stop(), "reported only after the outside timer fired");
    }
}
