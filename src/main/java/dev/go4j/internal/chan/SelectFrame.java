package dev.go4j.internal.chan;

/**
 * The working arrays of one select: its cases (channel, direction, value), the poll and
 * lock orders and the sudogs of a blocked select. One frame per goroutine or thread,
 * reused by each of its selects (Go keeps these on the goroutine's stack), so that a
 * select allocates nothing in the steady state. A frame is used by one select at a time:
 * the caller reads the outcome before running the chosen case's handler, which may
 * itself select.
 */
public final class SelectFrame {
    /** The channel of each case; null = never ready (nil channel, or the default case). */
    public HChan[] cs = new HChan[8];
    /** Whether each case sends. */
    public boolean[] isSend = new boolean[8];
    /** In: the value of each send case. Out: the value received by the chosen case. */
    public Object[] vals = new Object[8];
    /**
     * The lock-order key of each case's channel ({@link HChan#id()}), filled by the caller
     * from somewhere other than the HChan itself: the HChan's cache line is the contended
     * one (lock word, queues), and reading each id from it cost a cache miss per case.
     */
    public long[] ids = new long[8];
    int[] pollorder = new int[8];
    int[] lockorder = new int[8];
    long[] keys = new long[8];
    Sudog[] sudogs = new Sudog[8];
    final Waiter waiter;
    /**
     * The cases {@link #lockorder} was last computed for: their channel ids and which were
     * nil. When every channel appears once, the lock order depends only on that (cases
     * sorted by channel id), so a select run again in a loop over the same channels, the
     * common case, reuses it instead of sorting again. With one channel in several cases
     * the order among them comes from the random poll order and decides which of them a
     * partner finds first in the channel's queue (Go's TestSelectFairness sends on
     * {@code select { case c <- 1: case c <- 0: }}), so such a select sorts every time.
     */
    private long[] orderedIds = new long[8];
    private boolean[] orderedNil = new boolean[8];
    private int orderedN = -1;

    SelectFrame(Waiter waiter) {
        this.waiter = waiter;
    }

    /** Makes room for n cases. */
    public SelectFrame ensure(int n) {
        if (cs.length < n) {
            int m = Math.max(n, cs.length * 2);
            cs = new HChan[m];
            isSend = new boolean[m];
            vals = new Object[m];
            ids = new long[m];
            pollorder = new int[m];
            lockorder = new int[m];
            keys = new long[m];
            sudogs = new Sudog[m];
            orderedIds = new long[m];
            orderedNil = new boolean[m];
            orderedN = -1;
        }
        return this;
    }

    /** Whether {@link #lockorder} is still right for the first n cases (see {@link #orderedIds}). */
    boolean lockOrderValid(int n) {
        if (n != orderedN) return false;
        for (int i = 0; i < n; i++) {
            if (ids[i] != orderedIds[i] || (cs[i] == null) != orderedNil[i]) return false;
        }
        return true;
    }

    /** Records the cases {@link #lockorder} (norder of them) was just computed for. */
    void lockOrderComputed(int n, int norder) {
        for (int i = 1; i < norder; i++) {
            if (ids[lockorder[i]] == ids[lockorder[i - 1]]) {
                orderedN = -1; // a channel in several cases: sort again next time
                return;
            }
        }
        for (int i = 0; i < n; i++) {
            orderedIds[i] = ids[i];
            orderedNil[i] = cs[i] == null;
        }
        orderedN = n;
    }

    /** The i-th pooled sudog of this frame's waiter, ready for a select case. */
    Sudog sudog(int i) {
        Sudog sg = sudogs[i];
        if (sg == null) sudogs[i] = sg = new Sudog(waiter);
        return sg;
    }

    /** Drops references to channels and values (so a frame retains nothing). */
    public void clear(int n) {
        for (int i = 0; i < n; i++) {
            cs[i] = null;
            vals[i] = null;
            isSend[i] = false;
        }
    }
}
