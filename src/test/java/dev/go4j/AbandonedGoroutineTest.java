package dev.go4j;

import dev.go4j.sync.Mutex;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.SocketException;
import java.nio.channels.Selector;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicBoolean;
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
 * <p>An abandoned goroutine that is woken therefore runs (on a side pool), whatever woke
 * it. Each test waits for something that only that run makes happen, and hangs into its
 * timeout if the wake-up is lost.
 */
@Timeout(120)
class AbandonedGoroutineTest {
    static final int TRIES = 20;

    static void awaitState(Thread t, Thread.State s) {
        while (t.getState() != s) Thread.onSpinWait();
    }

    static void join(Thread t) {
        ChildVirtualThreadTest.join(t);
    }

    /** From a goroutine: yields until the goroutine published in g is in state s. */
    static void awaitGoroutine(AtomicReference<Thread> g, Thread.State s) {
        while (g.get() == null || g.get().getState() != s) Thread.yield();
    }

    /** A platform thread that holds monitor until release is counted down; returned once it holds it. */
    static Thread holding(Object monitor, CountDownLatch release) throws InterruptedException {
        CountDownLatch held = new CountDownLatch(1);
        Thread t = Thread.ofPlatform().start(() -> {
            synchronized (monitor) {
                held.countDown();
                await(release);
            }
        });
        held.await();
        return t;
    }

    /** A platform thread that enters monitor once and counts it. */
    static Thread entering(Object monitor, AtomicInteger entered) {
        return Thread.ofPlatform().start(() -> {
            synchronized (monitor) {
                entered.incrementAndGet();
            }
        });
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
            CountDownLatch release = new CountDownLatch(1);
            Thread holder = holding(monitor, release);
            AtomicReference<Thread> g = new AtomicReference<>();
            Go.run(() -> {
                Go.gomaxprocs(procs);
                Go.go(() -> {
                    g.set(Thread.currentThread());
                    synchronized (monitor) {
                        entered.incrementAndGet();
                    }
                });
                awaitGoroutine(g, Thread.State.BLOCKED);
            }); // the goroutine is abandoned, blocked on the monitor
            release.countDown(); // the goroutine becomes the monitor's successor
            join(holder);
            CountDownLatch release2 = new CountDownLatch(1);
            Thread second = holding(monitor, release2);
            Thread behind = entering(monitor, entered);
            awaitState(behind, Thread.State.BLOCKED);
            release2.countDown();
            join(second);
            join(behind); // hung here before the fix
            join(g.get());
            assertEquals(2, entered.get(), "the abandoned goroutine and the thread behind it both entered");
        }
    }

    /**
     * Main releases the monitor as it returns: the goroutine's wake-up may be queued on a
     * P, or (locked to its thread) be on its way to its locked M, as the runtime ends.
     */
    @ParameterizedTest(name = "GOMAXPROCS={0} lockOSThread={1}")
    @CsvSource({"1,false", "2,false", "1,true", "2,true"})
    void aMonitorReleasedAsMainReturnsPassesOn(int procs, boolean locked) throws Exception {
        for (int i = 0; i < 5 * TRIES; i++) {
            Object monitor = new Object();
            AtomicInteger entered = new AtomicInteger();
            AtomicReference<Thread> g = new AtomicReference<>(), behind = new AtomicReference<>();
            Go.run(() -> {
                Go.gomaxprocs(procs);
                synchronized (monitor) {
                    Go.go(() -> {
                        if (locked) Go.lockOSThread();
                        g.set(Thread.currentThread());
                        synchronized (monitor) {
                            entered.incrementAndGet();
                        }
                    });
                    awaitGoroutine(g, Thread.State.BLOCKED);
                    Thread b = entering(monitor, entered);
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

    /** go4j's own Mutex wakes only its first waiter too, and marks the lock woken meanwhile. */
    @Test
    void aGo4jMutexHandedToAnAbandonedGoroutinePassesOn() throws Exception {
        for (int i = 0; i < TRIES; i++) {
            Mutex m = new Mutex();
            AtomicInteger entered = new AtomicInteger();
            m.lock(); // held by this plain thread
            AtomicReference<Thread> g = new AtomicReference<>();
            Go.run(() -> {
                Go.go(() -> {
                    g.set(Thread.currentThread());
                    m.lock();
                    entered.incrementAndGet();
                    m.unlock();
                });
                awaitGoroutine(g, Thread.State.WAITING);
            });
            Thread behind = Thread.ofPlatform().start(() -> {
                m.lock();
                entered.incrementAndGet();
                m.unlock();
            });
            awaitState(behind, Thread.State.WAITING);
            m.unlock();
            join(behind); // hung here before: the Mutex stayed marked woken for a goroutine that never ran
            join(g.get());
            assertEquals(2, entered.get());
        }
    }

    /** No value sent on a channel is lost: one sent to an abandoned receiver is received. */
    @Test
    void aValueSentToAnAbandonedGoroutineIsReceived() {
        for (int i = 0; i < TRIES; i++) {
            Chan<Integer> ch = Chan.make();
            AtomicInteger got = new AtomicInteger(-1);
            AtomicReference<Thread> g = new AtomicReference<>();
            Go.run(() -> {
                Go.go(() -> {
                    g.set(Thread.currentThread());
                    got.set(ch.recv());
                });
                awaitGoroutine(g, Thread.State.WAITING);
            });
            ch.send(i); // from this plain thread: hands the value to the parked goroutine
            join(g.get());
            assertEquals(i, got.get());
        }
    }

    /**
     * A goroutine abandoned inside Go.blocking, within a synchronized block: at GOMAXPROCS 1
     * sysmon hands its P off during the call, and after the runtime ended its return finds
     * no P and yields. That yield must run it on, or the monitor stays held.
     */
    @Test
    void aGoroutineReturningFromGoBlockingAfterTheRunRunsOn() throws Exception {
        Object monitor = new Object();
        AtomicReference<Thread> g = new AtomicReference<>();
        AtomicBoolean inCall = new AtomicBoolean(), after = new AtomicBoolean();
        CountDownLatch leave = new CountDownLatch(1);
        Go.run(() -> {
            Go.gomaxprocs(1);
            Go.go(() -> {
                g.set(Thread.currentThread());
                synchronized (monitor) {
                    try {
                        Go.blocking(() -> {
                            inCall.set(true);
                            // holds its carrier (a call the JVM cannot unmount) until the run is over
                            while (leave.getCount() > 0) Thread.onSpinWait();
                            return null;
                        });
                    } catch (Exception e) {
                        throw new AssertionError(e);
                    }
                    after.set(true);
                }
            });
            while (!inCall.get()) Thread.yield();
        });
        leave.countDown();
        synchronized (monitor) { // hung here before
            assertTrue(after.get());
        }
        join(g.get());
    }

    /** A Selector's select() holds the selector's monitor; close() wakes the selecting thread and waits for it. */
    @Test
    void aSelectorSelectedByAnAbandonedGoroutineCloses() throws Exception {
        for (int i = 0; i < TRIES; i++) {
            Selector sel = Selector.open();
            AtomicReference<Thread> g = new AtomicReference<>();
            Go.run(() -> {
                Go.go(() -> {
                    g.set(Thread.currentThread());
                    try {
                        sel.select();
                    } catch (java.io.IOException e) {
                        throw new java.io.UncheckedIOException(e);
                    }
                });
                awaitGoroutine(g, Thread.State.WAITING);
            });
            sel.close(); // hung here before
            join(g.get());
            assertFalse(sel.isOpen());
        }
    }

    /** Closing a socket a virtual thread waits on leaves the close to that thread; it must get to finish it. */
    @Test
    void aServerSocketAcceptedOnByAnAbandonedGoroutineCloses() throws Exception {
        for (int i = 0; i < TRIES; i++) {
            ServerSocket ss = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
            int port = ss.getLocalPort();
            AtomicReference<Thread> g = new AtomicReference<>();
            AtomicReference<Throwable> thrown = new AtomicReference<>();
            Go.run(() -> {
                Go.go(() -> {
                    g.set(Thread.currentThread());
                    try {
                        ss.accept();
                    } catch (Throwable e) {
                        thrown.set(e);
                    }
                });
                awaitGoroutine(g, Thread.State.WAITING);
            });
            ss.close();
            join(g.get()); // hung here before: the acceptor never ran to finish the close
            assertInstanceOf(SocketException.class, thrown.get());
            try (ServerSocket again = new ServerSocket(port, 50, InetAddress.getLoopbackAddress())) {
                assertEquals(port, again.getLocalPort()); // the port was released
            }
        }
    }

    /**
     * Goroutines that were never woken from a wait (here: started and never run, queued
     * behind main on the only P) stay abandoned: run on after main, CPU loops filled the
     * side pool and the goroutine that a send woke never ran (CI, on one CPU).
     */
    @Test
    void abandonedLoopsDoNotRunOnAndStarveAWokenGoroutine() {
        AtomicBoolean stop = new AtomicBoolean();
        try {
            for (int i = 0; i < TRIES / 4; i++) {
                Chan<Integer> ch = Chan.make();
                AtomicInteger got = new AtomicInteger(-1);
                AtomicReference<Thread> g = new AtomicReference<>();
                Go.run(() -> {
                    Go.gomaxprocs(1);
                    Go.go(() -> {
                        g.set(Thread.currentThread());
                        got.set(ch.recv());
                    });
                    awaitGoroutine(g, Thread.State.WAITING);
                    for (int k = 0; k < 2 * Runtime.getRuntime().availableProcessors() + 2; k++) {
                        Go.go(() -> {
                            while (!stop.get()) Thread.onSpinWait();
                        });
                    }
                }); // the loops are queued, not started: main kept the only P
                ch.send(i);
                join(g.get()); // hung here when the loops were run on after the run
                assertEquals(i, got.get());
            }
        } finally {
            stop.set(true);
        }
    }

    /** An abandoned goroutine woken after the run that then throws is reported, not lost. */
    @ParameterizedTest(name = "run ended by a panic: {0}")
    @ValueSource(booleans = {false, true})
    void aPanicAfterTheRunIsReported(boolean runPanicked) {
        Thread.UncaughtExceptionHandler saved = Thread.getDefaultUncaughtExceptionHandler();
        AtomicReference<Throwable> reported = new AtomicReference<>();
        AtomicReference<Thread> reportedFor = new AtomicReference<>();
        Thread.setDefaultUncaughtExceptionHandler((t, e) -> {
            reportedFor.set(t);
            reported.set(e);
        });
        try {
            Chan<Integer> ch = Chan.make();
            AtomicReference<Thread> g = new AtomicReference<>();
            Runnable main = () -> {
                Go.go(() -> {
                    g.set(Thread.currentThread());
                    throw new IllegalStateException("after the run: " + ch.recv());
                });
                awaitGoroutine(g, Thread.State.WAITING);
                if (runPanicked) throw new IllegalArgumentException("main's own panic");
            };
            if (runPanicked) {
                GoroutinePanic p = assertThrows(GoroutinePanic.class, () -> Go.run(main));
                assertEquals("main's own panic", p.getCause().getMessage());
                assertNull(reported.get()); // the run's own panic went to Go.run's caller
            } else {
                Go.run(main);
            }
            ch.send(42);
            join(g.get());
            assertEquals("after the run: 42", reported.get() == null ? null : reported.get().getMessage());
            assertSame(g.get(), reportedFor.get());
        } finally {
            Thread.setDefaultUncaughtExceptionHandler(saved);
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
