package dev.go4j.time;

import dev.go4j.Chan;
import dev.go4j.Go;
import dev.go4j.Receiver;
import dev.go4j.Select;
import dev.go4j.internal.sched.DefaultRuntime;
import dev.go4j.internal.sched.P;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.lang.ref.WeakReference;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import static org.junit.jupiter.api.Assertions.*;

/** Ports of the timer semantics of Go's src/time/sleep_test.go and tick_test.go. */
@Timeout(60)
class TimeTest {
    private static final Duration MS = Duration.ofMillis(1);

    private static Duration ms(long n) { return Duration.ofMillis(n); }

    // ------------------------------------------------------------------ sleep, after

    @Test
    void sleepLastsAtLeastItsDuration() {
        // TestSleep
        Go.run(() -> {
            for (int i = 0; i < 10; i++) {
                long t0 = System.nanoTime();
                Time.sleep(ms(10));
                assertTrue(System.nanoTime() - t0 >= 10_000_000L);
            }
            Time.sleep(Duration.ZERO);
            Time.sleep(ms(-5));
        });
        long t0 = System.nanoTime();
        Time.sleep(ms(10));
        assertTrue(System.nanoTime() - t0 >= 10_000_000L, "plain thread");
    }

    @Test
    void afterLastsAtLeastItsDurationAndSendsTheTime() {
        // TestAfter
        Go.run(() -> {
            Instant before = Instant.now();
            long t0 = System.nanoTime();
            Instant v = Time.after(ms(20)).recv();
            assertTrue(System.nanoTime() - t0 >= 20_000_000L);
            assertNotNull(v);
            assertFalse(v.isBefore(before.plus(ms(19))), "the time the timer was due");
        });
        long t0 = System.nanoTime();
        assertNotNull(Time.after(ms(10)).recv());
        assertTrue(System.nanoTime() - t0 >= 10_000_000L, "plain thread");
    }

    @Test
    void afterQueuingFiresInDeadlineOrder() {
        // TestAfterQueuing: Go retries because of noisy machines; so do we.
        int[] slots = {5, 3, 6, 6, 6, 1, 1, 2, 7, 9, 4, 8, 0};
        String last = null;
        for (int attempt = 0; attempt < 4; attempt++) {
            last = afterQueuing(slots, Duration.ofMillis(25 * (attempt + 1)));
            if (last == null) return;
        }
        fail(last);
    }

    private static String afterQueuing(int[] slots, Duration delta) {
        StringBuilder err = new StringBuilder();
        Go.run(() -> {
            Chan<Integer> result = Chan.make(slots.length);
            for (int slot : slots) {
                Go.go(() -> {
                    Time.after(delta.multipliedBy(slot)).recv();
                    result.send(slot);
                });
            }
            int prev = -1;
            for (int i = 0; i < slots.length; i++) {
                int s = result.recv();
                if (s < prev) {
                    err.append("after slot ").append(prev).append(", expected >= but got ").append(s);
                    return;
                }
                prev = s;
            }
        });
        return err.isEmpty() ? null : err.toString();
    }

    // ------------------------------------------------------------------ Go 1.23 channel semantics

    @Test
    void timerChannelsAreSynchronous() {
        Go.run(() -> {
            Timer t = Time.newTimer(MS);
            assertEquals(0, t.c().cap());
            Time.sleep(ms(10));
            assertEquals(0, t.c().len(), "a fired, unreceived value is not visible in len");
            assertNotNull(t.c().recv());
            Ticker tk = Time.newTicker(MS);
            assertEquals(0, tk.c().cap());
            tk.stop();
        });
    }

    @Test
    void stopAfterExpiryButBeforeReceiveReturnsTrueAndDropsTheValue() {
        // Go 1.23: with a synchronous channel an unreceived value counts as not delivered.
        Go.run(() -> {
            Timer t = Time.newTimer(MS);
            Time.sleep(ms(10));
            assertTrue(t.stop());
            assertNull(t.c().tryRecv());
            assertFalse(t.stop());
            // received first: the timer has expired, stop reports false
            Timer u = Time.newTimer(MS);
            assertNotNull(u.c().recv());
            assertFalse(u.stop());
            // the old "if !t.Stop() { <-t.C }" idiom never blocks
            Timer w = Time.newTimer(Duration.ZERO);
            if (!w.stop()) w.c().recv();
        });
    }

    @Test
    void stopAndResetNeverLetAStaleValueThrough() {
        // The race of Stop/Reset against the firing M, many times: after either returns,
        // nothing from before may be received.
        AtomicInteger stoppedTrue = new AtomicInteger();
        Go.run(() -> {
            Random rnd = new Random(42);
            for (int i = 0; i < 3000; i++) {
                Timer t = Time.newTimer(Duration.ofNanos(rnd.nextInt(50_000)));
                long spin = System.nanoTime() + rnd.nextInt(60_000);
                while (System.nanoTime() < spin) Thread.onSpinWait();
                if (t.stop()) stoppedTrue.incrementAndGet();
                assertNull(t.c().tryRecv(), "stale value after stop, iteration " + i);
                t.reset(Duration.ofHours(1));
                assertNull(t.c().tryRecv(), "stale value after reset, iteration " + i);
                assertTrue(t.stop());
            }
            for (int i = 0; i < 3000; i++) {
                Timer t = Time.newTimer(Duration.ofNanos(rnd.nextInt(50_000)));
                long spin = System.nanoTime() + rnd.nextInt(60_000);
                while (System.nanoTime() < spin) Thread.onSpinWait();
                t.reset(Duration.ofHours(1));
                assertNull(t.c().tryRecv(), "stale value after reset, iteration " + i);
                assertTrue(t.stop(), "reset armed it again");
            }
            // Tickers: nothing after stop either.
            for (int i = 0; i < 300; i++) {
                Ticker tk = Time.newTicker(Duration.ofNanos(10_000 + rnd.nextInt(20_000)));
                long spin = System.nanoTime() + rnd.nextInt(100_000);
                while (System.nanoTime() < spin) Thread.onSpinWait();
                tk.stop();
                assertNull(tk.c().tryRecv(), "stale tick after stop, iteration " + i);
            }
        });
        assertTrue(stoppedTrue.get() > 0);
    }

    @Test
    void stopAfterReceivingReportsExpiredEvenRightAfterTheSend() {
        // The receiver may run before the firing M has finished its send bookkeeping.
        Go.run(() -> {
            Random rnd = new Random(5);
            for (int i = 0; i < 2000; i++) {
                Timer t = Time.newTimer(Duration.ofNanos(rnd.nextInt(20_000)));
                assertNotNull(t.c().recv());
                if (i % 2 == 0) assertFalse(t.stop(), "iteration " + i);
                else assertFalse(t.reset(Duration.ofHours(1)), "iteration " + i);
                t.stop();
            }
        });
    }

    @Test
    void resetReportsWhetherTheTimerWasActive() {
        Go.run(() -> {
            Timer t = Time.newTimer(Duration.ofHours(1));
            assertTrue(t.reset(ms(5)), "was active");
            t.c().recv();
            long t0 = System.nanoTime(); // before the reset: the deadline is relative to it
            assertFalse(t.reset(ms(5)), "expired and received");
            t.c().recv();
            assertTrue(System.nanoTime() - t0 >= 5_000_000L);
            assertFalse(t.stop());
            assertFalse(t.reset(Duration.ofHours(1)), "stopped");
            assertTrue(t.stop());
        });
    }

    @Test
    void resetToNegativeFiresAtOnceAndHugeNeverFires() {
        Go.run(() -> {
            Timer t = Time.newTimer(Duration.ofHours(1));
            t.reset(ms(-10));
            assertNotNull(t.c().recv());
            assertNotNull(Time.after(Duration.ofSeconds(-1)).recv());
            Timer never = Time.newTimer(Duration.ofNanos(Long.MAX_VALUE));
            Timer never2 = Time.newTimer(Duration.ofSeconds(Long.MAX_VALUE));
            Receiver<Instant> a = Time.after(Duration.ofNanos(Long.MAX_VALUE));
            Time.sleep(ms(10));
            assertNull(never.c().tryRecv());
            assertNull(a.tryRecv());
            assertTrue(never.stop(), "still pending");
            assertTrue(never2.stop(), "still pending");
        });
    }

    // ------------------------------------------------------------------ afterFunc

    @Test
    void afterFuncRunsOnceInItsOwnGoroutine() {
        // TestAfterFunc
        AtomicInteger runs = new AtomicInteger();
        AtomicLong goid = new AtomicLong();
        Go.run(() -> {
            Chan<Boolean> done = Chan.make();
            Timer t = Time.afterFunc(ms(2), () -> {
                goid.set(Go.goid());
                runs.incrementAndGet();
                done.send(true);
            });
            assertSame(Chan.nil(), t.c(), "afterFunc timer: Go's t.C is nil");
            done.recv();
            Time.sleep(ms(20));
            assertFalse(t.stop(), "already ran");
            // reset schedules f again
            assertFalse(t.reset(ms(1)));
            done.recv();
        });
        assertEquals(2, runs.get());
        assertTrue(goid.get() > 1);
    }

    @Test
    void stoppedAfterFuncNeverRuns() {
        AtomicInteger runs = new AtomicInteger();
        Go.run(() -> {
            List<Timer> ts = new ArrayList<>();
            for (int i = 0; i < 100; i++) ts.add(Time.afterFunc(ms(20), runs::incrementAndGet));
            for (Timer t : ts) assertTrue(t.stop());
            Time.sleep(ms(40));
        });
        assertEquals(0, runs.get());
    }

    @Test
    void afterFuncFromAPlainThreadRunsOnTheDefaultRuntime() throws InterruptedException {
        var latch = new CountDownLatch(1);
        AtomicLong goid = new AtomicLong();
        Time.afterFunc(ms(2), () -> {
            goid.set(Go.goid());
            latch.countDown();
        });
        assertTrue(latch.await(30, TimeUnit.SECONDS));
        assertTrue(goid.get() > 0, "ran in a goroutine");
    }

    @Test
    void afterFuncRacingStopRunsAtMostOnce() {
        AtomicInteger runs = new AtomicInteger();
        AtomicInteger stopped = new AtomicInteger();
        int n = 2000;
        Go.run(() -> {
            Random rnd = new Random(7);
            for (int i = 0; i < n; i++) {
                Timer t = Time.afterFunc(Duration.ofNanos(rnd.nextInt(30_000)), runs::incrementAndGet);
                long spin = System.nanoTime() + rnd.nextInt(30_000);
                while (System.nanoTime() < spin) Thread.onSpinWait();
                if (t.stop()) stopped.incrementAndGet();
            }
            while (runs.get() + stopped.get() < n) Time.sleep(MS);
        });
        assertEquals(n, runs.get() + stopped.get(), "each timer either ran or was stopped");
    }

    // ------------------------------------------------------------------ tickers

    @Test
    void tickerTicksAndAStoppedTickerSendsNoMore() {
        // TestTicker / TestTickerStopWithDirectInitialization
        Go.run(() -> {
            long t0 = System.nanoTime(); // before the ticker starts: tick k comes k periods after
            Ticker tk = Time.newTicker(ms(2));
            for (int i = 0; i < 5; i++) assertNotNull(tk.c().recv());
            assertTrue(System.nanoTime() - t0 >= 10_000_000L, "the fifth tick comes five periods after the start");
            tk.stop();
            assertNull(tk.c().tryRecv());
            Time.sleep(ms(20));
            assertNull(tk.c().tryRecv(), "stopped ticker ticked");
            // reset on a stopped ticker starts it again
            tk.reset(ms(1));
            assertNotNull(tk.c().recv());
            tk.stop();
        });
    }

    @Test
    void tickerDropsTicksForASlowReceiver() {
        Go.run(() -> {
            Ticker tk = Time.newTicker(ms(5));
            Time.sleep(ms(100));
            int got = 0;
            while (tk.c().tryRecv() != null) got++;
            tk.stop();
            assertTrue(got >= 1 && got <= 2, "a backlog of " + got + " ticks");
        });
    }

    @Test
    void tickAndNewTickerRefuseNonPositive() {
        assertSame(Chan.nil(), Time.tick(Duration.ZERO));
        assertSame(Chan.nil(), Time.tick(ms(-1)));
        var e = assertThrows(IllegalArgumentException.class, () -> Time.newTicker(Duration.ZERO));
        assertTrue(e.getMessage().contains("PT0S"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> Time.newTicker(ms(-3)));
        assertTrue(e.getMessage().contains("-0.003"), e.getMessage());
        Ticker tk = Time.newTicker(Duration.ofHours(1));
        assertThrows(IllegalArgumentException.class, () -> tk.reset(Duration.ZERO));
        tk.stop();
        assertThrows(NullPointerException.class, () -> Time.newTimer(null));
    }

    @Test
    void tickChannelTicks() {
        Go.run(() -> {
            Receiver<Instant> c = Time.tick(MS);
            for (int i = 0; i < 3; i++) assertNotNull(c.recv());
        });
    }

    // ------------------------------------------------------------------ select, plain threads, procs

    @Test
    void timersInSelect() {
        Go.run(() -> {
            Chan<Integer> never = Chan.make();
            long t0 = System.nanoTime();
            int i = Select.select(Select.recv(never), Select.recv(Time.after(ms(10))));
            assertEquals(1, i);
            assertTrue(System.nanoTime() - t0 >= 10_000_000L);
        });
    }

    @Test
    void timersFromPlainThreads() throws InterruptedException {
        int n = 8;
        var ok = new AtomicInteger();
        List<Thread> ts = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            ts.add(Thread.ofPlatform().start(() -> {
                Timer t = Time.newTimer(ms(5));
                Timer s = Time.newTimer(Duration.ofHours(1));
                Ticker tk = Time.newTicker(ms(2));
                if (t.c().recv() != null && tk.c().recv() != null && s.stop()) ok.incrementAndGet();
                tk.stop();
            }));
        }
        for (Thread t : ts) t.join();
        assertEquals(n, ok.get());
    }

    @Test
    void timersSurviveGomaxprocsShrink() {
        int n = 300;
        AtomicInteger fired = new AtomicInteger();
        Go.run(() -> {
            Go.gomaxprocs(4);
            Chan<Boolean> done = Chan.make(n);
            var armed = new CountDownLatch(n);
            for (int i = 0; i < n; i++) {
                Go.go(() -> {
                    Receiver<Instant> c = Time.after(ms(30));
                    armed.countDown();
                    c.recv();
                    fired.incrementAndGet();
                    done.send(true);
                });
            }
            while (armed.getCount() > 0) Time.sleep(MS);
            Go.gomaxprocs(1);
            for (int i = 0; i < n; i++) done.recv();
        });
        assertEquals(n, fired.get());
    }

    @Test
    void unreferencedTimersAreCollectedEvenIfNeverStopped() {
        // Go 1.23: an unreferenced timer or ticker is garbage even if not stopped.
        int before = 0;
        for (P p : DefaultRuntime.get().allp()) before += p.timers.size();
        List<WeakReference<Object>> refs = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            refs.add(new WeakReference<>(Time.after(Duration.ofHours(1))));
            refs.add(new WeakReference<>(Time.newTicker(Duration.ofMinutes(1)).c()));
        }
        for (int round = 0; round < 50 && refs.stream().anyMatch(r -> r.get() != null); round++) {
            System.gc();
            Time.sleep(ms(10));
        }
        assertTrue(refs.stream().allMatch(r -> r.get() == null), "timer channels collected");
        // and the runtime dropped the timers themselves at its next timer check
        Time.after(ms(1)).recv(); // makes the default runtime's M's check their heaps
        int left = Integer.MAX_VALUE;
        for (int round = 0; round < 100 && left > before; round++) {
            left = 0;
            for (P p : DefaultRuntime.get().allp()) left += p.timers.size();
            if (left > before) Time.after(ms(2)).recv();
        }
        assertTrue(left <= before, left + " timers left in the default runtime's heaps, " + before + " before");
    }

    // Found by the scheduler stress run: Time.after(d).recv() parks holding only the
    // channel's core, so the Chan wrapper the timer held weakly could be collected under
    // the blocked receiver; the timer was then dropped and the receive never returned.
    @Test
    @Timeout(value = 60, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
    void aReceiverBlockedOnAfterKeepsItsTimerThroughGc() {
        int rounds = 20;
        AtomicInteger woke = new AtomicInteger();
        Go.run(() -> {
            // compiled code is where the wrapper dies early: warm Chan.recv up first
            Chan<Integer> warm = Chan.make(1);
            for (int i = 0; i < 200_000; i++) { warm.send(i); warm.recv(); }
            for (int r = 0; r < rounds; r++) {
                Chan<Boolean> done = Chan.make(1);
                Go.go(() -> {
                    Time.after(ms(60)).recv(); // nothing else references the channel
                    woke.incrementAndGet();
                    done.send(true);
                });
                // collect while it waits, and make garbage so the wrapper is really gone
                for (int i = 0; i < 3; i++) {
                    byte[][] junk = new byte[256][];
                    for (int j = 0; j < junk.length; j++) junk[j] = new byte[1024];
                    System.gc();
                    Time.sleep(ms(5));
                }
                done.recv();
            }
        });
        assertEquals(rounds, woke.get());
    }

    // ------------------------------------------------------------------ stress ports

    /**
     * Go's TestZeroTimer (issue 44868): a zero-duration timer is never missed by the
     * scheduler, however many are made back to back; a missed one hangs the receive and
     * the test fails by its timeout. At one P the timer has only its own P to fire on.
     */
    @ParameterizedTest(name = "GOMAXPROCS {0}")
    @ValueSource(ints = {1, 2})
    void zeroTimersAreNeverMissed(int procs) {
        int n = 100_000;
        AtomicInteger got = new AtomicInteger();
        Go.run(() -> {
            Go.gomaxprocs(procs);
            for (int i = 0; i < n; i++) {
                Timer t = Time.newTimer(Duration.ZERO);
                assertNotNull(t.c().recv());
                got.incrementAndGet();
            }
        });
        assertEquals(n, got.get());
    }

    /**
     * Go's TestAfterFunc: a callback that arms the next one and then blocks does not hold up
     * the chain, because each call runs in a goroutine of its own (were they run one after
     * another on one timer goroutine, the second call could never start).
     */
    @Test
    void afterFuncCallbacksChainWhileEarlierOnesBlock() {
        int n = 10;
        AtomicInteger calls = new AtomicInteger();
        Go.run(() -> {
            Chan<Boolean> done = Chan.make();
            Chan<Boolean> release = Chan.make();
            Runnable[] f = new Runnable[1];
            f[0] = () -> {
                if (calls.incrementAndGet() < n) {
                    Time.afterFunc(Duration.ZERO, f[0]);
                    release.recv();          // blocks until the chain has ended
                } else {
                    done.send(true);
                }
            };
            Time.afterFunc(Duration.ZERO, f[0]);
            done.recv();
            release.close();
        });
        assertEquals(n, calls.get());
    }

    /**
     * Go's TestAfterStress: a 1 ns ticker keeps ticking while another goroutine forces
     * garbage collections and sleeps for 1 ns in a loop; 100 ticks arrive and the
     * collector's loop sees the stop and ends (a stranded tick or sleep hangs the test).
     * How many loops the collector makes in the meantime is the machine's business: a
     * first collection can outlast all 100 ticks.
     */
    @Test
    void tickerTicksThroughCollectionsAndTinySleeps() {
        AtomicInteger ticks = new AtomicInteger();
        Go.run(() -> {
            var stop = new java.util.concurrent.atomic.AtomicBoolean();
            Chan<Boolean> started = Chan.make();
            Chan<Boolean> stopped = Chan.make();
            Go.go(() -> {
                started.send(true);
                while (!stop.get()) {
                    System.gc();
                    Time.sleep(Duration.ofNanos(1));
                }
                stopped.send(true);
            });
            started.recv();
            Ticker tk = Time.newTicker(Duration.ofNanos(1));
            for (int i = 0; i < 100; i++) {
                assertNotNull(tk.c().recv());
                ticks.incrementAndGet();
            }
            tk.stop();
            stop.set(true);
            stopped.recv();
        });
        assertEquals(100, ticks.get());
    }

    /**
     * Go's TestSleepZeroDeadlock: {@code sleep(0)} returns at once and leaves its goroutine
     * runnable, also while collections run beside it on other P's (Go once left such a
     * goroutine waiting with nobody to wake it).
     */
    @Test
    void sleepZeroNeverStrandsItsGoroutine() {
        AtomicInteger rounds = new AtomicInteger();
        Go.run(() -> {
            Go.gomaxprocs(4);
            Chan<Boolean> c = Chan.make();
            Go.go(() -> {
                for (int i = 0; i < 20; i++) System.gc();
                c.send(true);
            });
            for (int i = 0; i < 10_000; i++) {
                Time.sleep(Duration.ZERO);
                Chan<Boolean> tmp = Chan.make(1);
                tmp.send(true);
                assertTrue(tmp.recv());
                rounds.incrementAndGet();
            }
            assertTrue(c.recv());
        });
        assertEquals(10_000, rounds.get());
    }
}
