package dev.go4j;

import dev.go4j.internal.carrier.CarrierAdapter;
import dev.go4j.time.Time;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.*;
import static org.junit.jupiter.api.Timeout.ThreadMode.SEPARATE_THREAD;

/**
 * Ports of Go's TestYieldLocked and TestLockOSThreadNesting (runtime/proc_test.go); Go's
 * TestBlockLocked and TestYield(Locked)Progress are in SchedulerGuaranteesTest. Whether a
 * goroutine stayed wired to its M is read from its carrier thread, which is its M.
 */
@Timeout(value = 60, threadMode = SEPARATE_THREAD)
class LockOSThreadTest {

    private static final int CHURN = 500;

    /** Starts {@code n} goroutines that yield once each, so a wandering goroutine would show. */
    private static Chan<Boolean> churn(int n) {
        Chan<Boolean> done = Chan.make(n);
        for (int i = 0; i < n; i++) Go.go(() -> { Go.gosched(); done.send(true); });
        return done;
    }

    // TestYieldLocked: a locked goroutine yields and sleeps N times and ends still locked
    // (UnlockOSThread deliberately omitted). Go ends the thread with it; go4j reuses the
    // thread, so the runtime must go on running goroutines afterwards, at GOMAXPROCS 1 too.
    @RepeatedTest(3)
    void lockedGoroutineYieldsSleepsAndEndsLocked() {
        int N = 10;
        AtomicInteger iterations = new AtomicInteger(), moves = new AtomicInteger(), after = new AtomicInteger();
        Go.run(() -> {
            int base = Go.numGoroutine();
            Chan<Boolean> c = Chan.make();
            Go.go(() -> {
                Go.lockOSThread();
                Thread m = CarrierAdapter.currentCarrierThread();
                for (int i = 0; i < N; i++) {
                    Go.gosched();
                    Time.sleep(Duration.ofMillis(1));
                    if (CarrierAdapter.currentCarrierThread() != m) moves.incrementAndGet();
                    iterations.incrementAndGet();
                }
                c.send(true);
                // Go.unlockOSThread() is deliberately omitted
            });
            Chan<Boolean> churned = churn(CHURN);
            c.recv();
            for (int i = 0; i < CHURN; i++) churned.recv();
            // the locked goroutine ends; everything still runs, at one P as well
            Go.gomaxprocs(1);
            Chan<Boolean> later = Chan.make();
            for (int i = 0; i < 100; i++) Go.go(() -> { Go.gosched(); after.incrementAndGet(); later.send(true); });
            for (int i = 0; i < 100; i++) later.recv();
            while (Go.numGoroutine() != base) Go.gosched();
        });
        assertEquals(N, iterations.get());
        assertEquals(0, moves.get(), "the locked goroutine left its M");
        assertEquals(100, after.get());
    }

    // TestLockOSThreadNesting: locks nest; after lock, lock, unlock the goroutine is still
    // wired to its M, and the second unlock releases it (an extra unlock is harmless, as
    // in Go). Go checks runtime.LockOSCounts; here the M the goroutine runs on says it.
    @Test
    void locksNest() {
        AtomicInteger movesWhileLocked = new AtomicInteger(), rounds = new AtomicInteger();
        Go.run(() -> {
            Chan<Boolean> done = Chan.make();
            Go.go(() -> {
                Go.lockOSThread();
                Go.lockOSThread();
                Go.unlockOSThread();
                Thread m = CarrierAdapter.currentCarrierThread();
                for (int i = 0; i < 200; i++) {
                    Go.gosched();
                    if (i % 20 == 0) Time.sleep(Duration.ofNanos(100_000));
                    if (CarrierAdapter.currentCarrierThread() != m) movesWhileLocked.incrementAndGet();
                    rounds.incrementAndGet();
                }
                Go.unlockOSThread();
                Go.unlockOSThread(); // one too many: a no-op
                for (int i = 0; i < 50; i++) Go.gosched();
                done.send(true);
            });
            Chan<Boolean> churned = churn(CHURN);
            done.recv();
            for (int i = 0; i < CHURN; i++) churned.recv();
        });
        assertEquals(200, rounds.get());
        assertEquals(0, movesWhileLocked.get(), "still locked once after lock, lock, unlock, yet it left its M");
    }
}
