package dev.go4j.internal.trace;

import java.util.ArrayList;
import java.util.List;

/**
 * One thread's part of the execution trace: the events it recorded, in chunks of plain
 * longs. Only its own thread (an M, or a plain thread that readied a goroutine) writes;
 * {@link Tracer#stop} reads it after closing it.
 *
 * <p>Closing must not lose or tear an event being written. The writer marks
 * {@link #writing} around each append and re-checks {@link #closed}; the closer sets
 * {@code closed} and waits while {@code writing} is set. Both are volatile, so one side
 * always sees the other (the store-load order of a Dekker handshake).
 */
final class TraceBuffer {
    static final int WORDS = 4; // time, packed kind/runtime/p, goid, arg
    private static final int CHUNK = 4096 * WORDS;

    final Thread thread;
    final long mid;
    final long runtimeOfM;
    final List<long[]> chunks = new ArrayList<>();
    private long[] cur = new long[CHUNK];
    private int pos;
    volatile boolean writing;
    volatile boolean closed;

    TraceBuffer(Thread thread, long mid, long runtimeOfM) {
        this.thread = thread;
        this.mid = mid;
        this.runtimeOfM = runtimeOfM;
        chunks.add(cur);
    }

    void append(long time, long packed, long goid, long arg) {
        writing = true;
        if (!closed) {
            if (pos == CHUNK) {
                cur = new long[CHUNK];
                chunks.add(cur);
                pos = 0;
            }
            long[] c = cur;
            c[pos] = time;
            c[pos + 1] = packed;
            c[pos + 2] = goid;
            c[pos + 3] = arg;
            pos += WORDS;
        }
        writing = false;
    }

    /** Stops appends and waits for one in flight. */
    void close() {
        closed = true;
        while (writing) Thread.onSpinWait();
    }

    /** Events recorded (after {@link #close}). */
    int size() { return (chunks.size() - 1) * (CHUNK / WORDS) + pos / WORDS; }

    /** Visits every word quadruple in order (after {@link #close}). */
    void forEach(EventVisitor v) {
        for (int ci = 0; ci < chunks.size(); ci++) {
            long[] c = chunks.get(ci);
            int end = ci == chunks.size() - 1 ? pos : CHUNK;
            for (int i = 0; i < end; i += WORDS) v.visit(c[i], c[i + 1], c[i + 2], c[i + 3]);
        }
    }

    interface EventVisitor {
        void visit(long time, long packed, long goid, long arg);
    }
}
