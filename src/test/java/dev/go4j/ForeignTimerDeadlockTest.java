package dev.go4j;

import dev.go4j.context.Context;
import dev.go4j.internal.sched.G;
import dev.go4j.internal.sched.Sched;
import dev.go4j.internal.sched.SchedCounters;
import dev.go4j.time.Ticker;
import dev.go4j.time.Time;
import dev.go4j.time.Timer;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.FileInputStream;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;

import static org.junit.jupiter.api.Assertions.*;

/**
 * A timer made outside a {@code Go.run} (on a plain thread: its timers live in the shared
 * default runtime) wakes a goroutine of the run all the same, so deadlock detection must
 * count it, as it counts the run's own: a context deadline made in {@code main} before
 * {@code Go.run}, a {@code Time.after} channel, an {@code afterFunc}. Without it the run
 * threw DeadlockError at once, though the deadline was 50 ms away. And a real deadlock
 * beside such a timer is still reported once the timer has fired.
 *
 * <p>A goroutine of another runtime that is running counts too, as a running M does in
 * Go's checkdead: the {@code afterFunc}'s goroutine after its timer has left the heap, or a
 * default-runtime goroutine feeding the run. The {@code busy} cases make that gap
 * deterministic: the feeder stays CPU-bound (it never parks) until the run has been found
 * asleep but for it twice, and only then sends.
 *
 * <p>What does not count: a goroutine of another runtime blocked in native code (it loses
 * its P within 10 ms), so a real deadlock beside one is still reported. And the gaps a
 * review found: a timer channel reset in a loop by a plain thread (out of its heap while
 * it drains), a feeder locked to its thread (handed to its locked M), a run whose sysmon
 * never waits (schedtrace).
 */
@Timeout(60)
class ForeignTimerDeadlockTest {

    @RepeatedTest(5)
    void aContextDeadlineMadeOnAPlainThreadWakesTheRun() {
        var ctx = Context.withTimeout(Context.background(), Duration.ofMillis(50));
        AtomicReference<Throwable> err = new AtomicReference<>();
        Go.run(() -> {
            ctx.done().recv();
            err.set(ctx.err());
        });
        assertNotNull(err.get());
    }

    @RepeatedTest(5)
    void aTimerChannelMadeOnAPlainThreadWakesTheRun() {
        Receiver<Instant> after = Time.after(Duration.ofMillis(50));
        Timer timer = Time.newTimer(Duration.ofMillis(60));
        Ticker ticker = Time.newTicker(Duration.ofMillis(20));
        AtomicReference<Instant> got = new AtomicReference<>();
        Go.run(() -> {
            got.set(after.recv());
            assertNotNull(timer.c().recv());
            assertNotNull(ticker.c().recv());
        });
        ticker.stop();
        assertNotNull(got.get());
    }

    @RepeatedTest(5)
    void anAfterFuncMadeOnAPlainThreadWakesTheRun() {
        Chan<Integer> c = Chan.make();
        Time.afterFunc(Duration.ofMillis(50), () -> c.send(7)); // a goroutine of the default runtime sends
        AtomicReference<Integer> got = new AtomicReference<>();
        Go.run(() -> got.set(c.recv()));
        assertEquals(7, got.get());
    }

    @RepeatedTest(3)
    void anAfterFuncWhoseGoroutineIsStillBusyKeepsTheRunAlive() {
        assertEquals(7, runFedByABusyFeeder(feeder -> Time.afterFunc(Duration.ofMillis(1), feeder)));
    }

    @RepeatedTest(3)
    void aDefaultRuntimeGoroutineStillBusyKeepsTheRunAlive() {
        assertEquals(7, runFedByABusyFeeder(Go::go)); // from this plain thread: the default runtime
    }

    /**
     * A run whose main receives one value from a feeder that {@code start} starts outside
     * it (see {@link #busyUntilDeferred}); returns the value received.
     */
    private static int runFedByABusyFeeder(java.util.function.Consumer<Runnable> start) {
        Chan<Integer> c = Chan.make();
        AtomicReference<Sched> run = new AtomicReference<>();
        AtomicBoolean over = new AtomicBoolean();
        start.accept(() -> busyUntilDeferred(run, over, 2, () -> c.send(7)));
        AtomicReference<Integer> got = new AtomicReference<>();
        try {
            Go.run(() -> {
                run.set(G.current().sched());
                got.set(c.recv());
            });
        } finally {
            over.set(true);
        }
        return got.get();
    }

    @Test
    void aRealDeadlockBesideABusyGoroutineOfAnotherRuntimeIsReportedOnceItIsDone() {
        Chan<Integer> never = Chan.make();
        AtomicReference<Sched> run = new AtomicReference<>();
        AtomicBoolean over = new AtomicBoolean();
        AtomicBoolean busyDone = new AtomicBoolean();
        Go.go(() -> busyUntilDeferred(run, over, 2, () -> busyDone.set(true)));
        try {
            DeadlockError e = assertThrows(DeadlockError.class, () -> Go.run(() -> {
                run.set(G.current().sched());
                never.recv();
            }));
            assertTrue(e.getMessage().startsWith("all goroutines are asleep - deadlock!"), e.getMessage());
        } finally {
            over.set(true);
        }
        assertTrue(busyDone.get(), "reported only after the busy goroutine was done");
    }

    @Test
    void aRealDeadlockBesideAGoroutineOfAnotherRuntimeBlockedInNativeCodeIsReported() throws Exception {
        Path dir = Files.createTempDirectory("go4j-fifo");
        Path fifo = dir.resolve("fifo");
        assertEquals(0, new ProcessBuilder("mkfifo", fifo.toString()).start().waitFor());
        Chan<Integer> opened = Chan.make(1);
        // Opening a FIFO for reading blocks in native code until a writer opens it.
        Go.go(() -> {
            try (FileInputStream in = new FileInputStream(fifo.toFile())) {
                opened.send(in.read());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
        try {
            Chan<Integer> never = Chan.make();
            DeadlockError e = assertThrows(DeadlockError.class, () -> Go.run(never::recv));
            assertTrue(e.getMessage().startsWith("all goroutines are asleep - deadlock!"), e.getMessage());
        } finally {
            try (FileOutputStream out = new FileOutputStream(fifo.toFile())) {
                out.write(5);
            }
            assertEquals(5, opened.recv());
            Files.delete(fifo);
            Files.delete(dir);
        }
    }

    @Test
    void aGoroutineOfAnotherRuntimeComputingForLongKeepsTheRunAlive() {
        // No runtime call in the loop: sysmon takes its P (a stuck M), but it runs on.
        Chan<Long> c = Chan.make();
        Go.go(() -> {
            long end = System.nanoTime() + 1_000_000_000L, x = 0;
            while (System.nanoTime() < end) x += x ^ end;
            c.send(x == 42 ? 0L : 1L);
        });
        AtomicReference<Long> got = new AtomicReference<>();
        Go.run(() -> got.set(c.recv()));
        assertEquals(1L, got.get());
    }

    @RepeatedTest(2)
    void aTimerChannelResetInALoopByAPlainThreadKeepsTheRunBlockedOnItAlive() throws Exception {
        Timer t = Time.newTimer(Duration.ofHours(1));
        Chan<Integer> done = Chan.make(1);
        AtomicReference<Integer> got = new AtomicReference<>();
        Thread resetter = Thread.ofPlatform().start(() -> {
            long until = System.nanoTime() + 1_000_000_000L;
            while (System.nanoTime() < until) t.reset(Duration.ofHours(1));
            done.send(1);
        });
        try {
            Go.run(() -> Select.select(
                    Select.recv(t.c(), v -> got.set(-1)),
                    Select.recv(done, got::set)));
        } finally {
            resetter.join();
            t.stop();
        }
        assertEquals(1, got.get());
    }

    @Test
    void aFeederLockedToItsThreadKeepsTheRunAlive() {
        Chan<Integer> c = Chan.make();
        final int n = 300;
        Go.go(() -> {
            Go.lockOSThread(); // every wake-up is handed to this goroutine's own M
            for (int i = 0; i < n; i++) {
                Time.sleep(Duration.ofMillis(1 + ThreadLocalRandom.current().nextInt(3)));
                c.send(i);
            }
        });
        AtomicReference<Integer> last = new AtomicReference<>();
        Go.run(() -> {
            for (int i = 0; i < n; i++) last.set(c.recv());
        });
        assertEquals(n - 1, last.get());
    }

    @Test
    void aRealDeadlockBesideABusyGoroutineIsReportedWithSchedtraceOn() {
        String old = System.setProperty("go4j.schedtrace", "1000"); // sysmon then never waits
        try {
            aRealDeadlockBesideABusyGoroutineOfAnotherRuntimeIsReportedOnceItIsDone();
        } finally {
            if (old == null) System.clearProperty("go4j.schedtrace");
            else System.setProperty("go4j.schedtrace", old);
        }
    }

    /**
     * A goroutine of another runtime: stays on its CPU, never parking, until the run's
     * deadlock check has found everything asleep but another runtime {@code n} more times
     * than when it started, then calls {@code then}; gives up once the run is over.
     */
    private static void busyUntilDeferred(AtomicReference<Sched> run, AtomicBoolean over, int n, Runnable then) {
        Sched s;
        while ((s = run.get()) == null) {
            if (over.get()) return;
            Thread.onSpinWait();
        }
        long start = SchedCounters.of(s).deadlockDeferrals();
        while (SchedCounters.of(s).deadlockDeferrals() < start + n) {
            if (over.get()) return;
            Thread.onSpinWait();
        }
        then.run();
    }

    @Test
    void aRealDeadlockBesideAForeignTimerIsReportedOnceItHasFired() {
        Timer outside = Time.afterFunc(Duration.ofMillis(100), () -> { });
        Chan<Integer> never = Chan.make();
        DeadlockError e = assertThrows(DeadlockError.class, () -> Go.run(() -> never.recv()));
        assertTrue(e.getMessage().startsWith("all goroutines are asleep - deadlock!"), e.getMessage());
        assertFalse(outside.stop(), "reported only after the outside timer fired");
    }

    /**
     * A run kept waiting only by another runtime says so in its scheddetail (and so in a
     * test's hang dump): which runtime, which of its timers, when the first is due.
     */
    @Test
    void scheddetailNamesWhatDefersTheVerdict() {
        Timer outside = Time.afterFunc(Duration.ofHours(1), () -> { });
        Chan<Integer> c = Chan.make();
        var run = new AtomicReference<Sched>();
        var line = new AtomicReference<String>();
        Go.go(() -> {
            Sched s;
            while ((s = run.get()) == null) Go.gosched();
            while (SchedCounters.of(s).deadlockDeferrals() == 0) Go.gosched();
            line.set(dev.go4j.internal.sched.SchedTrace.line(s, 0, true));
            c.send(1);
        });
        try {
            Go.run(() -> {
                run.set(G.current().sched());
                assertEquals(1, c.recv());
            });
        } finally {
            outside.stop();
        }
        String detail = line.get();
        assertTrue(detail.contains("checkdead: foreignOnly=true deferrals="), detail);
        // other tests' timers may be pending in the default runtime too: any P, any kind first
        assertTrue(detail.matches("(?s).*\\| runtime \\d+ \\(default\\): timers \\(P\\d+: \\d+ of \\d+ can wake, first (in \\d+\\.\\d s|never), a \\w+\\).*"), detail);
    }

    /** A timer due "never" elsewhere (Long.MAX_VALUE) is described, not a crash of sysmon's trace. */
    @Test
    void scheddetailDescribesANeverTimerElsewhere() {
        Timer never = Time.afterFunc(Duration.ofNanos(Long.MAX_VALUE), () -> { });
        AtomicReference<String> line = new AtomicReference<>();
        try {
            Go.run(() -> line.set(dev.go4j.internal.sched.SchedTrace.line(G.current().sched(), 0, true)));
        } finally {
            never.stop();
        }
        assertTrue(line.get().matches("(?s).*\\(default\\): timers \\(P\\d+: \\d+ of \\d+ can wake, first (in \\d+\\.\\d s|never), a \\w+\\).*"), line.get());
    }
}
