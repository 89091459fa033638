package dev.go4j.time;

import dev.go4j.Chan;
import dev.go4j.Go;
import dev.go4j.Unit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.lang.ref.WeakReference;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import static org.junit.jupiter.api.Assertions.*;

/**
 * Time.afterFunc, ported from Go's src/time/sleep_test.go: TestAfterFuncStarvation,
 * TestAfterStop and TestTimerStopStress, plus what Go 1.23's timer collection must not
 * touch: a pending afterFunc runs even if nobody holds its Timer.
 */
@Timeout(120)
class AfterFuncTest {

    /**
     * TestAfterFuncStarvation (go.dev/issue/65178): at GOMAXPROCS 1 two goroutines
     * ping-pong on a one-slot channel, so one of them is always runnable; the afterFunc
     * that stops them must still get to run.
     */
    @Test
    void afterFuncRunsWhileTwoGoroutinesPingPongAtOneP() {
        int rounds = 200;
        AtomicInteger ended = new AtomicInteger();
        Go.run(() -> {
            Go.gomaxprocs(1);
            for (int r = 0; r < rounds; r++) {
                AtomicBoolean stop = new AtomicBoolean();
                Chan<Boolean> c = Chan.make(1);
                Chan<Unit> done = Chan.make(2);
                Go.go(() -> {
                    while (!stop.get()) c.send(true);
                    c.close();
                    done.send(Unit.UNIT);
                });
                Go.go(() -> {
                    for (Boolean ignored : c) { }
                    done.send(Unit.UNIT);
                });
                Time.afterFunc(Duration.ofNanos(1000), () -> stop.set(true));
                done.recv();
                done.recv();
                ended.incrementAndGet();
            }
        });
        assertEquals(rounds, ended.get());
    }

    /**
     * TestAfterStop, with the flakiness taken out: whatever the machine's speed, a stop that
     * returned true means the event never comes (checked after a later timer fired), a
     * false one that it came exactly once; a second stop is false.
     */
    @Test
    void aStoppedEventNeverComes() {
        int rounds = 50;
        int[] stopped = {0, 0};
        Go.run(() -> {
            for (int i = 0; i < rounds; i++) {
                Time.afterFunc(Duration.ofMillis(10), () -> { });
                Timer t0 = Time.newTimer(Duration.ofMillis(5));
                Chan<Boolean> c1 = Chan.make(2);
                Timer t1 = Time.afterFunc(Duration.ofMillis(15), () -> c1.send(true));
                var c2 = Time.after(Duration.ofMillis(20));
                assertTrue(t0.stop(), "Go 1.23: stop of an unreceived channel timer");
                boolean s1 = t1.stop();
                if (s1) stopped[1]++;
                stopped[0]++;
                c2.recv();
                assertNull(t0.c().tryRecv(), "event 0 was not stopped");
                if (s1) assertNull(c1.tryRecv(), "event 1 was not stopped");
                else assertTrue(c1.recv(), "event 1 not stopped and not run");
                assertFalse(t1.stop(), "stop returned true twice");
                assertNull(c1.tryRecv(), "event 1 ran twice");
            }
        });
        assertEquals(rounds, stopped[0]);
        assertTrue(stopped[1] > 0, "no afterFunc was ever stopped in time");
    }

    /**
     * TestTimerStopStress, made exact: 100 goroutines each arm and stop 50 afterFuncs whose
     * deadlines race the stop; every timer either ran once or was stopped, never both.
     */
    @Test
    void concurrentStopsRacingTheirTimers() {
        int goroutines = 100, each = 50, n = goroutines * each;
        AtomicInteger runs = new AtomicInteger(), stops = new AtomicInteger();
        Go.run(() -> {
            Chan<Unit> ran = Chan.make(n);
            Chan<Unit> done = Chan.make(goroutines);
            for (int g = 0; g < goroutines; g++) {
                long seed = g;
                Go.go(() -> {
                    SplittableRandom rnd = new SplittableRandom(seed);
                    for (int i = 0; i < each; i++) {
                        AtomicBoolean once = new AtomicBoolean();
                        Timer t = Time.afterFunc(Duration.ofNanos(rnd.nextInt(100_000)), () -> {
                            assertFalse(once.getAndSet(true), "ran twice");
                            runs.incrementAndGet();
                            ran.send(Unit.UNIT);
                        });
                        if (rnd.nextBoolean()) Go.gosched();
                        if (t.stop()) stops.incrementAndGet();
                    }
                    done.send(Unit.UNIT);
                });
            }
            for (int g = 0; g < goroutines; g++) done.recv();
            for (int i = stops.get(); i < n; i++) ran.recv();
            Time.sleep(Duration.ofMillis(20)); // time for a stopped one to run wrongly
            assertNull(ran.tryRecv(), "a stopped afterFunc ran");
        });
        assertEquals(n, runs.get() + stops.get(), runs + " ran, " + stops + " stopped");
    }

    /** The same from plain threads: their timers run on the default runtime. */
    @Test
    void stopsFromPlainThreadsRacingTheirTimers() throws InterruptedException {
        int threads = 4, each = 500, n = threads * each;
        AtomicInteger runs = new AtomicInteger(), stops = new AtomicInteger();
        List<Thread> ts = new ArrayList<>();
        for (int g = 0; g < threads; g++) {
            long seed = g;
            ts.add(Thread.ofPlatform().start(() -> {
                SplittableRandom rnd = new SplittableRandom(seed);
                for (int i = 0; i < each; i++) {
                    Timer t = Time.afterFunc(Duration.ofNanos(rnd.nextInt(100_000)), runs::incrementAndGet);
                    long spin = System.nanoTime() + rnd.nextInt(100_000);
                    while (System.nanoTime() < spin) Thread.onSpinWait();
                    if (t.stop()) stops.incrementAndGet();
                }
            }));
        }
        for (Thread t : ts) t.join();
        while (runs.get() + stops.get() < n) Thread.sleep(1); // the rest are due within 100 us
        Thread.sleep(20);
        assertEquals(n, runs.get() + stops.get(), runs + " ran, " + stops + " stopped");
    }

    /**
     * Go 1.23 collects unreferenced channel timers, but an afterFunc's function must still
     * run: the runtime holds it until then. Collections while 200 dropped afterFuncs are
     * pending lose none of them.
     */
    @Test
    void anUnreferencedAfterFuncStillRuns() throws InterruptedException {
        int n = 200;
        CountDownLatch ran = new CountDownLatch(2 * n);
        List<WeakReference<Timer>> refs = new ArrayList<>();
        Go.run(() -> {
            for (int i = 0; i < n; i++) refs.add(new WeakReference<>(Time.afterFunc(Duration.ofMillis(100), ran::countDown)));
        });
        for (int i = 0; i < n; i++) refs.add(new WeakReference<>(Time.afterFunc(Duration.ofMillis(100), ran::countDown)));
        for (int i = 0; i < 5; i++) System.gc();
        assertTrue(ran.await(60, TimeUnit.SECONDS), ran.getCount() + " of " + 2 * n + " dropped afterFuncs never ran");
    }

    /** Go: Stop called by f itself finds the timer expired (its function started) and returns false. */
    @Test
    void stopFromInsideItsOwnFunctionIsFalse() {
        AtomicReference<Boolean> r = new AtomicReference<>();
        Go.run(() -> {
            Chan<Unit> done = Chan.make();
            Timer[] t = new Timer[1];
            Chan<Unit> armed = Chan.make(1);
            t[0] = Time.afterFunc(Duration.ofMillis(5), () -> {
                armed.recv();
                r.set(t[0].stop());
                done.close();
            });
            armed.send(Unit.UNIT);
            done.recv();
        });
        assertFalse(r.get());
    }
}
