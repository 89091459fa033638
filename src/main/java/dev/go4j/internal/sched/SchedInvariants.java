package dev.go4j.internal.sched;

import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The scheduler's bookkeeping invariants, checked on a live runtime: for tests, the
 * stress run, and {@code -Dgo4j.checkinvariants=true} (every stopm checks the idle lists).
 *
 * <p>Two kinds of checks. Those guarded by the sched lock ({@link #checkLocked}) hold at
 * every instant the lock is held: the idle P and M lists and their counts. The others
 * relate state that different threads change without the lock (a P's owner and the M's
 * {@code p}, a G's status and the queue it sits in, the spinning count); {@link #check}
 * takes repeated snapshots and reports a violation only if it persists, so a transition
 * caught half-way is not reported while a real leak (a P owned by nobody and listed
 * nowhere, an M idle twice, a G queued twice) is.
 */
public final class SchedInvariants {
    private SchedInvariants() {}

    /** Snapshots are retried this many times before a violation counts. */
    private static final int ATTEMPTS = 200;

    /**
     * Checks every invariant; throws AssertionError naming each violation that persisted
     * over repeated snapshots (about a second).
     */
    public static void check(Sched sched) {
        List<String> last = List.of();
        for (int i = 0; i < ATTEMPTS; i++) {
            List<String> v = new ArrayList<>();
            sched.lock.lock();
            try {
                v.addAll(lockedViolations(sched));
                v.addAll(liveViolations(sched));
            } finally {
                sched.lock.unlock();
            }
            if (v.isEmpty()) return;
            last = v;
            try {
                Thread.sleep(5);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        throw new AssertionError("scheduler invariants violated: " + String.join("; ", last));
    }

    /** The lock-guarded invariants; sched lock held. Reports a violation as a fatal runtime error. */
    static void checkLocked(Sched sched) {
        List<String> v = lockedViolations(sched);
        if (!v.isEmpty()) sched.runState.fatal("go4j: scheduler invariants violated: " + String.join("; ", v), null);
    }

    /** Idle lists and counts (sched lock held). */
    private static List<String> lockedViolations(Sched sched) {
        List<String> v = new ArrayList<>();
        Idle idle = sched.idle;
        Set<P> ps = Collections.newSetFromMap(new IdentityHashMap<>());
        int np = 0;
        for (P pp = idle.pidleHead(); pp != null; pp = pp.link) {
            if (!ps.add(pp)) {
                v.add(pp + " is on the idle P list twice");
                break;
            }
            np++;
            if (pp.status != P.IDLE) v.add(pp + " is on the idle P list but not _Pidle");
            if (pp.m != null) v.add(pp + " is on the idle P list but owned by M" + pp.m.mid);
            if (pp.id >= sched.gomaxprocs) v.add(pp + " is on the idle P list beyond GOMAXPROCS=" + sched.gomaxprocs);
        }
        if (np != idle.npidle.get()) v.add("npidle=" + idle.npidle.get() + " but the idle P list has " + np);
        if (idle.npidle.get() > sched.gomaxprocs) v.add("npidle=" + idle.npidle.get() + " > gomaxprocs=" + sched.gomaxprocs);
        Set<M> ms = Collections.newSetFromMap(new IdentityHashMap<>());
        int nm = 0;
        for (M mp = idle.midleHead(); mp != null; mp = mp.schedlink) {
            if (!ms.add(mp)) {
                v.add("M" + mp.mid + " is on the idle M list twice");
                break;
            }
            nm++;
            if (!mp.onIdleList) v.add("M" + mp.mid + " is on the idle M list but not marked so");
        }
        if (nm != idle.nmidle) v.add("nmidle=" + idle.nmidle + " but the idle M list has " + nm);
        if (idle.nmidle + idle.nmidlelocked > idle.mcount) v.add("more idle M's than M's");
        return v;
    }

    /** Ownership, spinning and G placement (sched lock held, other threads running). */
    private static List<String> liveViolations(Sched sched) {
        List<String> v = new ArrayList<>();
        P[] allp = sched.allp;
        Map<M, P> owners = new IdentityHashMap<>();
        for (P pp : allp) {
            int s = pp.status;
            if (pp.id >= sched.gomaxprocs && s != P.DEAD && !pp.destroyRequested) {
                v.add(pp + " is beyond GOMAXPROCS=" + sched.gomaxprocs + " but alive and not being destroyed");
            }
            if (s == P.RUNNING || s == P.LOCKED) {
                M mp = pp.m;
                if (mp == null) v.add(pp + " is running but has no M");
                else if (mp.p != pp) v.add(pp + " is owned by M" + mp.mid + " whose p is " + mp.p);
                else {
                    P other = owners.put(mp, pp);
                    if (other != null) v.add("M" + mp.mid + " owns both " + other + " and " + pp);
                }
            }
            if (s == P.IDLE && pp.m != null) v.add(pp + " is idle but owned by M" + pp.m.mid);
        }
        int spinning = 0;
        for (M mp : sched.allm) {
            if (mp.spinning) spinning++;
            if (mp.onIdleList && mp.p != null) v.add("M" + mp.mid + " is idle but holds " + mp.p);
        }
        if (spinning != sched.idle.nmspinning.get()) {
            v.add("nmspinning=" + sched.idle.nmspinning.get() + " but " + spinning + " M's are spinning");
        }
        // Every queued G is queued once, is runnable, and is nobody's curg.
        Set<G> queued = Collections.newSetFromMap(new IdentityHashMap<>());
        java.util.function.Predicate<G> visit = g -> {
            if (g == null) return true;
            if (!queued.add(g)) v.add("goroutine " + g.goid + " is queued twice");
            if (g.status != GStatus.RUNNABLE) v.add("goroutine " + g.goid + " is queued but " + GStatus.name(g.status));
            return true;
        };
        for (P pp : allp) pp.runq.forEach(visit);
        sched.runq.forEach(visit::test);
        for (M mp : sched.allm) {
            G g = mp.curg;
            if (g != null && queued.contains(g)) v.add("goroutine " + g.goid + " is queued and running on M" + mp.mid);
        }
        return v;
    }
}
