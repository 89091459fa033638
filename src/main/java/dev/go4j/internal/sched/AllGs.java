package dev.go4j.internal.sched;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;

/**
 * Go's allgs: the live goroutines of a runtime, for dumps, NumGoroutine and checkdead.
 *
 * <p>Implementation overview. Spawning and exiting are hot and happen on different cores,
 * so neither touches shared state here:
 * <ul>
 * <li>NumGoroutine is created minus exited, summed over per-M counters that only their
 *     own M writes ({@link M#gcreated}, {@link M#gexited}), plus one atomic counter for
 *     spawns from foreign threads.
 * <li>A G is listed only once it has parked at least once: when a G's task returns to
 *     its M and the G is not dead, that M pushes it onto its own list ({@link M#allgHead},
 *     linked through {@link G#allNext}; only the owner writes). A G that runs to
 *     completion without ever parking -- the common spawn -- is never listed. G's that are
 *     not listed are runnable (in a run queue) or running (an M's curg), which is where
 *     dumps and checkdead look for them.
 * <li>A dying G is only marked {@code _Gdead}. When an M's list has grown to twice its
 *     live size, the M unlinks the dead G's; it only re-points {@code allNext} of live G's
 *     past dead ones and never changes a dead G's link, so a reader walking concurrently
 *     still reaches every live G.
 * </ul>
 */
final class AllGs {
    private final Sched sched;
    final java.util.concurrent.atomic.AtomicLong foreignCreated = new java.util.concurrent.atomic.AtomicLong();
    /** Live system goroutines (ChildThreads): counted above, left out of size() and checkdead. */
    final java.util.concurrent.atomic.AtomicInteger system = new java.util.concurrent.atomic.AtomicInteger();

    private static final VarHandle LISTED;
    static {
        try {
            LISTED = MethodHandles.privateLookupIn(G.class, MethodHandles.lookup()).findVarHandle(G.class, "listed", boolean.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    AllGs(Sched sched) { this.sched = sched; }

    /** Counts a new G; {@code mp} is the spawner's M, or null for a foreign thread. */
    void created(M mp) {
        if (mp != null) mp.countCreated();
        else foreignCreated.incrementAndGet();
    }

    /** Counts gp's end on {@code mp}, the M it exits on (null if it ran elsewhere). */
    void exited(G gp, M mp) {
        gp.setStatusRelease(GStatus.DEAD); // published by the virtual thread's termination
        if (mp != null) mp.countExited();
        else foreignCreated.decrementAndGet();
    }

    /**
     * Called by {@code mp} when gp's task returned with gp still alive (it parked or
     * yielded): lists gp on mp's list the first time. The G may already be running on
     * another M whose task returned too, hence the CAS.
     */
    void parked(G gp, M mp) {
        if (gp.listed || !LISTED.compareAndSet(gp, false, true)) return;
        sched.events.firstPark(gp);
        gp.allNext = mp.allgHead;
        mp.allgHead = gp; // volatile: publishes gp and its link
        if (++mp.allgLen > 2 * mp.allgLiveAtPurge + 256) {
            mp.allgLiveAtPurge = purge(mp.allgHead);
            mp.allgLen = mp.allgLiveAtPurge;
        }
    }

    /** Unlinks dead G's after the head (just pushed, alive); returns the live count. */
    private static int purge(G head) {
        int live = 1;
        G prevLive = head;
        for (G g = head.allNext; g != null; g = g.allNext) {
            if (g.status != GStatus.DEAD) {
                if (prevLive.allNext != g) prevLive.allNext = g;
                prevLive = g;
                live++;
            }
        }
        if (prevLive.allNext != null) prevLive.allNext = null;
        return live;
    }

    /** Live G's: exact whenever nothing spawns or exits meanwhile. */
    int size() {
        long n = foreignCreated.get() - system.get();
        for (M mp : sched.allm) n += mp.gcreated - mp.gexited;
        return n < 0 ? 0 : (int) Math.min(Integer.MAX_VALUE, n);
    }

    /**
     * For checkdead: true if every live G is listed and satisfies {@code test}. Call it
     * only when nothing runs (every P idle), so that the counts are stable.
     */
    boolean allLiveListedAnd(Predicate<G> test) {
        long listedLive = 0;
        for (M mp : sched.allm) {
            for (G g = mp.allgHead; g != null; g = g.allNext) {
                if (g.status == GStatus.DEAD || ChildThreads.isSystem(g)) continue;
                if (!test.test(g)) return false;
                listedLive++;
            }
        }
        return listedLive == size();
    }

    /** Every live G we can find: listed ones, queued ones, running ones (for dumps). */
    List<G> snapshot() {
        Set<G> seen = Collections.newSetFromMap(new IdentityHashMap<>());
        List<G> out = new ArrayList<>();
        Predicate<G> add = g -> {
            if (g != null && g.status != GStatus.DEAD && ChildThreads.shownInDumps(g) && seen.add(g)) out.add(g);
            return true;
        };
        for (M mp : sched.allm) {
            add.test(mp.curg);
            for (G g = mp.allgHead; g != null; g = g.allNext) add.test(g);
        }
        for (P pp : sched.allp) pp.runq.forEach(add);
        sched.forEachGlobal(add);
        return out;
    }

    void clear() {
        for (M mp : sched.allm) mp.allgHead = null;
    }
}
