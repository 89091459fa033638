package dev.go4j.internal.sched;

/**
 * The global run queue (Go's sched.runq): a FIFO list of G's linked through
 * {@link G#schedlink}. Every method needs the sched lock; {@link #size} may be read
 * without it as a hint, as Go reads sched.runqsize.
 */
final class GlobalRunQueue {
    private G head, tail;
    private volatile int size;

    int size() { return size; }

    /** Mirrors globrunqput. */
    void put(G gp) {
        gp.schedlink = null;
        if (tail != null) tail.schedlink = gp; else head = gp;
        tail = gp;
        size = size + 1;
    }

    /** Mirrors globrunqputbatch: appends a schedlink list of n G's. */
    void putBatch(G first, int n) {
        G last = first;
        while (last.schedlink != null) last = last.schedlink;
        if (tail != null) tail.schedlink = first; else head = first;
        tail = last;
        size = size + n;
    }

    /** Length of a schedlink list. */
    static int count(G first) {
        int n = 0;
        for (G g = first; g != null; g = g.schedlink) n++;
        return n;
    }

    G pop() {
        G gp = head;
        if (gp == null) return null;
        head = gp.schedlink;
        if (head == null) tail = null;
        gp.schedlink = null;
        size = size - 1;
        return gp;
    }

    /** Snapshot for dumps (sched lock held). */
    void forEach(java.util.function.Consumer<G> f) {
        for (G gp = head; gp != null; gp = gp.schedlink) f.accept(gp);
    }
}
