package dev.go4j.time;

import dev.go4j.Chan;
import dev.go4j.Go;
import dev.go4j.Receiver;
import dev.go4j.Select;
import dev.go4j.Unit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

import static org.junit.jupiter.api.Assertions.*;

/**
 * Port of Go's TestChan (src/time/tick_test.go, GODEBUG asynctimerchan=0, the Go 1.23
 * synchronous timer channels) for a Timer and a Ticker, driven from a goroutine and from
 * a plain thread; plus many goroutines selecting on one timer's channel.
 *
 * <p>Where Go polls for a tick ({@code assertTick}) this port receives and lets the JUnit
 * timeout catch a missing one; the short sleeps only give a wrong tick time to show (a
 * test that got there faster still passes), they synchronise nothing.
 */
@Timeout(120)
class TimerChanTest {
    private static final Duration SCHED = Duration.ofMillis(10);
    private static final Duration FAR = Duration.ofSeconds(10_000);

    /** Go's test's common view of a Timer and a Ticker: Stop and Reset that return bools. */
    private interface Tim {
        boolean stop();

        boolean reset(Duration d);

        Receiver<Instant> c();

        boolean isTicker();
    }

    private static Tim of(Timer t) {
        return new Tim() {
            public boolean stop() { return t.stop(); }
            public boolean reset(Duration d) { return t.reset(d); }
            public Receiver<Instant> c() { return t.c(); }
            public boolean isTicker() { return false; }
        };
    }

    /** Go's tickerTimer: pending is its own bookkeeping (Ticker.Stop/Reset return nothing). */
    private static Tim of(Ticker t) {
        return new Tim() {
            boolean stopped;
            public boolean stop() { boolean p = !stopped; stopped = true; t.stop(); return p; }
            public boolean reset(Duration d) { boolean p = !stopped; stopped = false; t.reset(d); return p; }
            public Receiver<Instant> c() { return t.c(); }
            public boolean isTicker() { return true; }
        };
    }

    private static void noTick(Receiver<Instant> c, String where) {
        assertNull(c.tryRecv(), "extra tick: " + where);
    }

    private static void assertTick(Receiver<Instant> c) {
        assertNotNull(c.recv());
    }

    private static void notDone(Receiver<?> done, String where) {
        assertNull(done.tryRecv(), "early done: " + where);
    }

    /** testTimerChan with synctimerchan = true; {@code spawn} starts a helper (goroutine or thread). */
    private static void timerChan(Tim tim, Consumer<Runnable> spawn) {
        Receiver<Instant> c = tim.c();
        boolean isTicker = tim.isTicker();

        // simple stop; timer never in heap
        tim.stop();
        noTick(c, "after stop");
        // modify of a timer not in heap
        tim.reset(FAR);
        noTick(c, "after reset far");
        // modify of a timer in heap
        tim.reset(Duration.ofNanos(1));
        Time.sleep(SCHED);
        assertEquals(0, c.len(), "len of a synchronous timer channel");
        assertEquals(0, c.cap(), "cap of a synchronous timer channel");
        assertTick(c);

        // a ticker has ticked again meanwhile; reset drops that tick
        Time.sleep(SCHED);
        tim.reset(FAR);
        noTick(c, "after reset far, a ticker's due tick");

        // stop while a goroutine is blocked on C
        tim.reset(FAR);
        Chan<Unit> done = Chan.make();
        notDone(done, "before the receiver");
        spawn.accept(() -> {
            c.recv();
            done.close();
        });
        Time.sleep(SCHED);
        notDone(done, "receiver blocked on a far timer");
        // reset far away while the receiver waits
        tim.reset(Duration.ofSeconds(20_000));
        Time.sleep(SCHED);
        notDone(done, "after reset farther with a receiver blocked");
        // imminent reset while it waits
        tim.reset(Duration.ofNanos(1));
        done.recv(); // closed: returns once the receiver got its tick
        if (isTicker) assertTick(c); // 1 ns apart: another tick comes
        else noTick(c, "a one-shot timer sent twice");
        tim.stop();
        noTick(c, "after stop");

        // again with select and two goroutines waiting: a one-shot timer wakes exactly one
        tim.reset(FAR);
        Chan<Boolean> done2 = Chan.make(2);
        Chan<Unit> d1 = Chan.make(), d2 = Chan.make(), stop = Chan.make();
        for (Chan<Unit> di : List.of(d1, d2)) {
            spawn.accept(() -> {
                Select.select(Select.recv(c, v -> done2.send(true)), Select.recv(stop));
                di.close();
            });
        }
        Time.sleep(SCHED);
        notDone(done2, "two selects on a far timer");
        tim.reset(SCHED.dividedBy(2));
        assertTrue(done2.recv());
        tim.stop();
        stop.close();
        d1.recv();
        d2.recv();
        if (isTicker) {
            done2.tryRecv(); // a second tick may have woken the other one
            c.tryRecv();
        }
        notDone(done2, "one-shot timer woke both selects");

        // selects on a stopped timer get no data
        Chan<Unit> stop2 = Chan.make();
        Chan<Boolean> gotData = Chan.make(2);
        for (int i = 0; i < 2; i++) {
            spawn.accept(() -> {
                boolean[] data = {false};
                Select.select(Select.recv(c, v -> data[0] = true), Select.recv(stop2));
                gotData.send(data[0]);
            });
        }
        Time.sleep(SCHED);
        stop2.close();
        assertFalse(gotData.recv(), "a stopped timer sent");
        assertFalse(gotData.recv(), "a stopped timer sent");

        // Stop and Reset block old values from being received (go.dev/issue/37196)
        tim.reset(Duration.ofNanos(1));
        Time.sleep(SCHED);
        assertTrue(tim.stop(), "stop of a fired, unreceived timer");
        noTick(c, "after stop of a fired timer");
        tim.reset(Duration.ofHours(1));
        noTick(c, "after reset to an hour");
        assertTrue(tim.reset(Duration.ofNanos(1)), "reset of a pending timer");
        assertTick(c);
        Time.sleep(SCHED);
        if (isTicker) {
            assertTick(c);
            Time.sleep(SCHED);
        } else {
            noTick(c, "a one-shot timer sent twice");
        }
        assertEquals(isTicker, tim.reset(Duration.ofHours(1)), "reset after the value was received");
        noTick(c, "after the last reset");
        tim.stop();
    }

    private static void inGoroutines(Tim tim) {
        Go.run(() -> timerChan(tim, Go::go));
    }

    private static void inPlainThreads(Tim tim) throws InterruptedException {
        List<Thread> helpers = new ArrayList<>();
        timerChan(tim, r -> helpers.add(Thread.ofPlatform().start(r)));
        for (Thread t : helpers) t.join();
    }

    @Test
    void timerInGoroutines() {
        inGoroutines(of(Time.newTimer(FAR)));
    }

    @Test
    void tickerInGoroutines() {
        inGoroutines(of(Time.newTicker(FAR)));
    }

    @Test
    void timerInPlainThreads() throws InterruptedException {
        inPlainThreads(of(Time.newTimer(FAR)));
    }

    @Test
    void tickerInPlainThreads() throws InterruptedException {
        inPlainThreads(of(Time.newTicker(FAR)));
    }

    @Test
    void timerAtOneProc() {
        Go.run(() -> {
            Go.gomaxprocs(1);
            timerChan(of(Time.newTimer(FAR)), Go::go);
            timerChan(of(Time.newTicker(FAR)), Go::go);
        });
    }

    /**
     * Many goroutines select on one timer's channel (and a stop channel): each firing of a
     * one-shot timer is received by exactly one of them, however the reset races them.
     */
    @Test
    void aTimerWakesExactlyOneOfManySelects() {
        int rounds = 300, waiters = 8;
        AtomicInteger received = new AtomicInteger();
        Go.run(() -> {
            SplittableRandom rnd = new SplittableRandom(11);
            Timer t = Time.newTimer(FAR);
            assertTrue(t.stop());
            for (int r = 0; r < rounds; r++) {
                Chan<Unit> stop = Chan.make();
                Chan<Boolean> got = Chan.make(waiters);
                for (int i = 0; i < waiters; i++) {
                    Go.go(() -> {
                        boolean[] v = {false};
                        Select.select(Select.recv(t.c(), x -> v[0] = true), Select.recv(stop));
                        got.send(v[0]);
                    });
                }
                assertFalse(t.reset(Duration.ofNanos(rnd.nextInt(50_000))), "round " + r + ": the timer was stopped");
                // wait for the one receiver, then release the rest
                int ones = 0, seen = 0;
                while (ones == 0) {
                    if (got.recv()) ones++;
                    seen++;
                }
                assertFalse(t.stop(), "round " + r + ": its value was received");
                stop.close();
                for (; seen < waiters; seen++) if (got.recv()) ones++;
                assertEquals(1, ones, "round " + r + ": receivers of one firing");
                received.addAndGet(ones);
            }
        });
        assertEquals(rounds, received.get());
    }

    /**
     * Go has no interrupts; in go4j an interrupt of a goroutine blocked on a timer's channel
     * must not end the receive early (no null, no value before the deadline) and is kept.
     */
    @Test
    void anInterruptDoesNotEndAReceiveOnATimer() {
        Interrupted r = interruptWhileWaiting(Receiver::recv);
        assertNotNull(r.got());
        assertTrue(r.waitedNanos() >= 100_000_000L, "woke after " + r.waitedNanos() + " ns");
        assertTrue(r.flagKept(), "interrupt status lost");
    }

    /** The same for a select: it still picks the timer's case, at its deadline. */
    @Test
    void anInterruptDoesNotEndASelectOnATimer() {
        Chan<Integer> never = Chan.make();
        Interrupted r = interruptWhileWaiting(c -> Select.select(Select.recv(never), Select.recv(c)));
        assertEquals(1, r.got());
        assertTrue(r.waitedNanos() >= 100_000_000L, "woke after " + r.waitedNanos() + " ns");
    }

    /** What a goroutine interrupted while it waits on a 100 ms timer saw. */
    private record Interrupted(Object got, long waitedNanos, boolean flagKept) {}

    /**
     * Starts a goroutine that makes a 100 ms timer and waits on its channel with
     * {@code wait}, interrupts it once it is parked, and returns what the wait returned,
     * how long it took and whether the interrupt status was still set after it.
     */
    private static Interrupted interruptWhileWaiting(java.util.function.Function<Receiver<Instant>, Object> wait) {
        Interrupted[] out = {null};
        Go.run(() -> {
            Chan<Thread> self = Chan.make();
            Chan<Unit> done = Chan.make();
            Go.go(() -> {
                long t0 = System.nanoTime();
                var c = Time.after(Duration.ofMillis(100));
                self.send(Thread.currentThread());
                Object got = wait.apply(c);
                out[0] = new Interrupted(got, System.nanoTime() - t0, Thread.interrupted());
                done.close();
            });
            Thread g = self.recv();
            SleepTest.awaitParked(g);
            g.interrupt();
            done.recv();
        });
        return out[0];
    }
}
