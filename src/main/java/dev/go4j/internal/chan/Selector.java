package dev.go4j.internal.chan;

import dev.go4j.internal.sched.Parking;
import dev.go4j.internal.sched.WaitReason;

import java.util.concurrent.ThreadLocalRandom;

/**
 * Go's select statement: the algorithm of runtime/select.go (selectgo).
 *
 * <p>Implementation overview.
 * <ol>
 * <li>A random permutation of the cases with a non-null channel ({@code pollorder}), so
 *     that when several are ready each is picked with equal chance; and the same cases
 *     sorted by channel id ({@code lockorder}), so that two selects always lock shared
 *     channels in the same order and cannot deadlock each other. A null channel is
 *     Go's nil channel: never ready, never locked.</li>
 * <li>Lock every channel (each once, even if it appears in several cases).</li>
 * <li>Pass 1: in poll order, take the first case that can proceed now (a parked partner,
 *     buffer room / a buffered value, or a closed channel).</li>
 * <li>Non-blocking (Go's {@code default}): give up. Otherwise pass 2: enqueue one sudog
 *     per case on every channel, unlock all, and park until a waker wins the select's
 *     {@code selectDone} race and publishes its sudog.</li>
 * <li>Pass 3: lock all again, take the other sudogs off their queues, and report the
 *     case the winning sudog stands for.</li>
 * </ol>
 * Received values are returned in {@code vals[casi]} (null: channel closed). The
 * working arrays and the sudogs come from the thread's {@link SelectFrame}.
 */
public final class Selector {
    private Selector() {}

    private static final Object FOREVER = new Object();

    /** The calling thread's select frame, with room for n cases. */
    public static SelectFrame frame(int n) {
        return Waiter.current().frame().ensure(n);
    }

    /**
     * Mirrors selectgo over the first {@code ncases} cases of frame {@code f} (from
     * {@link #frame}): {@code f.cs[i]} the channel (null = never ready), {@code f.ids[i]}
     * its {@link HChan#id()},
     * {@code f.isSend[i]} the direction, {@code f.vals[i]} the value to send. On return
     * {@code f.vals[chosen]} holds the value received by a chosen receive case (null if
     * its channel is closed).
     *
     * @param block false when there is a default case
     * @return the chosen case, or -1 if none was ready and {@code block} is false
     */
    public static int selectgo(SelectFrame f, int ncases, boolean block) {
        Parking.preemptPoint(); // as in HChan.send: a select whose case is ready at once never parks
        HChan[] cs = f.cs;
        boolean[] isSend = f.isSend;
        Object[] vals = f.vals;
        // Generate the permuted poll order (Go: cheaprandn), skipping nil channels.
        int[] pollorder = f.pollorder;
        int norder = 0;
        // One seed per select, then an LCG step and Go's cheaprandn multiply-shift (Lemire)
        // per case: the high 32 bits of an LCG are plenty for a shuffle of a few cases.
        long r = ThreadLocalRandom.current().nextLong();
        for (int i = 0; i < ncases; i++) {
            if (cs[i] == null) continue;
            if (cs[i].timer) cs[i].maybeRunTimer(); // as selectgo, before any lock
            int j = (int) (((r >>> 32) * (norder + 1)) >>> 32);
            r = r * 6364136223846793005L + 1442695040888963407L;
            pollorder[norder] = pollorder[j];
            pollorder[j] = i;
            norder++;
        }
        if (norder == 0) {
            if (!block) return -1;
            blockForever(ncases == 0 ? WaitReason.SELECT_NO_CASES : WaitReason.SELECT);
        }
        int[] lockorder = f.lockorder;
        if (!f.lockOrderValid(ncases)) {
            lockOrder(f.ids, pollorder, norder, lockorder, f.keys);
            f.lockOrderComputed(ncases, norder);
        }

        sellock(cs, lockorder, norder);

        // Pass 1: look for something already waiting.
        for (int k = 0; k < norder; k++) {
            int casi = pollorder[k];
            HChan c = cs[casi];
            if (isSend[casi]) {
                if (c.closed) {
                    selunlock(cs, lockorder, norder);
                    throw HChan.sendOnClosed();
                }
                Sudog sg = c.recvq.dequeue();
                if (sg != null) {
                    Thread t = c.sendDirect(sg, vals[casi]);
                    selunlock(cs, lockorder, norder);
                    Parking.goready(t);
                    return casi;
                }
                if (c.qcount < c.dataqsiz) {
                    c.bufPut(vals[casi]);
                    selunlock(cs, lockorder, norder);
                    return casi;
                }
            } else {
                Sudog sg = c.sendq.dequeue();
                if (sg != null) {
                    vals[casi] = c.recvDirect(sg);
                    Thread t = sg.waiter.thread;
                    selunlock(cs, lockorder, norder);
                    Parking.goready(t);
                    return casi;
                }
                if (c.qcount > 0) {
                    vals[casi] = c.bufTake();
                    selunlock(cs, lockorder, norder);
                    return casi;
                }
                if (c.closed) {
                    vals[casi] = null;
                    selunlock(cs, lockorder, norder);
                    return casi;
                }
            }
        }

        if (!block) {
            selunlock(cs, lockorder, norder);
            return -1;
        }

        // Pass 2: enqueue on all channels (in lock order, as Go builds its sglist).
        Waiter w = f.waiter;
        w.param = null;
        w.resetSelect();
        for (int k = 0; k < norder; k++) {
            int casi = lockorder[k];
            HChan c = cs[casi];
            Sudog sg = f.sudog(k);
            sg.isSelect = true;
            sg.success = false;
            sg.casi = casi;
            sg.c = c;
            if (isSend[casi]) {
                sg.elem = vals[casi];
                c.sendq.enqueue(sg);
            } else {
                sg.elem = null;
                c.recvq.enqueue(sg);
            }
        }
        selunlock(cs, lockorder, norder);
        boolean interrupted = false;
        while (w.param == null) interrupted |= Parking.gopark(FOREVER, WaitReason.SELECT);
        Parking.restoreInterrupt(interrupted);

        // Pass 3: dequeue from the unsuccessful channels.
        sellock(cs, lockorder, norder);
        Sudog win = w.param;
        int chosen = -1;
        for (int k = 0; k < norder; k++) {
            Sudog sg = f.sudogs[k];
            if (sg == win) {
                chosen = sg.casi;
            } else if (isSend[sg.casi]) {
                sg.c.sendq.remove(sg);
            } else {
                sg.c.recvq.remove(sg);
            }
        }
        selunlock(cs, lockorder, norder);
        if (chosen < 0) throw new IllegalStateException("select: bad wakeup");
        boolean ok = win.success;
        Object v = win.elem;
        for (int k = 0; k < norder; k++) {
            Sudog sg = f.sudogs[k];
            sg.elem = null;
            sg.c = null;
        }
        if (isSend[chosen]) {
            if (!ok) throw HChan.sendOnClosed(); // closed while we waited
        } else {
            vals[chosen] = ok ? v : null;
        }
        return chosen;
    }

    /** Go's {@code block()} for {@code select {}} (or a select of nil channels only). */
    private static void blockForever(WaitReason reason) {
        NilChan.blockForever(reason);
    }

    /**
     * The poll-order cases sorted by channel id into {@code lo} (Go: a heap sort by
     * address). Small selects use an insertion sort over the ids copied to {@code keys}
     * (cheaper for a handful of cases); large ones Go's heap sort, which is O(n log n)
     * and needs no extra space.
     */
    private static void lockOrder(long[] ids, int[] pollorder, int n, int[] lo, long[] keys) {
        if (n <= 16) {
            for (int i = 0; i < n; i++) {
                int casi = pollorder[i];
                long id = ids[casi];
                int j = i - 1;
                while (j >= 0 && keys[j] > id) {
                    keys[j + 1] = keys[j];
                    lo[j + 1] = lo[j];
                    j--;
                }
                keys[j + 1] = id;
                lo[j + 1] = casi;
            }
            return;
        }
        for (int i = 0; i < n; i++) {
            int j = i;
            int casi = pollorder[i];
            long id = ids[casi];
            while (j > 0) {
                int p = (j - 1) / 2;
                if (ids[lo[p]] >= id) break;
                lo[j] = lo[p];
                j = p;
            }
            lo[j] = casi;
        }
        for (int i = n - 1; i >= 0; i--) {
            int o = lo[i];
            long id = ids[o];
            lo[i] = lo[0];
            int j = 0;
            for (;;) {
                int k = j * 2 + 1;
                if (k >= i) break;
                if (k + 1 < i && ids[lo[k]] < ids[lo[k + 1]]) k++;
                if (id < ids[lo[k]]) {
                    lo[j] = lo[k];
                    j = k;
                    continue;
                }
                break;
            }
            lo[j] = o;
        }
    }

    /** Mirrors sellock: locks each distinct channel once, in lock order. */
    private static void sellock(HChan[] cs, int[] lockorder, int n) {
        HChan prev = null;
        for (int k = 0; k < n; k++) {
            HChan c = cs[lockorder[k]];
            if (c != prev) {
                // Only the first lock may park: a holder of a channel lock never parks
                // (see ChanLock), so the later ones are spun for.
                if (prev == null) c.lock();
                else c.lockNoPark();
                prev = c;
            }
        }
    }

    /** Mirrors selunlock: unlocks in reverse, each distinct channel once. */
    private static void selunlock(HChan[] cs, int[] lockorder, int n) {
        for (int k = n - 1; k >= 0; k--) {
            HChan c = cs[lockorder[k]];
            if (k > 0 && c == cs[lockorder[k - 1]]) continue;
            c.unlock();
        }
    }
}
