package dev.go4j.internal.sched;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;

import static org.junit.jupiter.api.Assertions.*;

/**
 * A G's first park is listed by the M its task returned to ({@link AllGs#parked}) while
 * the G, already woken, may be ending on another M ({@link AllGs#exited}). Each side
 * stores its half and then reads the other's: whichever order the two threads run in,
 * one of them must see the other and clear the entry, or the dead G (its thread, the
 * user's task) stays reachable from an M's list until that M next sweeps it, which an
 * idle M never does. A store-buffer litmus test, run many times from a common start.
 */
@Timeout(120)
class AllGsRaceTest {
    @Test
    void aGThatDiesWhileBeingListedIsNeverKeptByTheList() throws Exception {
        Sched sched = new Sched(false, 1);
        M lister = new M(sched, 1, null, false);
        final int rounds = 200_000;
        G[] gs = new G[rounds];
        for (int i = 0; i < rounds; i++) gs[i] = new G(sched, i + 1, 0, Runnable.class);
        AtomicInteger go = new AtomicInteger(-1);
        AtomicInteger exitedUpTo = new AtomicInteger(-1);
        Thread main = Thread.currentThread();
        Thread exiter = new Thread(() -> {
            for (int i = 0; i < rounds; i++) {
                for (int spins = 0; go.get() < i; spins++) pause(spins);
                if (go.get() == Integer.MAX_VALUE) return;
                sched.allgs.exited(gs[i], null);
                exitedUpTo.set(i);
                LockSupport.unpark(main);
            }
        });
        exiter.start();
        // Bounded in time too: on a loaded CPU a round is a thread switch each way, and
        // fewer rounds only make the race rarer, never the count wrong.
        long deadline = System.nanoTime() + 20_000_000_000L;
        int kept = 0, done = 0;
        for (int i = 0; i < rounds && System.nanoTime() - deadline < 0; i++, done++) {
            G gp = gs[i];
            go.set(i);
            LockSupport.unpark(exiter);
            sched.allgs.parked(gp, lister);
            for (int spins = 0; exitedUpTo.get() < i; spins++) pause(spins);
            if (lister.allgHead.g == gp) kept++;
            lister.allgHead = null; // the next round's list starts empty; no sweep runs
            lister.allgLen = 0;
        }
        go.set(Integer.MAX_VALUE);
        LockSupport.unpark(exiter);
        exiter.join();
        assertTrue(done > 0);
        assertEquals(0, kept, kept + " of " + done + " G's that died while being listed are still on the list");
    }

    /**
     * Spins (the two sides must overlap for the race), then parks until the other side
     * unparks it: one CPU, even a busy one, must finish too.
     */
    private static void pause(int spins) {
        if (spins < 1_000) Thread.onSpinWait();
        else LockSupport.parkNanos(1_000_000);
    }
}
