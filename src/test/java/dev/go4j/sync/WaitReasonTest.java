package dev.go4j.sync;

import dev.go4j.DeadlockError;
import dev.go4j.Go;
import dev.go4j.internal.sched.G;
import dev.go4j.internal.sched.GStatus;
import dev.go4j.internal.sched.WaitReason;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import static org.junit.jupiter.api.Assertions.*;

/** Goroutines blocked in sync primitives park with Go's wait reasons, and count as asleep for deadlock detection. */
@Timeout(60)
class WaitReasonTest {

    /** Starts body in a goroutine and waits until it parks with the given reason. */
    static void awaitParked(WaitGroup wg, WaitReason reason, Runnable body) {
        var g = new G[1];
        var started = new WaitGroup();
        started.add(1);
        wg.go(() -> { g[0] = G.current(); started.done(); body.run(); });
        started.await();
        while (!(g[0].status() == GStatus.WAITING && g[0].waitReason() == reason)) Go.gosched();
        assertEquals(reason.text(), g[0].waitReason().toString());
    }

    @Test
    void condWait() {
        GoRun.run(() -> {
            var m = new Mutex();
            var c = new Cond(m);
            var wg = new WaitGroup();
            var go = new boolean[1];
            awaitParked(wg, WaitReason.SYNC_COND_WAIT, () -> {
                m.lock();
                while (!go[0]) c.await();
                m.unlock();
            });
            m.lock();
            go[0] = true;
            c.signal();
            m.unlock();
            wg.await();
        });
    }

    @Test
    void semaphoreAcquire() {
        GoRun.run(() -> {
            var sem = new Semaphore(1);
            sem.acquire(1);
            var wg = new WaitGroup();
            awaitParked(wg, WaitReason.SEMACQUIRE, () -> { sem.acquire(1); sem.release(1); });
            sem.release(1);
            wg.await();
        });
    }

    @Test
    void rwMutexRLockAndLock() {
        GoRun.run(() -> {
            var rw = new RWMutex();
            rw.lock();
            var wg = new WaitGroup();
            awaitParked(wg, WaitReason.SYNC_RWMUTEX_RLOCK, () -> { rw.rLock(); rw.rUnlock(); });
            rw.unlock();
            wg.await();
            rw.rLock();
            awaitParked(wg, WaitReason.SYNC_RWMUTEX_LOCK, () -> { rw.lock(); rw.unlock(); });
            rw.rUnlock();
            wg.await();
        });
    }

    @Test
    void onceWaitersParkOnItsMutex() {
        GoRun.run(() -> {
            var once = new Once();
            var release = new WaitGroup();
            release.add(1);
            var wg = new WaitGroup();
            awaitParked(wg, WaitReason.SYNC_WAITGROUP_WAIT, () -> once.run(release::await));
            awaitParked(wg, WaitReason.SYNC_MUTEX_LOCK, () -> once.run(() -> fail("ran twice")));
            release.done();
            wg.await();
            assertTrue(once.done());
        });
    }

    @Test
    void deadlockOnCondWithoutSignaller() {
        var e = assertThrows(DeadlockError.class, () -> Go.run(() -> {
            var m = new Mutex();
            var c = new Cond(m);
            m.lock();
            c.await();
        }));
        assertEquals("all goroutines are asleep - deadlock!", e.getMessage().lines().findFirst().orElse(""));
    }

    @Test
    void deadlockOnSemaphore() {
        assertThrows(DeadlockError.class, () -> Go.run(() -> {
            var sem = new Semaphore(2);
            sem.acquire(2);
            sem.acquire(1);
        }));
    }
}
