package dev.go4j;

import dev.go4j.internal.carrier.CarrierAdapter;
import dev.go4j.internal.sched.Parking;
import dev.go4j.internal.sched.WaitReason;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

import static dev.go4j.Go.go;
import static org.junit.jupiter.api.Assertions.*;

/** The runtime core through the public API: dev.go4j.Go. */
@Timeout(120)
class GoTest {

    @Test
    void spawnHundredThousandEachRunsExactlyOnce() {
        int n = 100_000;
        int[] runs = new int[n];
        AtomicInteger total = new AtomicInteger();
        Go.run(() -> {
            CountDownLatch done = new CountDownLatch(n);
            for (int i = 0; i < n; i++) {
                int k = i;
                go(() -> {
                    runs[k]++; // each slot written by one goroutine only
                    total.incrementAndGet();
                    done.countDown();
                });
            }
            await(done);
        });
        assertEquals(n, total.get());
        for (int i = 0; i < n; i++) assertEquals(1, runs[i], "goroutine " + i);
    }

    @Test
    void mainIsGoroutineOneAndIdsCountUpPerRuntime() {
        for (int round = 0; round < 3; round++) {
            List<Long> ids = Collections.synchronizedList(new ArrayList<>());
            Go.run(() -> {
                ids.add(Go.goid());
                CountDownLatch done = new CountDownLatch(3);
                for (int i = 0; i < 3; i++) go(() -> { ids.add(Go.goid()); done.countDown(); });
                await(done);
            });
            assertEquals(1L, ids.get(0));
            assertEquals(Set.of(1L, 2L, 3L, 4L), Set.copyOf(ids), "a fresh runtime counts from 1 again");
        }
    }

    @Test
    void goidIsZeroOutsideGoroutines() throws Exception {
        assertEquals(0, Go.goid());
        AtomicLong onVirtual = new AtomicLong(-1);
        Thread.ofVirtual().start(() -> onVirtual.set(Go.goid())).join();
        assertEquals(0, onVirtual.get(), "a JDK virtual thread is not a goroutine");
    }

    /** Go's TestGoschedParallel idea at GOMAXPROCS 1: two goroutines alternate strictly. */
    @RepeatedTest(5)
    void goschedAlternatesTwoGoroutinesOnOneP() {
        StringBuilder trace = new StringBuilder();
        Go.run(() -> {
            Go.gomaxprocs(1);
            CountDownLatch done = new CountDownLatch(2);
            AtomicInteger started = new AtomicInteger();
            for (String name : new String[] {"a", "b"}) {
                go(() -> {
                    started.incrementAndGet();
                    while (started.get() < 2) Go.gosched();
                    for (int i = 0; i < 5; i++) {
                        synchronized (trace) { trace.append(name); }
                        Go.gosched();
                    }
                    done.countDown();
                });
            }
            await(done);
        });
        String t = trace.toString();
        assertEquals(10, t.length());
        for (int i = 1; i < t.length(); i++) assertNotEquals(t.charAt(i - 1), t.charAt(i), "strict alternation: " + t);
    }

    /** A readied G goes to runnext: it runs before G's already queued on the P. */
    @RepeatedTest(5)
    void readiedGoroutineRunsNext() {
        List<String> order = Collections.synchronizedList(new ArrayList<>());
        Go.run(() -> {
            Go.gomaxprocs(1);
            Go.gosched(); // leave the P being removed, if main ran on it
            AtomicReference<Thread> sleeper = new AtomicReference<>();
            AtomicBoolean woken = new AtomicBoolean();
            CountDownLatch done = new CountDownLatch(3);
            go(() -> {
                sleeper.set(Thread.currentThread());
                while (!woken.get()) Parking.gopark(this, WaitReason.SLEEP);
                order.add("readied");
                done.countDown();
            });
            while (sleeper.get() == null) Go.gosched();
            go(() -> { order.add("queued1"); done.countDown(); });
            go(() -> { order.add("queued2"); done.countDown(); });
            // queued2 holds runnext, queued1 is in the ring; readying the sleeper takes
            // runnext and pushes queued2 behind queued1.
            woken.set(true);
            Parking.goready(sleeper.get());
            await(done);
        });
        assertEquals(List.of("readied", "queued1", "queued2"), order);
    }

    /** GOMAXPROCS shrinks and grows while thousands of goroutines are queued: none lost. */
    @RepeatedTest(3)
    void gomaxprocsResizeUnderLoadLosesNoGoroutine() {
        int n = 20_000;
        AtomicInteger ran = new AtomicInteger();
        Go.run(() -> {
            Go.gomaxprocs(4);
            CountDownLatch done = new CountDownLatch(n);
            for (int i = 0; i < n; i++) {
                go(() -> {
                    ran.incrementAndGet();
                    if ((ran.get() & 63) == 0) Go.gosched();
                    done.countDown();
                });
                if (i == n / 4) assertEquals(4, Go.gomaxprocs(1));
                if (i == n / 2) assertEquals(1, Go.gomaxprocs(3));
                if (i == 3 * n / 4) assertEquals(3, Go.gomaxprocs(2));
            }
            await(done);
            assertEquals(2, Go.gomaxprocs(0));
        });
        assertEquals(n, ran.get());
    }

    @Test
    void gomaxprocsQueriesAndValidates() {
        // the default: -Dgo4j.maxprocs when the suite runs with it (as a one-CPU box), else the CPU count
        int expectedDefault = Integer.getInteger("go4j.maxprocs", Runtime.getRuntime().availableProcessors());
        Go.run(() -> {
            int def = Go.gomaxprocs(0);
            assertEquals(expectedDefault, def);
            assertEquals(def, Go.gomaxprocs(-5), "n < 1 only queries");
            assertEquals(def, Go.gomaxprocs(3));
            assertEquals(3, Go.gomaxprocs(0));
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Go.gomaxprocs(1_000_000));
            assertTrue(e.getMessage().contains("1000000"), e.getMessage());
        });
        Go.run(() -> assertEquals(expectedDefault, Go.gomaxprocs(0), "each run starts at the default"));
    }

    @Test
    void invalidMaxprocsPropertyIsAClearError() {
        String old = System.getProperty("go4j.maxprocs");
        try {
            System.setProperty("go4j.maxprocs", "lots");
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Go.run(() -> {}));
            assertTrue(e.getMessage().contains("go4j.maxprocs") && e.getMessage().contains("lots"), e.getMessage());
            System.setProperty("go4j.maxprocs", "3");
            Go.run(() -> assertEquals(3, Go.gomaxprocs(0)));
        } finally {
            if (old == null) System.clearProperty("go4j.maxprocs"); else System.setProperty("go4j.maxprocs", old);
        }
    }

    @Test
    void goroutinePanicIsPromptEvenWhenMainBlocksForever() {
        IllegalArgumentException boom = new IllegalArgumentException("boom");
        GoroutinePanic p = assertThrows(GoroutinePanic.class, () -> Go.run(() -> {
            go(() -> { throw boom; });
            CountDownLatch never = new CountDownLatch(1);
            await(never); // parked by the JDK: no deadlock, only the panic can end this run
        }));
        assertSame(boom, p.getCause());
        assertEquals(2, p.goid());
        assertTrue(p.getMessage().contains("goroutine 2"), p.getMessage());
    }

    @Test
    void mainsExceptionIsWrappedExactlyOnce() {
        IllegalStateException boom = new IllegalStateException("main failed");
        GoroutinePanic p = assertThrows(GoroutinePanic.class, () -> Go.run(() -> { throw boom; }));
        assertSame(boom, p.getCause());
        assertEquals(1, p.goid());
    }

    @Test
    void nestedRunIsRefused() {
        Go.run(() -> {
            IllegalStateException e = assertThrows(IllegalStateException.class, () -> Go.run(() -> {}));
            assertTrue(e.getMessage().contains("goroutine 1"), e.getMessage());
        });
    }

    @Test
    void badInput() {
        assertThrows(NullPointerException.class, () -> Go.run(null));
        assertThrows(NullPointerException.class, () -> go(null));
        Go.run(() -> assertThrows(NullPointerException.class, () -> go(null)));
        assertThrows(NullPointerException.class, () -> Go.blocking(null));
    }

    @Test
    void goFromPlainThreadUsesDefaultRuntime() throws Exception {
        int n = 1000;
        CountDownLatch done = new CountDownLatch(n);
        Set<Long> ids = ConcurrentHashMap.newKeySet();
        Set<Boolean> daemons = ConcurrentHashMap.newKeySet();
        for (int i = 0; i < n; i++) {
            go(() -> {
                ids.add(Go.goid());
                daemons.add(CarrierAdapter.currentCarrierThread().isDaemon());
                done.countDown();
            });
        }
        assertTrue(done.await(60, TimeUnit.SECONDS));
        assertEquals(n, ids.size(), "distinct goroutine ids");
        assertFalse(ids.contains(0L));
        assertEquals(Set.of(true), daemons, "the default runtime's threads are daemons");
    }

    @Test
    void numGoroutineCountsLiveGoroutines() {
        Go.run(() -> {
            assertEquals(1, Go.numGoroutine());
            CountDownLatch release = new CountDownLatch(1);
            CountDownLatch started = new CountDownLatch(10);
            CountDownLatch ended = new CountDownLatch(10);
            for (int i = 0; i < 10; i++) go(() -> { started.countDown(); await(release); ended.countDown(); });
            await(started);
            assertEquals(11, Go.numGoroutine());
            release.countDown();
            await(ended);
            // a goroutine counts until its body has fully returned
            while (Go.numGoroutine() > 1) Go.gosched();
            assertEquals(1, Go.numGoroutine());
        });
    }

    @Test
    void runLeavesNoThreadsBehind() {
        for (int i = 0; i < 5; i++) {
            Go.run(() -> {
                CountDownLatch done = new CountDownLatch(100);
                for (int k = 0; k < 100; k++) go(done::countDown);
                await(done);
            });
        }
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        List<String> left;
        do {
            left = Thread.getAllStackTraces().keySet().stream()
                    .filter(Thread::isAlive).map(Thread::getName)
                    .filter(nm -> nm.startsWith("go4j-sysmon-") || nm.startsWith("go4j-m"))
                    .filter(nm -> !isDefaultRuntimeThread(nm)).toList();
            if (left.isEmpty()) break;
            Thread.onSpinWait();
        } while (System.nanoTime() < deadline);
        assertEquals(List.of(), left);
    }

    private static boolean isDefaultRuntimeThread(String name) {
        var d = dev.go4j.internal.sched.DefaultRuntime.peek();
        if (d == null) return false;
        return Thread.getAllStackTraces().keySet().stream()
                .anyMatch(t -> t.getName().equals(name) && t instanceof dev.go4j.internal.sched.M m && m.sched() == d)
                || name.equals("go4j-sysmon-" + d.runtimeId());
    }

    /** A goroutine in Go.blocking does not hold the only P: others run meanwhile. */
    @RepeatedTest(3)
    void blockingHandsOffTheP() throws Exception {
        AtomicInteger otherRan = new AtomicInteger();
        Go.run(() -> {
            Go.gomaxprocs(1);
            CountDownLatch otherDone = new CountDownLatch(1);
            try {
                String r = Go.blocking(() -> {
                    // Block the carrier outright (a platform-level wait, as file I/O would),
                    // until a goroutine that needs the P has run.
                    go(() -> { otherRan.incrementAndGet(); otherDone.countDown(); });
                    while (otherDone.getCount() > 0) {
                        java.util.concurrent.locks.LockSupport.parkNanos(CarrierAdapter.currentCarrierThread(), 1_000_000);
                    }
                    return "ok";
                });
                assertEquals("ok", r);
            } catch (Exception e) {
                throw new AssertionError(e);
            }
        });
        assertEquals(1, otherRan.get());
    }

    @Test
    void blockingRethrowsTheCallsOwnException() {
        java.io.IOException io = new java.io.IOException("disk");
        Go.run(() -> {
            Exception e = assertThrows(Exception.class, () -> Go.blocking(() -> { throw io; }));
            assertSame(io, e);
        });
        Exception e = assertThrows(Exception.class, () -> Go.blocking(() -> { throw io; }));
        assertSame(io, e, "the same from a plain thread");
    }

    /** Sysmon flags a goroutine that runs over 10 ms; it yields at its next checkpoint. */
    @Test
    void checkpointYieldsWhenSysmonAsks() {
        AtomicBoolean otherRan = new AtomicBoolean();
        Go.run(() -> {
            Go.gomaxprocs(1);
            CountDownLatch done = new CountDownLatch(1);
            go(() -> { otherRan.set(true); done.countDown(); });
            // Spin without parking: only preemption lets the other goroutine onto the P.
            while (!otherRan.get()) Go.checkpoint();
            await(done);
        });
        assertTrue(otherRan.get());
    }

    /** A goroutine that never reaches a checkpoint still cannot strand the others. */
    @Test
    void busyLoopWithoutCheckpointDoesNotStrandOthers() {
        AtomicBoolean otherRan = new AtomicBoolean();
        Go.run(() -> {
            Go.gomaxprocs(1);
            go(() -> otherRan.set(true));
            while (!otherRan.get()) Thread.onSpinWait();
        });
        assertTrue(otherRan.get());
    }

    @Test
    void lockOSThreadKeepsTheGoroutineOnItsM() {
        Go.run(() -> {
            CountDownLatch done = new CountDownLatch(1);
            AtomicInteger moves = new AtomicInteger();
            go(() -> {
                Go.lockOSThread();
                Thread m = CarrierAdapter.currentCarrierThread();
                for (int i = 0; i < 200; i++) {
                    Go.gosched();
                    if (CarrierAdapter.currentCarrierThread() != m) moves.incrementAndGet();
                }
                Go.unlockOSThread();
                done.countDown();
            });
            // keep the other P's busy with churn so a wandering goroutine would show
            CountDownLatch churn = new CountDownLatch(2000);
            for (int i = 0; i < 2000; i++) go(() -> { Go.gosched(); churn.countDown(); });
            await(done);
            await(churn);
            assertEquals(0, moves.get());
        });
    }

    @Test
    void outsideGoroutinesTheCallsAreHarmless() {
        Go.gosched();
        Go.checkpoint();
        Go.lockOSThread();
        Go.unlockOSThread();
        assertEquals(0, Go.goid());
    }

    static void await(CountDownLatch l) {
        try {
            l.await();
        } catch (InterruptedException e) {
            throw new AssertionError(e);
        }
    }
}
