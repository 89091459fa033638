package dev.go4j;

import dev.go4j.internal.sched.G;
import dev.go4j.internal.sched.GStatus;
import dev.go4j.internal.sched.WaitReason;

/** Test helper: waits (yielding, never sleeping) until goroutines are parked for a reason. */
final class Parked {
    private Parked() {}

    /** Number of goroutines of the caller's runtime parked with reason r. */
    static int count(WaitReason r) {
        G me = G.current();
        if (me == null) throw new IllegalStateException("call from a goroutine");
        int n = 0;
        for (G g : me.sched().allgs()) {
            if (g.status() == GStatus.WAITING && g.waitReason() == r) n++;
        }
        return n;
    }

    /** Yields until exactly n goroutines are parked with reason r. */
    static void await(int n, WaitReason r) {
        while (count(r) != n) Go.gosched();
    }
}
