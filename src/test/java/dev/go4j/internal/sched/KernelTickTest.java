package dev.go4j.internal.sched;

import dev.go4j.Go;
import dev.go4j.sync.WaitGroup;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import static org.junit.jupiter.api.Assertions.*;
import static org.junit.jupiter.api.Timeout.ThreadMode.SEPARATE_THREAD;

/**
 * KernelTick: sysmon's sleep is cut into pieces only while every P is busy, its rounds
 * keep Go's pace, and its switch refuses a bad value.
 */
class KernelTickTest {

    @Test
    void theSwitchTakesMicrosecondsAndRefusesAnythingElse() {
        assertEquals(1_000_000, KernelTick.pieceNanos(null));
        assertEquals(0, KernelTick.pieceNanos("0"));
        assertEquals(500_000, KernelTick.pieceNanos(" 500 "));
        assertEquals(20_000, KernelTick.pieceNanos("20"));
        assertEquals(10_000_000, KernelTick.pieceNanos("10000"));
        for (String bad : new String[] {"-1", "19", "10001", "abc", "1.5", "1ms"}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> KernelTick.check(bad));
            assertEquals("invalid -Dgo4j.kernelTickUs=" + bad + ": want microseconds, 0 (off) or from 20 to 10000",
                    e.getMessage());
        }
        KernelTick.check(null);
        KernelTick.check("0");
    }

    @Test
    void aPieceOnlyWhileNoPIsIdle() {
        assumeOn();
        Sched s = new Sched(false, 2); // never started: its P's are on the idle list
        assertEquals(2, s.idle.npidle.get());
        assertEquals(10_000_000, KernelTick.piece(s, 10_000_000), "a P is idle: the whole sleep");
        s.idle.npidle.set(1);
        assertEquals(10_000_000, KernelTick.piece(s, 10_000_000), "a P is idle: the whole sleep");
        s.idle.npidle.set(0);
        assertEquals(KernelTick.NANOS, KernelTick.piece(s, 10_000_000), "every P busy: one piece");
        assertEquals(KernelTick.NANOS / 2, KernelTick.piece(s, KernelTick.NANOS / 2), "the rest is shorter than a piece");
        s.idle.npidle.set(2);
    }

    /**
     * Goroutines keep every P busy (preemptible: they call the runtime, so sysmon's
     * preemption moves them and no P is handed off or goes idle); sysmon backs off to its
     * 10 ms pace, since a preemption request is no retake, and still wakes in between.
     */
    @Test
    @Timeout(value = 60, threadMode = SEPARATE_THREAD)
    void sysmonWakesBetweenRoundsWhileEveryPIsBusy() {
        assumeOn();
        AtomicBoolean grew = new AtomicBoolean();
        AtomicLong sink = new AtomicLong();
        Go.run(() -> {
            Sched s = G.current().sched();
            int procs = Go.gomaxprocs(0);
            long before = s.sysmon.kernelTicks;
            AtomicBoolean done = new AtomicBoolean();
            WaitGroup wg = new WaitGroup();
            wg.add(procs);
            for (int i = 0; i < procs; i++) {
                Go.go(() -> {
                    long n = 0;
                    while (!done.get()) {
                        for (int k = 0; k < 10_000; k++) n += k ^ n;
                        Go.checkpoint();
                    }
                    sink.addAndGet(n);
                    wg.done();
                });
            }
            long deadline = System.nanoTime() + 30_000_000_000L;
            // A plain thread watches the counter, so that main, parked on the WaitGroup,
            // leaves the P's to the spinners.
            Thread watcher = Thread.ofPlatform().daemon().start(() -> {
                while (s.sysmon.kernelTicks - before < 20 && System.nanoTime() < deadline) {
                    java.util.concurrent.locks.LockSupport.parkNanos(200_000);
                }
                grew.set(s.sysmon.kernelTicks - before >= 20);
                done.set(true);
            });
            wg.await();
            try {
                watcher.join();
            } catch (InterruptedException e) {
                throw new AssertionError(e);
            }
        });
        assertTrue(grew.get(), "sysmon did not wake 20 times between rounds in 30 s of every P busy");
    }

    private static void assumeOn() {
        org.junit.jupiter.api.Assumptions.assumeTrue(KernelTick.NANOS > 0, "-Dgo4j.kernelTickUs=0 switches the pieces off");
    }
}
