package dev.go4j.internal.sched;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.concurrent.atomic.AtomicInteger;

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
        Thread exiter = new Thread(() -> {
            for (int i = 0; i < rounds; i++) {
                for (int spins = 0; go.get() < i; spins++) pause(spins);
                sched.allgs.exited(gs[i], null);
                exitedUpTo.set(i);
            }
        });
        exiter.start();
        int kept = 0;
        for (int i = 0; i < rounds; i++) {
            G gp = gs[i];
            go.set(i);
            sched.allgs.parked(gp, lister);
            for (int spins = 0; exitedUpTo.get() < i; spins++) pause(spins);
            if (lister.allgHead.g == gp) kept++;
            lister.allgHead = null; // the next round's list starts empty; no sweep runs
            lister.allgLen = 0;
        }
        exiter.join();
        assertEquals(0, kept, kept + " of " + rounds + " G's that died while being listed are still on the list");
    }

    /** Spins (the two sides must overlap for the race), then yields: one CPU must finish too. */
    private static void pause(int spins) {
        if (spins < 1_000) Thread.onSpinWait();
        else Thread.yield();
    }
}
