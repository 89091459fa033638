package dev.go4j;

import dev.go4j.internal.sched.DefaultRuntime;
import dev.go4j.internal.sched.SchedTrace;
import dev.go4j.runtime.Goroutines;
import dev.go4j.sync.WaitGroup;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.concurrent.CountDownLatch;
import java.util.regex.Pattern;

import static dev.go4j.Go.go;
import static org.junit.jupiter.api.Assertions.*;

/** Goroutine dumps and Go's schedtrace line. */
@Timeout(60)
class IntrospectionTest {

    @Test
    void dumpListsEveryGoroutineWithStatusStackAndCreator() {
        Go.run(() -> {
            var ch = Chan.<Integer>make();
            CountDownLatch parked = new CountDownLatch(1);
            go(() -> { parked.countDown(); ch.recv(); });
            GoTest.await(parked);
            // wait until goroutine 2 has really parked on the channel
            while (!Goroutines.dump().contains("goroutine 2 [chan receive]")) Go.gosched();
            String dump = Goroutines.dump();
            // (a header names the runtime when others in this JVM have goroutines too)
            assertTrue(Pattern.compile("^(runtime \\d+ \\[Go\\.run, \\d+ goroutines\\]:\n\n)?goroutine 1 \\[running\\]:\n").matcher(dump).find(), dump);
            assertTrue(dump.contains("IntrospectionTest.lambda$dumpListsEveryGoroutineWithStatusStackAndCreator"), dump);
            assertTrue(Pattern.compile("goroutine 2 \\[chan receive\\]:\n(.+\n)*created by dev\\.go4j\\.IntrospectionTest in goroutine 1\n").matcher(dump).find(), dump);
            assertFalse(dump.contains("dev.go4j.internal."), "runtime frames are hidden: " + dump);
            String self = Goroutines.current();
            assertTrue(self.startsWith("goroutine 1 [running]:\ndev.go4j.IntrospectionTest.lambda$"), self);
            assertFalse(self.contains("goroutine 2"), self);
            ch.send(1);
        });
        assertEquals("", Goroutines.current(), "a plain thread is no goroutine");
    }

    /**
     * The wait start is stamped when the goroutine parks (from the runtime's coarse clock,
     * so parking reads no clock), not by the first dump: "N minutes" counts from the park.
     */
    @Test
    void waitStartIsStampedAtParkNotByTheFirstDump() {
        Go.run(() -> {
            var ch = Chan.<Integer>make();
            var ref = new java.util.concurrent.atomic.AtomicReference<dev.go4j.internal.sched.G>();
            go(() -> { ref.set(dev.go4j.internal.sched.G.current()); ch.recv(); ch.recv(); });
            while (ref.get() == null || ref.get().status() != dev.go4j.internal.sched.GStatus.WAITING) Go.gosched();
            var g = ref.get();
            long stamped = g.waitSince();
            assertNotEquals(0, stamped, "stamped at park, before any dump");
            assertTrue(System.nanoTime() - stamped < 60_000_000_000L, "stamped from a live clock");
            Goroutines.dump();
            assertEquals(stamped, g.waitSince(), "a dump does not restamp");
            ch.send(1);
            while (g.status() != dev.go4j.internal.sched.GStatus.WAITING) Go.gosched();
            assertTrue(g.waitSince() - stamped >= 0, "a new wait gets a new stamp");
            ch.send(2);
        });
    }

    @Test
    void schedtraceLineHasGosFields() {
        Go.run(() -> {
            Go.gomaxprocs(2);
            var s = ((dev.go4j.internal.sched.G) dev.go4j.internal.sched.G.current()).sched();
            String line = SchedTrace.line(s, 1000, false);
            assertTrue(Pattern.matches("SCHED 1000ms: gomaxprocs=2 idleprocs=\\d+ threads=\\d+ spinningthreads=\\d+ "
                    + "needspinning=\\d+ idlethreads=\\d+ runqueue=\\d+ \\[\\d+ \\d+\\]\n", line), line);
            String detail = SchedTrace.line(s, 5, true);
            assertTrue(detail.contains("\n  P0: status=") && detail.contains("\n  P1: status=") && detail.contains("\n  M1: p="), detail);
            // Go's G lines: main running on an M, a goroutine parked on a channel with its wait reason
            long main = Go.goid();
            Chan<Integer> ch = Chan.make();
            Chan<Long> id = Chan.make(1);
            go(() -> { id.send(Go.goid()); ch.recv(); });
            long other = id.recv();
            // Until it has parked: its status says chan receive a moment before its M lets go of it
            // (G.m and M.curg are cleared as the thread unmounts), so wait for m=-1 too.
            Pattern parkedOnChan = Pattern.compile("\n  G" + other + ": status=4\\(chan receive\\) m=-1 lockedm=-1\n");
            while (!parkedOnChan.matcher(SchedTrace.line(s, 5, true)).find()) Go.gosched();
            detail = SchedTrace.line(s, 5, true);
            assertTrue(Pattern.compile("\n  G" + main + ": status=2\\(\\) m=\\d+ lockedm=-1\n").matcher(detail).find(), detail);
            assertTrue(parkedOnChan.matcher(detail).find(), detail);
            ch.send(1);
            // parked by the JDK, not by go4j: still a waiting goroutine, without an M
            var lock = new java.util.concurrent.locks.ReentrantLock();
            Object monitor = new Object();
            Chan<Long> lockerId = Chan.make(1), entererId = Chan.make(1);
            WaitGroup wg = new WaitGroup();
            wg.add(2);
            lock.lock();
            synchronized (monitor) {
                go(() -> { lockerId.send(Go.goid()); lock.lock(); lock.unlock(); wg.done(); });
                go(() -> { entererId.send(Go.goid()); synchronized (monitor) { } wg.done(); });
                Pattern parked = Pattern.compile("\n  G" + lockerId.recv() + ": status=4\\(jdk park\\) m=-1 ");
                Pattern blocked = Pattern.compile("\n  G" + entererId.recv() + ": status=4\\(monitor enter\\) m=-1 ");
                // until both have blocked (a timed-out wait here fails the test)
                do {
                    detail = SchedTrace.line(s, 5, true);
                    Go.gosched();
                } while (!parked.matcher(detail).find() || !blocked.matcher(detail).find());
            }
            lock.unlock();
            wg.await();
        });
        assertNotNull(DefaultRuntime.class);
    }
}
