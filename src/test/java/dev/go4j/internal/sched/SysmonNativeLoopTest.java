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

import static org.junit.jupiter.api.Assertions.*;
import static org.junit.jupiter.api.Assumptions.assumeTrue;
import static org.junit.jupiter.api.Timeout.ThreadMode.SEPARATE_THREAD;

/**
 * A goroutine that loops over fast native calls without ever parking (a server thread that
 * always finds the next request ready, here writes to /dev/null) ignores preemption like a
 * CPU-bound loop. Sysmon lets such loops take the stuck allowance first, so under Jetty on
 * one CPU the first two do not each get a thread as if they were blocked (it used to call
 * any goroutine caught in a native frame blocked: 27 hand-offs a second, p99 tripled), and
 * hands the rest off like syscalls, so that a loop beyond the allowance never keeps its P
 * from the goroutines behind it (Go's GCFairness, see SchedulerGuaranteesTest).
 */
class SysmonNativeLoopTest {
    @Test
    @Timeout(value = 60, threadMode = SEPARATE_THREAD)
    void fastNativeCallsInALoopTakeTheStuckAllowanceThenAreHandedOff() throws Exception {
        assumeTrue(ThreadCpuClock.nanos(Thread.currentThread()) >= 0, "no thread CPU clock: native code counts as blocked");
        assumeTrue(Files.isWritable(Path.of("/dev/null")));
        int loops = Preempt.STUCK_ALLOWANCE + 2;
        AtomicBoolean stop = new AtomicBoolean();
        AtomicInteger started = new AtomicInteger();
        AtomicInteger stuckSeen = new AtomicInteger(-1);
        AtomicInteger notPreemptible = new AtomicInteger();
        Go.run(() -> {
            Go.gomaxprocs(1);
            Sched s = G.current().sched();
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
            // main sleeps on the one P: each wake-up needs the P back from the loops.
            // A loop sampled between two writes (in Java code) while the allowance is full
            // may be flagged not preemptible for a tick, until a sample finds it in native
            // code; so wait for the state to settle.
            try {
                BoundedWait.until(() -> {
                    int flagged = 0;
                    for (G gp : s.allgs.snapshot()) if (gp.notPreemptible) flagged++;
                    notPreemptible.set(flagged);
                    stuckSeen.set(s.preempt.nstuck.get());
                    return started.get() == loops && stuckSeen.get() == Preempt.STUCK_ALLOWANCE && flagged == 0;
                });
            } finally {
                stop.set(true);
            }
            wg.await();
        });
        assertEquals(loops, started.get());
        assertEquals(Preempt.STUCK_ALLOWANCE, stuckSeen.get(), "the allowance is taken, and never exceeded");
        assertEquals(0, notPreemptible.get(), "no native loop was left holding its P");
    }
}
