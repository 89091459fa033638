package dev.go4j.internal.sched;

import dev.go4j.Chan;
import dev.go4j.Go;
import dev.go4j.time.Time;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.*;
import static org.junit.jupiter.api.Timeout.ThreadMode.SEPARATE_THREAD;

/**
 * GOMAXPROCS shrinks while a goroutine computes on a P beyond the new count with work
 * queued behind it on that P. Go stops the world to resize, so that goroutine is stopped
 * and the queued work moves; go4j marks the P and its owner destroys it at its next
 * scheduling point, which sysmon's preemption brings about. With every P in range idle,
 * sysmon used to count the runtime as all idle and sleep (Go's sysmonwait) with the
 * busy P beyond the count unwatched: the queued goroutine never ran.
 * Found by review.
 */
class ShrinkBesideBusyPTest {

    static int pid() { return G.current().m.p.id; }

    @Test
    @Timeout(value = 120, threadMode = SEPARATE_THREAD)
    void workQueuedOnAPBeyondTheNewCountRunsWhileItsOwnerComputes() {
        int done = 0, tried = 0;
        while (done < 10 && tried < 400) {
            tried++;
            AtomicBoolean ran = new AtomicBoolean(), placed = new AtomicBoolean();
            Go.run(() -> {
                Go.gomaxprocs(2);
                // A program that has run a while: sysmon has backed off and once found
                // every P idle (it slept in sysmonwait while main slept here).
                Sysmon sysmon = G.current().sched().sysmon;
                while (sysmon.waits == 0) Time.sleep(Duration.ofMillis(5));
                AtomicInteger aP = new AtomicInteger(-1);
                AtomicBoolean proceed = new AtomicBoolean(), abort = new AtomicBoolean(), bStarted = new AtomicBoolean();
                AtomicBoolean bRan = new AtomicBoolean();
                Chan<Integer> bDone = Chan.make(1);
                Go.go(() -> { // A: computes until B has run, checking in with the scheduler
                    aP.set(pid());
                    while (!proceed.get() && !abort.get()) Go.checkpoint();
                    if (abort.get()) return;
                    Go.go(() -> { // B: queued on A's P
                        bRan.set(true);
                        bDone.send(1);
                    });
                    bStarted.set(true);
                    while (!bRan.get()) Go.checkpoint();
                });
                // Both run at once on the two P's; go on only with main on P0 and A on P1.
                while (aP.get() < 0) Go.checkpoint();
                if (pid() != 0 || aP.get() != 1) {
                    abort.set(true);
                    return;
                }
                placed.set(true);
                proceed.set(true);
                while (!bStarted.get()) Go.checkpoint();
                Go.gomaxprocs(1); // P1 is A's: marked, to die when A lets it go
                bDone.recv(); // P0 idles; only a preemption of A gets B run
                ran.set(true);
            });
            if (placed.get()) {
                assertTrue(ran.get());
                done++;
            }
        }
        assertEquals(10, done, "rounds with main on P0 and A on P1, of " + tried);
    }
}
