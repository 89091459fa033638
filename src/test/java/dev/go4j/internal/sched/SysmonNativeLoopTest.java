package dev.go4j.internal.sched;

import dev.go4j.Go;
import dev.go4j.sync.WaitGroup;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.FileOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import static org.junit.jupiter.api.Assertions.*;
import static org.junit.jupiter.api.Assumptions.assumeTrue;
import static org.junit.jupiter.api.Timeout.ThreadMode.SEPARATE_THREAD;

/**
 * A goroutine that loops over fast native calls without ever parking (a server thread that
 * always finds the next request ready, here writes to /dev/null) ignores preemption like a
 * CPU-bound loop, and sysmon treats it as one: its P is handed off only within the stuck
 * allowance. Sysmon used to call any goroutine caught in a native frame blocked and hand
 * its P off outside the allowance, so at GOMAXPROCS 1 every such goroutine got a thread of
 * its own; under Jetty on one CPU that made 27 hand-offs a second and tripled p99.
 */
class SysmonNativeLoopTest {
    @Test
    @Timeout(value = 60, threadMode = SEPARATE_THREAD)
    void fastNativeCallsInALoopCountAgainstTheStuckAllowance() throws Exception {
        assumeTrue(ThreadCpuClock.nanos(Thread.currentThread()) >= 0, "no thread CPU clock: native code counts as blocked");
        assumeTrue(Files.isWritable(Path.of("/dev/null")));
        int loops = Preempt.STUCK_ALLOWANCE + 2;
        AtomicBoolean stop = new AtomicBoolean();
        AtomicInteger started = new AtomicInteger();
        AtomicReference<Sched> runtime = new AtomicReference<>();
        AtomicReference<Throwable> failed = new AtomicReference<>();
        Thread main = Thread.ofPlatform().start(() -> {
            try {
                Go.run(() -> {
                    Go.gomaxprocs(1);
                    runtime.set(G.current().sched());
                    var wg = new WaitGroup();
                    for (int i = 0; i < loops; i++) {
                        wg.go(() -> {
                            started.incrementAndGet();
                            try (var out = new FileOutputStream("/dev/null")) {
                                while (!stop.get()) out.write(0);
                            } catch (IOException e) {
                                throw new UncheckedIOException(e);
                            }
                        });
                    }
                    wg.await();
                });
            } catch (Throwable t) {
                failed.set(t);
            }
        });
        try {
            // Sysmon hands off the first STUCK_ALLOWANCE loops one by one; the next one keeps
            // the P and is marked not preemptible, and the last never starts meanwhile.
            long deadline = System.nanoTime() + 30_000_000_000L;
            G holder = null;
            while (holder == null) {
                assertTrue(System.nanoTime() < deadline, "no loop was left holding the P after " + started.get() + " started");
                Thread.sleep(1);
                Sched s = runtime.get();
                M mp = s == null ? null : s.allp[0].m;
                G gp = mp == null ? null : mp.curg;
                if (gp != null && gp.notPreemptible) holder = gp;
            }
            assertEquals(Preempt.STUCK_ALLOWANCE + 1, started.get(), "loops running: one per P plus the stuck allowance");
            assertEquals(Preempt.STUCK_ALLOWANCE, runtime.get().preempt.nstuck.get());
        } finally {
            stop.set(true);
            main.join();
        }
        assertNull(failed.get());
        assertEquals(loops, started.get(), "the last loop ran once the others stopped");
    }
}
