package dev.go4j.sync;

import dev.go4j.Go;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.*;

/** Behaviours of Go's src/sync/cond_test.go. */
@Timeout(60)
class CondTest {

    /** Go's TestCondSignal: each signal wakes exactly one waiter. */
    @Test
    void signalWakesExactlyOne() {
        GoRun.run(() -> {
            var m = new Mutex();
            var c = new Cond(m);
            int n = 20;
            var running = new AtomicInteger();
            var awake = new AtomicInteger();
            var wg = new WaitGroup();
            for (int i = 0; i < n; i++) {
                wg.go(() -> {
                    m.lock();
                    running.incrementAndGet();
                    c.await();
                    awake.incrementAndGet();
                    m.unlock();
                });
            }
            while (running.get() != n) Go.gosched();
            // Each has its ticket (taken under m before unlocking); make sure all are parked.
            while (c.parked() != n) Go.gosched();
            assertEquals(0, awake.get());
            for (int i = 1; i <= n; i++) {
                m.lock();
                c.signal();
                m.unlock();
                int expect = i;
                while (awake.get() < expect) Go.gosched();
                assertEquals(expect, awake.get(), "signal woke more than one");
                assertEquals(n - expect, c.parked());
            }
            wg.await();
            c.signal(); // signal with no waiters is a no-op
        });
    }

    /** Go's TestCondSignalGenerations: signals wake waiters in the order they started waiting. */
    @Test
    void signalGenerationsFifo() {
        GoRun.run(() -> {
            var m = new Mutex();
            var c = new Cond(m);
            int n = 100;
            var order = new ArrayList<Integer>();
            var running = new AtomicInteger();
            var wg = new WaitGroup();
            for (int i = 0; i < n; i++) {
                int id = i;
                wg.go(() -> {
                    m.lock();
                    running.incrementAndGet();
                    c.await();
                    order.add(id);
                    m.unlock();
                });
                while (running.get() != i + 1) Go.gosched(); // i holds ticket i
            }
            for (int i = 0; i < n; i++) {
                c.signal();
                int expect = i + 1;
                while (true) {
                    m.lock();
                    int sz = order.size();
                    m.unlock();
                    if (sz == expect) break;
                    Go.gosched();
                }
            }
            wg.await();
            for (int i = 0; i < n; i++) assertEquals(i, order.get(i));
        });
    }

    /** Go's TestCondBroadcast: each broadcast wakes every current waiter, not later ones. */
    @Test
    void broadcastWakesAll() {
        GoRun.run(() -> {
            var m = new Mutex();
            var c = new Cond(m);
            int n = 200;
            int rounds = 5;
            var exited = new AtomicInteger();
            var waiting = new AtomicInteger();
            var generation = new int[1];
            var wg = new WaitGroup();
            for (int i = 0; i < n; i++) {
                wg.go(() -> {
                    m.lock();
                    for (int r = 0; r < rounds; r++) {
                        int gen = generation[0];
                        waiting.incrementAndGet();
                        while (generation[0] == gen) c.await();
                    }
                    exited.incrementAndGet();
                    m.unlock();
                });
            }
            for (int r = 0; r < rounds; r++) {
                int expect = (r + 1) * n;
                while (true) {
                    m.lock();
                    boolean all = waiting.get() == expect;
                    if (all) {
                        assertEquals(0, exited.get());
                        generation[0]++;
                        c.broadcast();
                        m.unlock();
                        break;
                    }
                    m.unlock();
                    Go.gosched();
                }
            }
            wg.await();
            assertEquals(n, exited.get());
            assertEquals(0, c.parked());
        });
    }

    /**
     * Go's TestCondSignalStealing: a broadcast racing with a new waiter must wake the old
     * waiter; the new waiter may or may not get it.
     */
    @RepeatedTest(1)
    void signalNotStolen() {
        GoRun.run(() -> {
            for (int iter = 0; iter < 300; iter++) {
                var m = new Mutex();
                var c = new Cond(m);
                var firstWaiting = new WaitGroup();
                firstWaiting.add(1);
                var firstDone = new WaitGroup();
                firstDone.go(() -> {
                    m.lock();
                    firstWaiting.done();
                    c.await();
                    m.unlock();
                });
                firstWaiting.await();
                m.lock();
                m.unlock(); // the first waiter is inside await now (it held m until it took a ticket)
                var done = new boolean[1];
                var others = new WaitGroup();
                others.go(c::broadcast);
                others.go(() -> {
                    m.lock();
                    while (!done[0]) c.await();
                    m.unlock();
                });
                firstDone.await(); // the first waiter must be woken by that broadcast
                m.lock();
                done[0] = true;
                m.unlock();
                c.broadcast();
                others.await();
            }
        });
    }

    /** A signal sent between taking a ticket and sleeping is kept for that ticket. */
    @Test
    void signalBeforeSleepIsNotLost() {
        var m = new Mutex();
        var c = new Cond(m);
        m.lock();
        // Emulate a waiter that took its ticket and was signalled before it parked:
        // await() takes the ticket, unlocks and parks; the signal from another thread
        // between those steps must not be lost. Drive it from a plain thread.
        var woke = new AtomicInteger();
        Thread t = Thread.ofPlatform().start(() -> {
            m.lock();
            c.signal();
            m.unlock();
        });
        c.await(); // unlocks m, so t can signal; returns holding m
        woke.incrementAndGet();
        m.unlock();
        try { t.join(); } catch (InterruptedException e) { throw new AssertionError(e); }
        assertEquals(1, woke.get());
    }

    @Test
    void condWithPlainThreadsAndRWMutexReadLocker() throws Exception {
        var rw = new RWMutex();
        var c = new Cond(rw.rLocker());
        var ready = new AtomicInteger();
        var flag = new boolean[] {false};
        List<Thread> ts = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            ts.add(Thread.ofPlatform().start(() -> {
                rw.rLock();
                ready.incrementAndGet();
                while (!readFlag(rw, flag)) c.await();
                rw.rUnlock();
            }));
        }
        while (ready.get() != 4) Thread.onSpinWait();
        rw.lock();
        flag[0] = true;
        rw.unlock();
        c.broadcast();
        for (Thread t : ts) t.join();
        assertTrue(flag[0]);
    }

    /**
     * await without the lock throws (Go's fatal "unlock of unlocked mutex" is an exception
     * here) after taking a ticket. That ticket is given up, so the next signal still wakes
     * the waiter after it instead of being spent on nobody (found by review: the waiter
     * slept on). Both kinds of caller, several misuses before the real wait.
     */
    @Test
    void aMisusedAwaitDoesNotSwallowTheNextSignal() throws Exception {
        for (boolean fromGoroutine : new boolean[] {false, true}) {
            var m = new Mutex();
            var c = new Cond(m);
            for (int i = 0; i < 3; i++) {
                var e = assertThrows(IllegalStateException.class, c::await);
                assertTrue(e.getMessage().contains("unlock of unlocked mutex"), e.getMessage());
            }
            var woke = new java.util.concurrent.CountDownLatch(1);
            Runnable waiter = () -> {
                m.lock();
                c.await();
                m.unlock();
                woke.countDown();
            };
            if (fromGoroutine) Go.go(waiter); else Thread.ofPlatform().daemon().start(waiter);
            while (c.parked() != 1) Thread.onSpinWait();
            c.signal();
            woke.await(); // hangs (the test's timeout) if the signal went to a given-up ticket
            assertEquals(0, c.parked());
        }
    }

    private static boolean readFlag(RWMutex rw, boolean[] flag) {
        return flag[0]; // caller holds the read lock
    }

    /**
     * Go's TestRace, run for many rounds: three parties pass x from 1 to 3 under the cond's
     * mutex. The first sets 1 and waits; the second turns 1 into 2 and signals; the third,
     * if it sees 2, waits too, and must then be woken by the first's signal after it set 3
     * (the signal goes to the oldest waiter, and the first has already been woken). Each
     * party checks the value it wakes to, and every round ends (a lost wake-up would hang).
     */
    private static void raceRound(java.util.function.Consumer<Runnable> start, Runnable yield, int round) {
        var m = new Mutex();
        var c = new Cond(m);
        int[] x = {0}; // guarded by m
        var wrong = new java.util.concurrent.ConcurrentLinkedQueue<String>();
        var done = new java.util.concurrent.CountDownLatch(3);
        start.accept(() -> {
            m.lock();
            x[0] = 1;
            c.await();
            if (x[0] != 2) wrong.add("first woke to " + x[0] + ", want 2");
            x[0] = 3;
            c.signal();
            m.unlock();
            done.countDown();
        });
        start.accept(() -> {
            m.lock();
            while (x[0] != 1) {
                m.unlock();
                yield.run();
                m.lock();
            }
            x[0] = 2;
            c.signal();
            m.unlock();
            done.countDown();
        });
        start.accept(() -> {
            m.lock();
            for (;;) {
                if (x[0] == 2) {
                    c.await();
                    if (x[0] != 3) wrong.add("third woke to " + x[0] + ", want 3");
                    break;
                }
                if (x[0] == 3) break;
                m.unlock();
                yield.run();
                m.lock();
            }
            m.unlock();
            done.countDown();
        });
        while (done.getCount() != 0) yield.run();
        assertEquals(List.of(), List.copyOf(wrong), "round " + round);
    }

    @ParameterizedTest(name = "GOMAXPROCS {0} (0: default)")
    @ValueSource(ints = {0, 1})
    void raceGoroutines(int procs) {
        GoRun.run(procs, () -> {
            for (int i = 0; i < 1000; i++) raceRound(Go::go, Go::gosched, i);
        });
    }

    /** TestRace with plain threads as the three parties (README: sync works from them too). */
    @Test
    void racePlainThreads() {
        for (int i = 0; i < 200; i++) raceRound(r -> Thread.ofPlatform().start(r), Thread::yield, i);
    }
}
