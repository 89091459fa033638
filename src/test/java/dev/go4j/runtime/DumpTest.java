package dev.go4j.runtime;

import dev.go4j.Chan;
import dev.go4j.Go;
import dev.go4j.internal.sched.G;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Pattern;

import static dev.go4j.Go.go;
import static org.junit.jupiter.api.Assertions.*;

/** Dumps on demand: from any thread, of every runtime, full or grouped. */
@Timeout(30)
class DumpTest {

    /** Runs a Go.run on its own platform thread: n goroutines park in parkedHere until released. */
    static final class Program implements AutoCloseable {
        final Thread thread;
        final AtomicLong runtimeId = new AtomicLong();
        final CountDownLatch ready = new CountDownLatch(1);
        final Chan<Integer> release = Chan.make();
        /** main waits on this JDK latch, which is no deadlock: plain threads may count it down. */
        final CountDownLatch done = new CountDownLatch(1);
        volatile Throwable failure;

        Program(int n) {
            thread = Thread.ofPlatform().start(() -> {
                try {
                    Go.run(() -> {
                        runtimeId.set(G.current().sched().runtimeId());
                        var started = Chan.<Boolean>make(n);
                        for (int i = 0; i < n; i++) go(() -> { started.send(true); parkedHere(release); });
                        for (int i = 0; i < n; i++) started.recv();
                        ready.countDown();
                        try {
                            done.await();
                        } catch (InterruptedException e) {
                            throw new RuntimeException(e);
                        }
                        for (int i = 0; i < n; i++) release.send(i);
                    });
                } catch (Throwable t) {
                    failure = t;
                    ready.countDown();
                }
            });
        }

        static void parkedHere(Chan<Integer> release) { release.recv(); }

        @Override
        public void close() throws Exception {
            done.countDown();
            thread.join();
            if (failure != null) throw new AssertionError(failure);
        }
    }

    /** The first dump that matches p; the goroutines may take a moment to park. */
    static String awaitDump(int debug, Pattern p) {
        String d = "";
        for (int i = 0; i < 5000; i++) {
            d = Goroutines.dump(debug);
            if (p.matcher(d).find()) return d;
            Thread.yield();
        }
        return fail("no dump matched " + p + "; the last was:\n" + d);
    }

    @Test
    void plainThreadDumpsARunningProgramFullAndGrouped() throws Exception {
        try (var prog = new Program(5)) {
            prog.ready.await();
            // main reaches its latch wait right after counting down ready; it stays there
            awaitDump(2, Pattern.compile("goroutine 1 \\[CountDownLatch\\.await\\]:"));
            String full = awaitDump(2, Pattern.compile("(?s)(goroutine \\d+ \\[chan receive\\]:\n[^\n]*\n"
                    + "dev\\.go4j\\.runtime\\.DumpTest\\$Program\\.parkedHere.*){5}"));
            assertTrue(full.contains("goroutine 1 [CountDownLatch.await]:"), full);
            assertTrue(full.contains("created by dev.go4j.runtime.DumpTest$Program in goroutine 1"), full);
            String grouped = awaitDump(1, Pattern.compile("(?m)^5 \\[chan receive\\]:\n#\tdev\\.go4j\\.Chan\\.recv\\(.*\n"
                    + "#\tdev\\.go4j\\.runtime\\.DumpTest\\$Program\\.parkedHere\\("));
            assertTrue(grouped.contains("#\tcreated by dev.go4j.runtime.DumpTest$Program\n"), grouped);
            int groupAt = grouped.indexOf("5 [chan receive]:");
            int mainAt = grouped.indexOf("1 [CountDownLatch.await]:");
            assertTrue(groupAt >= 0 && mainAt > groupAt, "the largest group comes first: " + grouped);
        }
    }

    @Test
    void everyRuntimeIsDumpedWithAHeaderEach() throws Exception {
        try (var a = new Program(2); var b = new Program(3)) {
            a.ready.await();
            b.ready.await();
            // runtimes come oldest first
            String ha = "runtime " + a.runtimeId.get() + " \\[Go\\.run, 3 goroutines\\]:\n";
            String hb = "runtime " + b.runtimeId.get() + " \\[Go\\.run, 4 goroutines\\]:\n";
            boolean aFirst = a.runtimeId.get() < b.runtimeId.get();
            String d = awaitDump(2, Pattern.compile("(?s)" + (aFirst ? ha : hb) + ".*" + (aFirst ? hb : ha)));
            assertTrue(d.contains("parkedHere"), d);
        }
    }

    @Test
    void fromAGoroutineItsRuntimeAndItselfComeFirst() {
        Go.run(() -> {
            String d = Goroutines.dump();
            assertTrue(Pattern.compile("^(runtime \\d+ \\[Go\\.run, 1 goroutines\\]:\n\n)?goroutine 1 \\[running\\]:\n").matcher(d).find(), d);
        });
    }

    @Test
    void debugLevelIsChecked() {
        var e = assertThrows(IllegalArgumentException.class, () -> Goroutines.dump(3));
        assertEquals("debug must be 1 or 2, not 3", e.getMessage());
    }
}
