package dev.go4j.internal.sched;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.*;
import static org.junit.jupiter.api.Assumptions.assumeTrue;
import static org.junit.jupiter.api.Timeout.ThreadMode.SEPARATE_THREAD;

/** The kernel's view of a thread that sysmon asks for: its id, and whether it is runnable. */
class OsThreadTest {
    @Test
    @Timeout(value = 60, threadMode = SEPARATE_THREAD)
    void idsAreThreadsOwnAndTheRunStateFollowsTheThread() throws Exception {
        int self = OsThread.currentTid();
        assumeTrue(self > 0, "no /proc/thread-self");
        assertEquals(OsThread.RUNNABLE, OsThread.runState(self), "the calling thread runs");
        assertEquals(OsThread.UNKNOWN, OsThread.runState(-1));

        AtomicInteger tid = new AtomicInteger(-1);
        CountDownLatch release = new CountDownLatch(1);
        Thread waiter = Thread.ofPlatform().name("a (name) with ) parentheses").start(() -> {
            tid.set(OsThread.currentTid());
            try {
                release.await();
            } catch (InterruptedException e) {
                throw new AssertionError(e);
            }
        });
        try {
            while (waiter.getState() != Thread.State.WAITING) Thread.onSpinWait();
            assertNotEquals(self, tid.get(), "each thread has its own id");
            assertTrue(tid.get() > 0);
            // WAITING in Java is parked in the kernel soon after (the timeout catches a never)
            while (OsThread.runState(tid.get()) != OsThread.SLEEPING) Thread.sleep(1);
        } finally {
            release.countDown();
            waiter.join();
        }

        // The state follows the last ')': a parser that stopped at the first one would read
        // a letter of this spinner's name ('w') and call it asleep.
        AtomicInteger spinnerTid = new AtomicInteger(-1);
        var stop = new java.util.concurrent.atomic.AtomicBoolean();
        Thread spinner = Thread.ofPlatform().name("a (name) with ) parentheses").start(() -> {
            spinnerTid.set(OsThread.currentTid());
            while (!stop.get()) Thread.onSpinWait();
        });
        try {
            while (spinnerTid.get() < 0) Thread.onSpinWait();
            // Runnable in most looks, not every one: even a spinning Java thread sleeps in
            // the kernel while it is stopped at a safepoint (the GC's, in CI's run on one
            // CPU). A parser that read the name's letter would never see it runnable.
            int state = OsThread.UNKNOWN;
            for (int look = 0; look < 1000 && state != OsThread.RUNNABLE; look++) {
                state = OsThread.runState(spinnerTid.get());
                if (state != OsThread.RUNNABLE) Thread.sleep(1);
            }
            assertEquals(OsThread.RUNNABLE, state, "a spinning thread runs, or waits for a core");
        } finally {
            stop.set(true);
            spinner.join();
        }
    }
}
