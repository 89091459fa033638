package dev.go4j.internal.sched;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.junit.jupiter.api.Assertions.*;
import static org.junit.jupiter.api.Assumptions.assumeTrue;
import static org.junit.jupiter.api.Timeout.ThreadMode.SEPARATE_THREAD;

/**
 * Sysmon's gate in front of the stuck allowance: a goroutine that "ignored preemption"
 * only because its thread got no CPU (the OS did not schedule it, a GC pause) keeps its P;
 * one that burns CPU loses it. Under CPU load from other processes, sysmon used to take
 * the P of a goroutine whose thread had merely not been scheduled for 20 ms, and another
 * M ran a second goroutine at GOMAXPROCS 1 (GoTest's strict alternation failed on CI).
 */
class SysmonStuckGateTest {
    @Test
    @Timeout(value = 60, threadMode = SEPARATE_THREAD)
    void threadWithoutCpuNeverPassesAndABusyOneDoes() throws Exception {
        if (ThreadCpuClock.nanos(Thread.currentThread()) < 0) return; // no thread CPU clock: wall time decides
        P pp = new P(null, 0);
        CountDownLatch release = new CountDownLatch(1);
        Thread idle = Thread.ofPlatform().start(() -> {
            try { release.await(); } catch (InterruptedException e) { throw new AssertionError(e); }
        });
        // 40 sysmon sightings 1 ms apart of the same gtick: the idle thread burns no CPU.
        for (int i = 0; i < 40; i++) {
            assertFalse(Sysmon.burnedCpuSinceIgnoring(pp, idle, 7), "sighting " + i + " of a thread that used no CPU");
            Thread.sleep(1);
        }
        release.countDown();
        idle.join();

        AtomicBoolean stop = new AtomicBoolean();
        Thread busy = Thread.ofPlatform().start(() -> { while (!stop.get()) Thread.onSpinWait(); });
        try {
            assertFalse(Sysmon.burnedCpuSinceIgnoring(pp, busy, 8), "a new gtick is a first sighting: it records the baseline");
            while (!Sysmon.burnedCpuSinceIgnoring(pp, busy, 8)) Thread.sleep(1); // the timeout catches a gate that never opens
        } finally {
            stop.set(true);
            busy.join();
        }
    }

    /** Whether t's top frame is the native read of a pipe (the socket dispatcher's read0 in JDK 25). */
    private static boolean inPipeRead(Thread t) {
        StackTraceElement[] st = t.getStackTrace();
        return st.length > 0 && Sysmon.isBlockingNative(st[0]) && st[0].getMethodName().startsWith("read");
    }

    /**
     * A thread found in native code waits there only if it burns no CPU: one blocked in a
     * pipe read is BLOCKED in every window, a busy one is ON_CPU once it gets a core.
     */
    @Test
    @Timeout(value = 60, threadMode = SEPARATE_THREAD)
    void aThreadInNativeCodeIsBlockedOnlyIfItUsesNoCpu() throws Exception {
        if (ThreadCpuClock.nanos(Thread.currentThread()) < 0) return; // no thread CPU clock: native means blocked
        P pp = new P(null, 0);
        java.nio.channels.Pipe pipe = java.nio.channels.Pipe.open();
        try (var source = pipe.source(); var sink = pipe.sink()) {
            var tid = new java.util.concurrent.atomic.AtomicInteger(-1);
            Thread reader = Thread.ofPlatform().start(() -> {
                tid.set(OsThread.currentTid()); // so the verdict also asks the kernel's run state (S here)
                try {
                    source.read(java.nio.ByteBuffer.allocate(1));
                } catch (java.io.IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            });
            try {
                // Judge the reader once it is asleep in the pipe's read(2): its native read0 on
                // top and the kernel's run state not runnable, read in that order and the frame
                // read again after. Any native frame on top was not enough (CI, GOMAXPROCS 1 on
                // one CPU): the reader passes other native methods on its way, and a thread
                // found asleep there (a lock, a safepoint) then runs on to read(2), burning CPU
                // in the first window. In read0 but runnable is not enough either: on one CPU it
                // may wait there for a core, and a runnable thread is rightly not called blocked.
                while (!inPipeRead(reader) || OsThread.runState(tid.get()) == OsThread.RUNNABLE || !inPipeRead(reader)) Thread.sleep(1);
                assertEquals(Sysmon.NATIVE_UNSURE, Sysmon.nativeState(pp, reader, tid.get(), 3, System.nanoTime()), "a first sighting only records");
                int verdicts = 0;
                while (verdicts < 10) {
                    Thread.sleep(1);
                    int state = Sysmon.nativeState(pp, reader, tid.get(), 3, System.nanoTime());
                    assertNotEquals(Sysmon.NATIVE_ON_CPU, state, "a thread waiting in read(2) uses no CPU");
                    if (state == Sysmon.NATIVE_BLOCKED) verdicts++;
                }
            } finally {
                sink.write(java.nio.ByteBuffer.wrap(new byte[] {1}));
                reader.join();
            }
        }

        AtomicBoolean stop = new AtomicBoolean();
        Thread busy = Thread.ofPlatform().start(() -> { while (!stop.get()) Thread.onSpinWait(); });
        try {
            assertEquals(Sysmon.NATIVE_UNSURE, Sysmon.nativeState(pp, busy, -1, 4, System.nanoTime()), "a new gtick is a first sighting");
            int state;
            do {
                Thread.sleep(1);
                state = Sysmon.nativeState(pp, busy, -1, 4, System.nanoTime());
            } while (state != Sysmon.NATIVE_ON_CPU); // the timeout catches a verdict that never comes
        } finally {
            stop.set(true);
            busy.join();
        }
    }

    /**
     * A thread that only lacks a core is not blocked. Sixteen spinning threads pinned to one
     * CPU (as a one-CPU container beside a busy process) each get it for a kernel tick in
     * sixteen, so most of sysmon's 2 ms windows on one of them see no CPU used; the CPU clock
     * alone called that thread blocked, and sysmon handed its P off outside the stuck
     * allowance. Its run state (R) says it runs.
     */
    @Test
    @Timeout(value = 60, threadMode = SEPARATE_THREAD)
    void aRunnableThreadWithoutACoreIsNotBlocked() throws Exception {
        assumeTrue(ThreadCpuClock.nanos(Thread.currentThread()) >= 0, "no thread CPU clock");
        assumeTrue(OsThread.currentTid() > 0, "no /proc/thread-self");
        String cpu = firstAllowedCpu();
        assumeTrue(cpu != null, "no Cpus_allowed_list in /proc/self/status");
        int n = 16;
        AtomicBoolean stop = new AtomicBoolean();
        var tids = new java.util.concurrent.atomic.AtomicIntegerArray(n);
        var spinners = new Thread[n];
        CountDownLatch started = new CountDownLatch(n);
        for (int i = 0; i < n; i++) {
            int k = i;
            spinners[i] = Thread.ofPlatform().daemon().start(() -> {
                tids.set(k, OsThread.currentTid());
                started.countDown();
                while (!stop.get()) Thread.onSpinWait();
            });
        }
        try {
            started.await();
            for (int i = 0; i < n; i++) {
                Process p;
                try {
                    p = new ProcessBuilder("taskset", "-p", "-c", cpu, Integer.toString(tids.get(i)))
                            .redirectErrorStream(true).start();
                } catch (java.io.IOException e) {
                    assumeTrue(false, "no taskset: " + e.getMessage());
                    return;
                }
                String out = new String(p.getInputStream().readAllBytes()).trim();
                // a container may forbid changing affinity; the ids themselves are OsThreadTest's
                assumeTrue(p.waitFor() == 0, "taskset -p -c " + cpu + " " + tids.get(i) + " refused: " + out);
            }
            Thread watched = spinners[0];
            int tid = tids.get(0);
            P pp = new P(null, 0);
            assertEquals(Sysmon.NATIVE_UNSURE, Sysmon.nativeState(pp, watched, tid, 5, System.nanoTime()), "a first sighting only records");
            long cpuBefore = ThreadCpuClock.nanos(watched), wallBefore = System.nanoTime();
            int quiet = 0, verdicts = 0;
            // Until five windows in which the thread used under a tenth of the wall time (the
            // timeout catches a machine that never leaves one quiet), and at least 20 verdicts.
            while (quiet < 5 || verdicts < 20) {
                Thread.sleep(1);
                long now = System.nanoTime();
                int state = Sysmon.nativeState(pp, watched, tid, 5, now);
                if (state == Sysmon.NATIVE_UNSURE) continue;
                long cpuNow = ThreadCpuClock.nanos(watched);
                boolean quietWindow = (cpuNow - cpuBefore) * 10 < now - wallBefore;
                cpuBefore = cpuNow;
                wallBefore = now;
                verdicts++;
                if (quietWindow) quiet++;
                assertEquals(Sysmon.NATIVE_ON_CPU, state, "verdict " + verdicts + " on a spinning thread"
                        + (quietWindow ? " that waited for its CPU through the window" : ""));
            }
        } finally {
            stop.set(true);
            for (Thread t : spinners) t.join();
        }
    }

    /** The first CPU this process may run on, from /proc/self/status ("0-1", "3,5"), or null. */
    private static String firstAllowedCpu() throws java.io.IOException {
        for (String l : java.nio.file.Files.readAllLines(java.nio.file.Path.of("/proc/self/status"))) {
            if (l.startsWith("Cpus_allowed_list:")) return l.substring(l.indexOf(':') + 1).trim().split("[-,]")[0];
        }
        return null;
    }

    /** The virtual thread switch's own native frames are not an undeclared blocking call. */
    @Test
    void continuationFramesAreNotBlockingNativeCode() {
        assertFalse(Sysmon.isBlockingNative(new StackTraceElement("jdk.internal.vm.Continuation", "doYield", null, -2)));
        assertFalse(Sysmon.isBlockingNative(new StackTraceElement("java.lang.VirtualThread", "notifyJvmtiUnmount", null, -2)));
        assertTrue(Sysmon.isBlockingNative(new StackTraceElement("java.io.FileInputStream", "readBytes", null, -2)));
        assertFalse(Sysmon.isBlockingNative(new StackTraceElement("java.lang.String", "indexOf", null, 12)));
    }
}
