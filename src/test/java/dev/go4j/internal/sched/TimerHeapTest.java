package dev.go4j.internal.sched;

import dev.go4j.Go;
import dev.go4j.internal.time.FuncTimer;
import dev.go4j.internal.time.SleepTimer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import static org.junit.jupiter.api.Assertions.*;

/** The per-P timer heaps and their scheduler integration, below the public time API. */
class TimerHeapTest {
    /** A timer that records its firing order. */
    private static final class Recorder extends RuntimeTimer {
        final int id;
        final ConcurrentLinkedQueue<Integer> out;
        final CountDownLatch latch;

        Recorder(int id, ConcurrentLinkedQueue<Integer> out, CountDownLatch latch) {
            super(false);
            this.id = id;
            this.out = out;
            this.latch = latch;
        }

        @Override
        protected void fire(Sched sched, long seq, long delay) {
            out.add(id);
            latch.countDown();
        }
    }

    @Test
    @Timeout(30)
    void heapOrdersManyTimersByDeadline() {
        // Drive one heap by hand: add in random order, fire with a "now" past all of them.
        Sched s = new Sched(false, 1);
        TimerHeap h = s.allp[0].timers;
        var out = new ConcurrentLinkedQueue<Integer>();
        int n = 2000;
        List<Integer> ids = new ArrayList<>();
        for (int i = 0; i < n; i++) ids.add(i);
        Collections.shuffle(ids, new Random(1));
        long base = System.nanoTime() + 1_000_000_000_000L;
        List<Recorder> ts = new ArrayList<>();
        for (int id : ids) {
            Recorder r = new Recorder(id, out, new CountDownLatch(1));
            ts.add(r);
            h.lock();
            r.lock();
            r.when = base + id * 1000L;
            h.addLocked(r);
            r.unlock();
            h.unlock();
        }
        assertEquals(n, h.len());
        assertEquals(base, h.wakeTime());
        // stop every third timer: it is removed at once
        int stopped = 0;
        for (Recorder r : ts) {
            if (r.id % 3 == 0) {
                assertTrue(r.stop());
                assertFalse(r.stop());
                stopped++;
            }
        }
        assertEquals(n - stopped, h.len());
        assertEquals(0, h.check(base - 1) == 0 ? 1 : 0, "nothing due yet");
        assertEquals(0, out.size());
        assertEquals(0, h.check(base + n * 1000L));
        List<Integer> fired = new ArrayList<>(out);
        assertEquals(n - stopped, fired.size());
        for (int i = 1; i < fired.size(); i++) assertTrue(fired.get(i - 1) < fired.get(i), "order at " + i);
        for (int id : fired) assertNotEquals(0, id % 3);
        assertEquals(0, h.len());
        assertEquals(0, h.wakeTime());
    }

    @Test
    @Timeout(60)
    void timersFireInDeadlineOrderInARuntime() {
        // Go's TestAfterQueuing idea: timers fire in deadline order however they were added.
        int n = 40;
        var out = new ConcurrentLinkedQueue<Integer>();
        var latch = new CountDownLatch(n);
        Go.run(() -> {
            // One P: with two, a thief M runs due timers of the other P's heap concurrently
            // with its owner, and an OS-descheduled M (a loaded CI machine) can then let a
            // later timer's function run first. The order promised is the heap's.
            Go.gomaxprocs(1);
            long base = System.nanoTime() + 50_000_000L;
            List<Integer> ids = new ArrayList<>();
            for (int i = 0; i < n; i++) ids.add(i);
            Collections.shuffle(ids, new Random(2));
            for (int id : ids) new Recorder(id, out, latch).reset(base + id * 5_000_000L, 0);
            SleepTimer.sleep(base + n * 5_000_000L - System.nanoTime());
            try {
                assertTrue(latch.await(10, TimeUnit.SECONDS));
            } catch (InterruptedException e) {
                throw new AssertionError(e);
            }
        });
        List<Integer> fired = new ArrayList<>(out);
        assertEquals(n, fired.size());
        for (int i = 1; i < n; i++) assertTrue(fired.get(i - 1) < fired.get(i), "order: " + fired);
    }

    @Test
    @Timeout(60)
    void sleepLastsAtLeastItsDurationAndParksWithReasonSleep() {
        AtomicReference<String> reason = new AtomicReference<>();
        Go.run(() -> {
            G main = G.current();
            Go.go(() -> {
                // watch main from another goroutine while it sleeps
                while (main.status() != GStatus.WAITING) Thread.onSpinWait();
                reason.set(main.waitReason().text());
            });
            for (int i = 0; i < 20; i++) {
                long t0 = System.nanoTime();
                SleepTimer.sleep(5_000_000L);
                assertTrue(System.nanoTime() - t0 >= 5_000_000L);
            }
        });
        assertEquals("sleep", reason.get());
    }

    @Test
    @Timeout(60)
    void manySleepersAllWake() {
        int n = 5000;
        AtomicInteger woke = new AtomicInteger();
        Go.run(() -> {
            var done = new CountDownLatch(n);
            Random rnd = new Random(3);
            for (int i = 0; i < n; i++) {
                long d = 1_000_000L + rnd.nextInt(20_000_000);
                Go.go(() -> {
                    long t0 = System.nanoTime();
                    SleepTimer.sleep(d);
                    if (System.nanoTime() - t0 >= d) woke.incrementAndGet();
                    done.countDown();
                });
            }
            SleepTimer.sleep(25_000_000L);
            while (done.getCount() > 0) SleepTimer.sleep(1_000_000L);
        });
        assertEquals(n, woke.get());
    }

    @Test
    @Timeout(60)
    void afterFuncTimerStartsAGoroutineOnceAndStopCancels() {
        AtomicInteger ran = new AtomicInteger();
        AtomicInteger cancelledRan = new AtomicInteger();
        AtomicReference<Long> goid = new AtomicReference<>();
        Go.run(() -> {
            var f = new FuncTimer(() -> {
                goid.set(Go.goid());
                ran.incrementAndGet();
            });
            f.reset(RuntimeTimer.when(1_000_000L), 0);
            var g = new FuncTimer(cancelledRan::incrementAndGet);
            g.reset(RuntimeTimer.when(1_000_000_000L), 0);
            assertTrue(g.stop());
            assertFalse(g.stop());
            SleepTimer.sleep(20_000_000L);
            while (ran.get() == 0) SleepTimer.sleep(1_000_000L);
            assertFalse(f.stop(), "already fired");
        });
        assertEquals(1, ran.get());
        assertEquals(0, cancelledRan.get());
        assertTrue(goid.get() > 1, "ran in its own goroutine");
    }

    @Test
    @Timeout(60)
    void sleepingMainIsNoDeadlockAndTimersSurviveShrink() {
        AtomicInteger fired = new AtomicInteger();
        Go.run(() -> {
            Go.gomaxprocs(4);
            var done = new CountDownLatch(200);
            for (int i = 0; i < 200; i++) {
                Go.go(() -> {
                    // spread timers over the P's
                    new FuncTimer(() -> {
                        fired.incrementAndGet();
                        done.countDown();
                    }).reset(RuntimeTimer.when(30_000_000L), 0);
                });
            }
            SleepTimer.sleep(1_000_000L);
            Go.gomaxprocs(1);
            while (done.getCount() > 0) SleepTimer.sleep(2_000_000L);
            int live = 0;
            for (P pp : G.current().sched().allp()) live += pp.timers.size();
            assertEquals(0, live);
        });
        assertEquals(200, fired.get());
    }

    @Test
    @Timeout(30)
    void sleepFromPlainThreadBlocksAtLeastAndKeepsInterrupt() {
        long t0 = System.nanoTime();
        Thread.currentThread().interrupt();
        SleepTimer.sleep(10_000_000L);
        assertTrue(Thread.interrupted(), "interrupt status kept");
        assertTrue(System.nanoTime() - t0 >= 10_000_000L);
        SleepTimer.sleep(-5);
        SleepTimer.sleep(0);
    }

    @Test
    @Timeout(30)
    void plainThreadTimerRunsOnDefaultRuntime() throws InterruptedException {
        var latch = new CountDownLatch(1);
        var f = new FuncTimer(latch::countDown);
        f.reset(RuntimeTimer.when(5_000_000L), 0);
        assertTrue(latch.await(20, TimeUnit.SECONDS));
    }

    @Test
    void whenSaturates() {
        assertEquals(RuntimeTimer.MAX_WHEN, RuntimeTimer.when(Long.MAX_VALUE));
        long now = System.nanoTime();
        assertTrue(RuntimeTimer.when(-100) >= now);
    }
}
