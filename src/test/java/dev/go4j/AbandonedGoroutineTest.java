package dev.go4j;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.ReentrantLock;

import static org.junit.jupiter.api.Assertions.*;

/**
 * A goroutine abandoned by {@code Go.run} while it waits in one of the JDK's queues (a
 * {@code synchronized} monitor, a {@code java.util.concurrent} lock or semaphore) must not
 * strand the threads queued behind it: those queues wake only the next in line, and a
 * wake-up the ended runtime dropped left everyone behind asleep for ever. The same
 * happened to the JDK's socket poller map (NetpollTakeoverTest hung in CI).
 *
 * <p>Each test ends with a plain thread {@code behind} that waits behind the abandoned
 * goroutine; it hangs, and the test times out, if the goroutine's wake-up is lost.
 */
@Timeout(120)
class AbandonedGoroutineTest {
    static final int TRIES = 20;

    static void awaitState(Thread t, Thread.State s) {
        while (t.getState() != s) Thread.onSpinWait();
    }

    static void join(Thread t) {
        try {
            t.join();
        } catch (InterruptedException e) {
            throw new AssertionError(e);
        }
    }

    /**
     * HotSpot's monitor exit wakes one successor and, while that successor has not run,
     * wakes nobody else. So: the goroutine is made the successor after its runtime ended,
     * then a second holder's exit must still reach the platform thread queued behind.
     */
    @ParameterizedTest
    @ValueSource(ints = {1, 2})
    void aMonitorHandedToAnAbandonedGoroutinePassesOn(int procs) throws Exception {
        for (int i = 0; i < TRIES; i++) {
            Object monitor = new Object();
            AtomicInteger entered = new AtomicInteger();
            CountDownLatch held = new CountDownLatch(1), release = new CountDownLatch(1);
            Thread holder = Thread.ofPlatform().start(() -> {
                synchronized (monitor) {
                    held.countDown();
                    await(release);
                }
            });
            held.await();
            AtomicReference<Thread> g = new AtomicReference<>();
            Go.run(() -> {
                Go.gomaxprocs(procs);
                Go.go(() -> {
                    g.set(Thread.currentThread());
                    synchronized (monitor) {
                        entered.incrementAndGet();
                    }
                });
                while (g.get() == null || g.get().getState() != Thread.State.BLOCKED) Thread.yield();
            }); // the goroutine is abandoned, blocked on the monitor
            release.countDown(); // the goroutine becomes the monitor's successor
            join(holder);
            CountDownLatch held2 = new CountDownLatch(1), release2 = new CountDownLatch(1);
            Thread second = Thread.ofPlatform().start(() -> {
                synchronized (monitor) {
                    held2.countDown();
                    await(release2);
                }
            });
            held2.await();
            Thread behind = Thread.ofPlatform().start(() -> {
                synchronized (monitor) {
                    entered.incrementAndGet();
                }
            });
            awaitState(behind, Thread.State.BLOCKED);
            release2.countDown();
            join(second);
            join(behind); // hung here before the fix
            join(g.get());
            assertEquals(2, entered.get(), "the abandoned goroutine and the thread behind it both entered");
        }
    }

    /** A goroutine abandoned while it exits the monitor's block itself: its wake-up may be queued on a P. */
    @ParameterizedTest
    @ValueSource(ints = {1, 2})
    void aMonitorReleasedAsMainReturnsPassesOn(int procs) throws Exception {
        for (int i = 0; i < 5 * TRIES; i++) {
            Object monitor = new Object();
            AtomicInteger entered = new AtomicInteger();
            AtomicReference<Thread> g = new AtomicReference<>(), behind = new AtomicReference<>();
            Go.run(() -> {
                Go.gomaxprocs(procs);
                synchronized (monitor) {
                    Go.go(() -> {
                        g.set(Thread.currentThread());
                        synchronized (monitor) {
                            entered.incrementAndGet();
                        }
                    });
                    while (g.get() == null || g.get().getState() != Thread.State.BLOCKED) Thread.yield();
                    Thread b = Thread.ofPlatform().start(() -> {
                        synchronized (monitor) {
                            entered.incrementAndGet();
                        }
                    });
                    behind.set(b);
                    while (b.getState() != Thread.State.BLOCKED) Thread.yield();
                } // the oldest waiter, the goroutine, is woken: runs now, or is queued as the runtime ends
            });
            join(behind.get());
            join(g.get());
            assertEquals(2, entered.get());
        }
    }

    /** An AQS release signals only the first queued thread; that one signals the next. */
    @ParameterizedTest
    @ValueSource(ints = {1, 2})
    void aReentrantLockHandedToAnAbandonedGoroutinePassesOn(int procs) throws Exception {
        for (int i = 0; i < TRIES; i++) {
            ReentrantLock lock = new ReentrantLock();
            AtomicInteger entered = new AtomicInteger();
            lock.lock(); // this test thread holds it
            AtomicReference<Thread> g = new AtomicReference<>();
            Go.run(() -> {
                Go.gomaxprocs(procs);
                Go.go(() -> {
                    g.set(Thread.currentThread());
                    lock.lock();
                    try {
                        entered.incrementAndGet();
                    } finally {
                        lock.unlock();
                    }
                });
                while (g.get() == null || !lock.hasQueuedThread(g.get())) Thread.yield();
            });
            Thread behind = Thread.ofPlatform().start(() -> {
                lock.lock();
                try {
                    entered.incrementAndGet();
                } finally {
                    lock.unlock();
                }
            });
            while (!lock.hasQueuedThread(behind)) Thread.onSpinWait();
            lock.unlock(); // signals the goroutine, first in the queue
            join(behind); // hung here before the fix
            join(g.get());
            assertEquals(2, entered.get());
            assertFalse(lock.isLocked());
        }
    }

    /** Shared mode: a semaphore's permits go to the first waiter, which propagates to the next. */
    @Test
    void semaphorePermitsPassAnAbandonedGoroutine() throws Exception {
        for (int i = 0; i < TRIES; i++) {
            Semaphore sem = new Semaphore(0, true);
            AtomicInteger acquired = new AtomicInteger();
            AtomicReference<Thread> g = new AtomicReference<>();
            Go.run(() -> {
                Go.go(() -> {
                    g.set(Thread.currentThread());
                    sem.acquireUninterruptibly();
                    acquired.incrementAndGet();
                });
                while (g.get() == null || !sem.hasQueuedThreads()) Thread.yield();
            });
            Thread behind = Thread.ofPlatform().start(() -> {
                sem.acquireUninterruptibly();
                acquired.incrementAndGet();
            });
            while (sem.getQueueLength() < 2) Thread.onSpinWait();
            sem.release(2);
            join(behind);
            join(g.get());
            assertEquals(2, acquired.get());
            assertEquals(0, sem.availablePermits());
        }
    }

    private static void await(CountDownLatch l) {
        try {
            l.await();
        } catch (InterruptedException e) {
            throw new AssertionError(e);
        }
    }
}
