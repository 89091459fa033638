package dev.go4j.internal.sched;

import dev.go4j.Chan;
import dev.go4j.Go;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import static org.junit.jupiter.api.Assertions.*;

/**
 * Sysmon's net for work stranded beside an idle P (Sysmon.strandedWork). A server hung
 * once at start-up: an M blocked inside the JVM while it was spinning (loading a class on
 * its first steal, waiting for a JDK monitor that a goroutine was next in line for), and
 * wakep, seeing a spinning M, started nobody for that goroutine, readied into the global
 * queue. Here the blocked spinner is stood in for by one more count in nmspinning
 * and one P taken off the idle list, which is all the scheduler sees of it: each round
 * main parks on a channel, its M goes idle, and a plain thread's send readies main into
 * the global queue, where only sysmon's net can find it an M.
 */
@Timeout(60)
class SysmonStrandedWorkTest {

    @Test
    void workBesideAnIdlePIsStartedDespiteAStuckSpinner() {
        final int rounds = 30;
        int[] got = new int[1];
        Go.run(() -> {
            Go.gomaxprocs(2);
            Sched sched = G.current().sched();
            Idle idle = sched.idle;
            // The spinner that never comes back: it holds a P (the other one: main's M has
            // this one) and its count in nmspinning, and runs nothing.
            P held = null;
            for (int tries = 0; held == null && tries < 5_000; tries++) {
                sched.lock.lock();
                try {
                    held = idle.pidleget(); // null while an M woken by the resize still has it
                } finally {
                    sched.lock.unlock();
                }
                if (held == null) dev.go4j.time.Time.sleep(java.time.Duration.ofMillis(1));
            }
            assertNotNull(held, "GOMAXPROCS 2 leaves one P idle");
            idle.nmspinning.incrementAndGet();
            try {
                got[0] = readiedFromPlainThreads(rounds);
            } finally {
                idle.nmspinning.decrementAndGet();
                sched.lock.lock();
                try {
                    idle.pidleput(held);
                } finally {
                    sched.lock.unlock();
                }
            }
        });
        assertEquals(rounds, got[0]);
    }

    /**
     * The same with every P idle: the stuck spinner has put its P back but not yet its
     * count (findRunnable drops the P first), so wakep starts nobody and no P is busy.
     * Sysmon then went to its long sleep (every P idle) before its net ever ran, and main
     * stayed in the global queue for good (found by review).
     */
    @Test
    void workQueuedWhileEveryPIsIdleIsStartedDespiteAStuckSpinner() {
        final int rounds = 30;
        int[] got = new int[1];
        Go.run(() -> {
            Idle idle = G.current().sched().idle;
            idle.nmspinning.incrementAndGet();
            try {
                got[0] = readiedFromPlainThreads(rounds);
            } finally {
                idle.nmspinning.decrementAndGet();
            }
        });
        assertEquals(rounds, got[0]);
    }

    /**
     * Each round main parks on a channel and a plain thread's send readies it into the
     * global queue; returns the rounds main got through.
     */
    private static int readiedFromPlainThreads(int rounds) {
        int got = 0;
        for (int i = 0; i < rounds; i++) {
            Chan<Integer> c = Chan.make(0);
            int v = i;
            Thread.ofPlatform().start(() -> c.send(v));
            assertEquals(v, c.recv());
            got++;
        }
        return got;
    }
}
