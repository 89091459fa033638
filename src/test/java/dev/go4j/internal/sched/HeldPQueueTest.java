package dev.go4j.internal.sched;

import dev.go4j.Chan;
import dev.go4j.Go;
import dev.go4j.Receiver;
import dev.go4j.time.Time;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.*;
import static org.junit.jupiter.api.Timeout.ThreadMode.SEPARATE_THREAD;

/**
 * Goroutines queued on a P that a loop holds for good (the stuck allowance is full, so
 * sysmon cannot move the loop off it) are not stranded there. Other P's steal only when
 * their own queue is empty, and one busy with a ping-pong pair never is; sysmon moves
 * such a P's queue to the global queue, which every P serves now and then, and runs its
 * due timers (main's sleeps here are timers of the held P: without that main never wakes).
 * Found in a soak at GOMAXPROCS 2: goroutines started at the beginning had not run after
 * minutes.
 */
class HeldPQueueTest {
    private static final int VICTIMS = 3;
    /** The victims, a function timer and a goroutine woken by a channel timer. */
    private static final int RUNS = VICTIMS + 2;

    @Test
    @Timeout(value = 60, threadMode = SEPARATE_THREAD)
    void goroutinesQueuedBehindAnUnmovableLoopRunElsewhere() {
        AtomicInteger ran = new AtomicInteger();
        AtomicInteger pairRounds = new AtomicInteger();
        AtomicBoolean stop = new AtomicBoolean();
        Go.run(() -> {
            int old = Go.gomaxprocs(2);
            Sched s = G.current().sched();
            try {
                // a pair that always has work on its P
                Chan<Integer> ping = Chan.make(), pong = Chan.make();
                Go.go(() -> { while (!stop.get()) { ping.send(1); pong.recv(); pairRounds.incrementAndGet(); } ping.close(); });
                Go.go(() -> { for (Integer v : ping) pong.send(v); });
                // fill the stuck allowance with loops that never call the runtime
                for (int i = 0; i < Preempt.STUCK_ALLOWANCE; i++) Go.go(() -> { while (!stop.get()) Thread.onSpinWait(); });
                BoundedWait.until(() -> s.preempt.nstuck.get() >= Preempt.STUCK_ALLOWANCE);
                assertEquals(Preempt.STUCK_ALLOWANCE, s.preempt.nstuck.get(), "the allowance filled up");
                // one more loop, which keeps its P, with goroutines queued behind it there
                Go.go(() -> {
                    for (int i = 0; i < VICTIMS; i++) Go.go(ran::incrementAndGet);
                    // timers of this P too: a function timer and a channel timer
                    Time.afterFunc(Duration.ofMillis(1), ran::incrementAndGet);
                    Receiver<Instant> after = Time.after(Duration.ofMillis(1));
                    Go.go(() -> { after.recv(); ran.incrementAndGet(); });
                    while (!stop.get()) Thread.onSpinWait();
                });
                BoundedWait.until(() -> ran.get() >= RUNS);
            } finally {
                stop.set(true);
                Go.gomaxprocs(old);
            }
        });
        assertEquals(RUNS, ran.get(), "every queued goroutine ran and both timers fired");
        assertTrue(pairRounds.get() > 0, "the pair ran");
    }
}
