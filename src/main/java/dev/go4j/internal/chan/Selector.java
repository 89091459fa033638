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
 * Received values are returned in {@code vals[casi]} (null: channel closed).
 */
public final class Selector {
    private Selector() {}

    private static final Object FOREVER = new Object();

    /**
     * Mirrors selectgo.
     *
     * @param cs     the channel of each case; null = never ready
     * @param isSend whether each case sends
     * @param vals   in: the value of each send case; out: the value received by the
     *               chosen receive case (null if its channel is closed)
     * @param block  false when there is a default case
     * @return the chosen case, or -1 if none was ready and {@code block} is false
     */
    public static int selectgo(HChan[] cs, boolean[] isSend, Object[] vals, boolean block) {
        int ncases = cs.length;
        // Generate the permuted poll order (Go: cheaprandn), skipping nil channels.
        int[] pollorder = new int[ncases];
        int norder = 0;
        ThreadLocalRandom rnd = ThreadLocalRandom.current();
        for (int i = 0; i < ncases; i++) {
            if (cs[i] == null) continue;
            int j = norder == 0 ? 0 : rnd.nextInt(norder + 1);
            pollorder[norder] = pollorder[j];
            pollorder[j] = i;
            norder++;
        }
        if (norder == 0) {
            if (!block) return -1;
            blockForever(ncases == 0 ? WaitReason.SELECT_NO_CASES : WaitReason.SELECT);
        }
        int[] lockorder = lockOrder(cs, pollorder, norder);

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
                Sudog sg = c.closed ? null : c.sendq.dequeue();
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
        Waiter w = Waiter.current();
        w.param = null;
        w.resetSelect();
        Sudog[] sgs = new Sudog[norder];
        for (int k = 0; k < norder; k++) {
            int casi = lockorder[k];
            HChan c = cs[casi];
            Sudog sg = new Sudog(w);
            sg.isSelect = true;
            sg.casi = casi;
            sg.c = c;
            if (isSend[casi]) {
                sg.elem = vals[casi];
                c.sendq.enqueue(sg);
            } else {
                c.recvq.enqueue(sg);
            }
            sgs[k] = sg;
        }
        selunlock(cs, lockorder, norder);
        boolean interrupted = false;
        while (w.param == null) interrupted |= Parking.gopark(FOREVER, WaitReason.SELECT);
        Parking.restoreInterrupt(interrupted);

        // Pass 3: dequeue from the unsuccessful channels.
        sellock(cs, lockorder, norder);
        Sudog win = w.param;
        w.param = null;
        int chosen = -1;
        for (Sudog sg : sgs) {
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
        if (isSend[chosen]) {
            if (!win.success) throw HChan.sendOnClosed(); // closed while we waited
        } else {
            vals[chosen] = win.success ? win.elem : null;
        }
        return chosen;
    }

    /** Go's {@code block()} for {@code select {}} (or a select of nil channels only). */
    private static void blockForever(WaitReason reason) {
        for (;;) Parking.gopark(FOREVER, reason);
    }

    /** The poll-order cases sorted by channel id (Go: a heap sort by address). */
    private static int[] lockOrder(HChan[] cs, int[] pollorder, int n) {
        int[] lo = new int[n];
        // Build a max-heap by id, then sort it in place (Go's heap sort: O(n log n) and
        // no extra space, as select may have many cases).
        for (int i = 0; i < n; i++) {
            int j = i;
            int casi = pollorder[i];
            long id = cs[casi].id;
            while (j > 0) {
                int p = (j - 1) / 2;
                if (cs[lo[p]].id >= id) break;
                lo[j] = lo[p];
                j = p;
            }
            lo[j] = casi;
        }
        for (int i = n - 1; i >= 0; i--) {
            int o = lo[i];
            long id = cs[o].id;
            lo[i] = lo[0];
            int j = 0;
            for (;;) {
                int k = j * 2 + 1;
                if (k >= i) break;
                if (k + 1 < i && cs[lo[k]].id < cs[lo[k + 1]].id) k++;
                if (id < cs[lo[k]].id) {
                    lo[j] = lo[k];
                    j = k;
                    continue;
                }
                break;
            }
            lo[j] = o;
        }
        return lo;
    }

    /** Mirrors sellock: locks each distinct channel once, in lock order. */
    private static void sellock(HChan[] cs, int[] lockorder, int n) {
        HChan prev = null;
        for (int k = 0; k < n; k++) {
            HChan c = cs[lockorder[k]];
            if (c != prev) {
                prev = c;
                c.lock();
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
