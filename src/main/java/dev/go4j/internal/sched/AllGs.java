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
 *     its M and the G is not dead, that M pushes it onto its own list ({@link M#allgHead};
 *     only the owner writes). A G that runs to
 *     completion without ever parking -- the common spawn -- is never listed. G's that are
 *     not listed are runnable (in a run queue) or running (an M's curg), which is where
 *     dumps and checkdead look for them.
 * <li>The list is of {@link Entry entries}, not of G's: a dying G is marked
 *     {@code _Gdead} and cut from its entry, so a dead G is never kept reachable by a
 *     list. An ended goroutine's G reaches its virtual thread, whose task is the user's
 *     (a library's thread holding a connection, a request, a buffer), and an M that goes
 *     idle does not sweep its list for as long as it sleeps. Measured: after a B12 run
 *     (Jetty under wrk) 880 ended threads were still reachable, 64 of them holding their
 *     connections' 96 KB parser tables (the run queues' stale slots held the rest, see
 *     {@link RunQueue}).
 * <li>When an M's list has grown to twice its live size, the M unlinks the dead entries;
 *     it only re-points {@code next} of live entries past dead ones and never changes a
 *     dead entry's link, so a reader walking concurrently still reaches every live G.
 * </ul>
 */
final class AllGs {
    /**
     * A G's place on its M's list. {@code g} is cleared when the G dies; the entry itself
     * stays until the M's next sweep.
     */
    static final class Entry {
        // Plain fields: an entry is published by the volatile store of its M's list head,
        // and a reader that sees a stale g or next still sees a G it then finds dead, or
        // a link that still leads to every live entry (the sweep's rule below).
        /** The listed G, or null once it has died. */
        G g;
        /** The next entry; re-pointed only by the list's M, and only in a live entry. */
        Entry next;

        Entry(G g, Entry next) {
            this.g = g;
            this.next = next;
        }

        /** The G if it is alive, else null. */
        G live() {
            G g = this.g;
            return g == null || g.status == GStatus.DEAD ? null : g;
        }
    }

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
        // gp may be dying here while the M its last park returned to lists it (parked()):
        // each side stores, then reads the other's field, so both are volatile and at
        // least one side sees the other (a store-buffer pattern: with a release store
        // here, both missed about once in 300 tries in AllGsRaceTest, and the dead G
        // stayed on a list that an idle M never sweeps).
        gp.status = GStatus.DEAD;
        Entry e = gp.allgEntry;
        if (e != null) e.g = null;
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
        Entry e = new Entry(gp, mp.allgHead);
        gp.allgEntry = e; // volatile, then read status: see exited()
        mp.allgHead = e; // volatile: publishes gp and its link
        if (gp.status == GStatus.DEAD) e.g = null;
        if (++mp.allgLen > 2 * mp.allgLiveAtPurge + 256) {
            mp.allgLiveAtPurge = purge(mp.allgHead);
            mp.allgLen = mp.allgLiveAtPurge;
        }
    }

    /**
     * Unlinks the dead entries after the head (just pushed; its G may have died since);
     * returns the live count.
     */
    private static int purge(Entry head) {
        int live = 1;
        Entry prevLive = head;
        for (Entry e = head.next; e != null; e = e.next) {
            if (e.live() != null) {
                if (prevLive.next != e) prevLive.next = e;
                prevLive = e;
                live++;
            }
        }
        if (prevLive.next != null) prevLive.next = null;
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
            for (Entry e = mp.allgHead; e != null; e = e.next) {
                G g = e.live();
                if (g == null || ChildThreads.isSystem(g)) continue;
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
            for (Entry e = mp.allgHead; e != null; e = e.next) add.test(e.g);
        }
        for (P pp : sched.allp) pp.runq.forEach(add);
        sched.forEachGlobal(add);
        return out;
    }

    void clear() {
        for (M mp : sched.allm) mp.allgHead = null;
    }
}
