package dev.go4j;

import dev.go4j.context.Context;
import dev.go4j.time.Ticker;
import dev.go4j.time.Time;
import dev.go4j.time.Timer;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.function.Executable;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.ReentrantLock;

import static org.junit.jupiter.api.Assertions.*;

/**
 * Timers still pending when their {@code Go.run} returns fire all the same, on the shared
 * default runtime: Go's program ends with main, but here the JVM goes on, and a plain
 * thread may wait for one of them (a context deadline, a timer channel), or for a lock
 * that a goroutine asleep in {@code Time.sleep} holds. Before, they stayed in the ended
 * runtime's heaps, which nothing runs, and those waits never ended. Such orphans keep no
 * later run alive (a deadlock beside one is reported at once), except one sure to wake a
 * goroutine of that run: a timer channel it is blocked on, a context deadline it waits for.
 */
@Timeout(60)
class EndedRunTimersTest {

    private static final Duration SOON = Duration.ofMillis(50);

    @RepeatedTest(3)
    void aContextDeadlineMadeInTheRunCancelsItAfterTheRun() {
        AtomicReference<Context> made = new AtomicReference<>();
        Go.run(() -> made.set(Context.withTimeout(Context.background(), SOON)));
        Context ctx = made.get();
        assertNull(ctx.err(), "the run ended before the deadline");
        fromAPlainThread(() -> ctx.done().recv());
        assertSame(Context.DEADLINE_EXCEEDED, ctx.err());
    }

    @RepeatedTest(3)
    void aGoroutineAsleepHoldingALockWhenTheRunEndsWakesAndReleasesIt() throws Exception {
        ReentrantLock lock = new ReentrantLock();
        CountDownLatch holding = new CountDownLatch(1);
        Go.run(() -> {
            Go.go(() -> {
                lock.lock();
                try {
                    holding.countDown();
                    Time.sleep(SOON);
                } finally {
                    lock.unlock();
                }
            });
            try {
                holding.await();
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        });
        fromAPlainThread(() -> {
            lock.lock();
            lock.unlock();
        });
    }

    @RepeatedTest(3)
    void aTimerChannelMadeInTheRunDeliversAfterTheRun() {
        AtomicReference<Timer> timer = new AtomicReference<>();
        AtomicReference<Ticker> ticker = new AtomicReference<>();
        Go.run(() -> {
            timer.set(Time.newTimer(SOON));
            ticker.set(Time.newTicker(Duration.ofMillis(10)));
        });
        fromAPlainThread(() -> {
            assertNotNull(timer.get().c().recv());
            Instant first = ticker.get().c().recv();
            Instant second = ticker.get().c().recv();
            assertTrue(second.isAfter(first), first + " then " + second);
        });
        assertEquals("Ticker[running]", ticker.get().toString());
        ticker.get().stop();
        assertFalse(timer.get().stop(), "the timer had fired");
    }

    @RepeatedTest(3)
    void anAfterFuncMadeInTheRunRunsAfterTheRun() {
        CountDownLatch ran = new CountDownLatch(1);
        Go.run(() -> Time.afterFunc(SOON, ran::countDown));
        fromAPlainThread(ran::await);
    }

    @Test
    void anOrphanHidesNoDeadlockOfALaterRun() {
        AtomicReference<Context> ctx = new AtomicReference<>();
        Go.run(() -> {
            Time.afterFunc(Duration.ofHours(1), () -> { });
            ctx.set(Context.withTimeout(Context.background(), Duration.ofHours(1)));
            Go.go(() -> Time.sleep(Duration.ofHours(1)));
            Parked.await(1, dev.go4j.internal.sched.WaitReason.SLEEP); // asleep when the run ends
        });
        assertALaterRunDeadlocks();
        assertNull(ctx.get().err(), "the hour is not over");
    }

    @Test
    void aTimerChannelThatOnlyAnAbandonedGoroutineWaitsOnHidesNoDeadlockOfALaterRun() {
        Ticker outside = Time.newTicker(Duration.ofHours(1)); // a plain thread's: the default runtime's
        Go.run(() -> {
            Go.go(() -> Time.after(Duration.ofHours(1)).recv()); // an orphan once the run ends
            Go.go(() -> outside.c().recv());
            Parked.await(2, dev.go4j.internal.sched.WaitReason.CHAN_RECEIVE);
        });
        try {
            assertALaterRunDeadlocks();
        } finally {
            outside.stop();
        }
    }

    @RepeatedTest(3)
    void anOrphanedTimerChannelKeepsALaterRunBlockedOnItAlive() {
        AtomicReference<Timer> timer = new AtomicReference<>();
        Go.run(() -> timer.set(Time.newTimer(SOON)));
        AtomicReference<Instant> got = new AtomicReference<>();
        Go.run(() -> got.set(timer.get().c().recv()));
        assertNotNull(got.get());
    }

    /**
     * A later run that waits only for a context deadline made in an ended run: that
     * deadline will wake it, so the run is not dead (it threw DeadlockError before).
     */
    @RepeatedTest(3)
    void anOrphanedContextDeadlineKeepsALaterRunWaitingForItAlive() {
        AtomicReference<Context> made = new AtomicReference<>();
        Go.run(() -> made.set(Context.withTimeout(Context.background(), Duration.ofMillis(100))));
        AtomicReference<Context.Error> err = new AtomicReference<>();
        Go.run(() -> {
            made.get().done().recv();
            err.set(made.get().err());
        });
        assertSame(Context.DEADLINE_EXCEEDED, err.get());
    }

    /** The same through contexts the later run derives from it, and a select. */
    @RepeatedTest(3)
    void anOrphanedContextDeadlineKeepsALaterRunWaitingOnADescendantAlive() {
        AtomicReference<Context> made = new AtomicReference<>();
        Go.run(() -> made.set(Context.withTimeout(Context.background(), Duration.ofMillis(100))));
        AtomicReference<Context.Error> err = new AtomicReference<>();
        Go.run(() -> {
            Context child = Context.withValue(Context.withCancel(Context.withCancel(made.get())), "k", "v");
            Chan<Integer> never = Chan.make();
            Select.select(Select.recv(never), Select.recv(child.done()));
            err.set(child.err());
        });
        assertSame(Context.DEADLINE_EXCEEDED, err.get());
    }

    /** Only goroutines of a live run count: one the ended run abandoned on done() does not. */
    @Test
    void anOrphanedContextDeadlineOnlyAnAbandonedGoroutineWaitsForHidesNoDeadlockOfALaterRun() {
        AtomicReference<Context.Cancelable> made = new AtomicReference<>();
        Go.run(() -> {
            made.set(Context.withTimeout(Context.background(), Duration.ofHours(1)));
            Go.go(() -> made.get().done().recv());
            Parked.await(1, dev.go4j.internal.sched.WaitReason.CHAN_RECEIVE);
        });
        try {
            assertALaterRunDeadlocks();
        } finally {
            made.get().cancel();
        }
    }

    /** A context AfterFunc below an orphaned deadline may wake anyone: it counts. */
    @RepeatedTest(3)
    void anOrphanedContextDeadlineWithAnAfterFuncKeepsALaterRunAlive() {
        AtomicReference<Context> made = new AtomicReference<>();
        Go.run(() -> made.set(Context.withTimeout(Context.background(), Duration.ofMillis(100))));
        Chan<Integer> c = Chan.make();
        AtomicReference<Integer> got = new AtomicReference<>();
        Go.run(() -> {
            Context.afterFunc(Context.withCancel(made.get()), () -> c.send(7));
            got.set(c.recv());
        });
        assertEquals(7, got.get());
    }

    /**
     * A goroutine the run left running on its M, which arms an hour-long timer only once
     * the run is over: the timer goes to the default runtime after the run's own timers
     * were moved there, and must be an orphan like them. An hour-long sleep that began
     * after main returned hid every later deadlock for an hour (1 run in 9 of this class,
     * before anOrphanHidesNoDeadlockOfALaterRun waited for its sleeper to park).
     */
    @RepeatedTest(3)
    void aTimerArmedByAGoroutineAfterItsRunEndedHidesNoDeadlockOfALaterRun() throws Exception {
        var spinning = new java.util.concurrent.atomic.AtomicBoolean();
        var armNow = new java.util.concurrent.atomic.AtomicBoolean();
        CountDownLatch armed = new CountDownLatch(1);
        AtomicReference<Timer> func = new AtomicReference<>();
        Go.run(() -> {
            Go.gomaxprocs(2); // main returns while the other goroutine computes on the second P
            Go.go(() -> {
                spinning.set(true);
                while (!armNow.get()) Thread.onSpinWait(); // no scheduling point: stays on its M
                func.set(Time.afterFunc(Duration.ofHours(1), () -> { }));
                armed.countDown();
            });
            while (!spinning.get()) Go.gosched();
        });
        armNow.set(true);
        assertTrue(armed.await(20, TimeUnit.SECONDS), "the goroutine left running went on");
        try {
            assertALaterRunDeadlocks();
        } finally {
            func.get().stop();
        }
    }

    /**
     * The same for a goroutine woken after its run ended, which runs on the side pool: an
     * hour-long afterFunc and context deadline it makes there hide no later deadlock.
     */
    @RepeatedTest(3)
    void timersArmedByAnAbandonedGoroutineOnTheSidePoolHideNoDeadlockOfALaterRun() throws Exception {
        CountDownLatch armed = new CountDownLatch(1);
        AtomicReference<Context.Cancelable> ctx = new AtomicReference<>();
        AtomicReference<Timer> func = new AtomicReference<>();
        CountDownLatch release = abandonWaiting(() -> {
            func.set(Time.afterFunc(Duration.ofHours(1), () -> { }));
            ctx.set(Context.withTimeout(Context.background(), Duration.ofHours(1)));
            armed.countDown();
        });
        release.countDown();
        assertTrue(armed.await(20, TimeUnit.SECONDS), "the abandoned goroutine ran on");
        try {
            assertALaterRunDeadlocks();
        } finally {
            func.get().stop();
            ctx.get().cancel();
        }
    }

    /**
     * A virtual thread built in a run and started after it is no goroutine (it runs on the
     * side pool, its scheduler still the builder's G): its timers are a plain thread's and
     * count, so a later run waiting for its afterFunc is alive (found by review: taken for
     * the ended builder, its timer was an orphan, and the later run got DeadlockError).
     */
    @RepeatedTest(3)
    void aThreadBuiltInAnEndedRunArmsTimersThatCount() throws Exception {
        AtomicReference<Thread> built = new AtomicReference<>();
        Chan<Integer> c = Chan.make();
        Go.run(() -> built.set(Thread.ofVirtual().unstarted(() -> Time.afterFunc(Duration.ofMillis(100), () -> c.send(7)))));
        built.get().start();
        built.get().join();
        AtomicReference<Integer> got = new AtomicReference<>();
        Go.run(() -> got.set(c.recv()));
        assertEquals(7, got.get());
    }

    /**
     * An abandoned goroutine that resets a live run's pending timer leaves it that run's
     * timer: the run waiting for it is alive (found by review: marked an orphan in the
     * run's own heap, it was skipped by the run's own check).
     */
    @RepeatedTest(3)
    void aLiveRunsTimerResetByAnAbandonedGoroutineStillCounts() throws Exception {
        AtomicReference<Timer> handed = new AtomicReference<>();
        CountDownLatch reset = new CountDownLatch(1);
        CountDownLatch release = abandonWaiting(() -> {
            handed.get().reset(Duration.ofMillis(100));
            reset.countDown();
        });
        AtomicReference<Integer> got = new AtomicReference<>();
        Go.run(() -> {
            Chan<Integer> c = Chan.make();
            handed.set(Time.afterFunc(Duration.ofHours(1), () -> c.send(7)));
            release.countDown();
            awaitUpTo20s(reset);
            got.set(c.recv());
        });
        assertEquals(7, got.get());
    }

    /**
     * The same for a plain thread's timer (in the default runtime): reset by an abandoned
     * goroutine, it stays the plain thread's and counts (found by review).
     */
    @RepeatedTest(3)
    void aPlainThreadsTimerResetByAnAbandonedGoroutineStillCounts() throws Exception {
        Chan<Integer> c = Chan.make();
        Timer t = Time.afterFunc(Duration.ofHours(1), () -> c.send(7));
        CountDownLatch reset = new CountDownLatch(1);
        CountDownLatch release = abandonWaiting(() -> {
            t.reset(Duration.ofMillis(100));
            reset.countDown();
        });
        AtomicReference<Integer> got = new AtomicReference<>();
        try {
            Go.run(() -> {
                release.countDown();
                awaitUpTo20s(reset);
                got.set(c.recv());
            });
        } finally {
            t.stop();
        }
        assertEquals(7, got.get());
    }

    /** A context AfterFunc the ended run registered is abandoned too: it keeps no later run alive. */
    @Test
    void anAfterFuncTheEndedRunRegisteredHidesNoDeadlockOfALaterRun() {
        AtomicReference<Context.Cancelable> made = new AtomicReference<>();
        Go.run(() -> {
            made.set(Context.withTimeout(Context.background(), Duration.ofHours(1)));
            Context.afterFunc(made.get(), () -> { });
        });
        try {
            assertALaterRunDeadlocks();
        } finally {
            made.get().cancel();
        }
    }

    /** A later run whose main only waits for what nobody sends is reported deadlocked. */
    private static void assertALaterRunDeadlocks() {
        Chan<Integer> never = Chan.make();
        DeadlockError e = assertThrows(DeadlockError.class, () -> Go.run(never::recv));
        assertTrue(e.getMessage().startsWith("all goroutines are asleep - deadlock!"), e.getMessage());
    }

    /**
     * Runs a Go.run that leaves one goroutine waiting on a JDK latch, and returns that
     * latch: counted down after the run, it wakes the abandoned goroutine, which runs
     * {@code then} on the side pool.
     */
    private static CountDownLatch abandonWaiting(Runnable then) {
        CountDownLatch release = new CountDownLatch(1);
        Go.run(() -> {
            CountDownLatch waiting = new CountDownLatch(1);
            Go.go(() -> {
                waiting.countDown();
                awaitUpTo20s(release);
                then.run();
            });
            awaitUpTo20s(waiting);
        });
        return release;
    }

    private static void awaitUpTo20s(CountDownLatch l) {
        try {
            assertTrue(l.await(20, TimeUnit.SECONDS), "waited 20 s");
        } catch (InterruptedException x) {
            throw new IllegalStateException(x);
        }
    }

    /** Runs body on a plain thread; fails (rather than hangs) if it has not returned in 20 s. */
    private static void fromAPlainThread(Executable body) {
        AtomicReference<Throwable> failed = new AtomicReference<>();
        Thread t = Thread.ofPlatform().daemon().start(() -> {
            try {
                body.execute();
            } catch (Throwable x) {
                failed.set(x);
            }
        });
        try {
            t.join(TimeUnit.SECONDS.toMillis(20));
        } catch (InterruptedException e) {
            throw new IllegalStateException(e);
        }
        assertFalse(t.isAlive(), "still waiting after 20 s: the timer never fired");
        if (failed.get() != null) fail(failed.get());
    }
}
