package dev.go4j.internal.trace;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * One thread's part of the execution trace: the events it recorded, in chunks of plain
 * longs. Only its own thread (an M, or a plain thread that readied a goroutine) writes.
 *
 * <p>{@link Tracer#stop} reads a buffer while its writer may still be finishing an
 * append, so an append writes its four words first and then publishes the new count
 * with a release store ({@link #count}); the reader takes the count with an acquire load
 * and reads only that many events. On x86 a release store is a plain store: an append is
 * four array stores and one field store, with no fence.
 */
final class TraceBuffer {
    static final int WORDS = 4; // time, packed kind/runtime/p, goid, arg
    static final int CHUNK_EVENTS = 8192;
    private static final int CHUNK = CHUNK_EVENTS * WORDS;
    private static final VarHandle COUNT;

    static {
        try {
            COUNT = MethodHandles.lookup().findVarHandle(TraceBuffer.class, "count", long.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    final Thread thread;
    final long mid;
    final long runtimeOfM;
    /** Chunks, appended rarely (one per 8192 events), read by the stopping thread. */
    final CopyOnWriteArrayList<long[]> chunks = new CopyOnWriteArrayList<>();
    private long[] cur = new long[CHUNK];
    private int pos;
    /** Events published; written by the owner with release semantics. */
    @SuppressWarnings("unused")
    private long count;

    TraceBuffer(Thread thread, long mid, long runtimeOfM) {
        this.thread = thread;
        this.mid = mid;
        this.runtimeOfM = runtimeOfM;
        chunks.add(cur);
    }

    void append(long time, long packed, long goid, long arg) {
        if (pos == CHUNK) {
            cur = new long[CHUNK];
            chunks.add(cur);
            pos = 0;
        }
        long[] c = cur;
        int p = pos;
        c[p] = time;
        c[p + 1] = packed;
        c[p + 2] = goid;
        c[p + 3] = arg;
        pos = p + WORDS;
        COUNT.setRelease(this, (long) COUNT.get(this) + 1);
    }

    /** Events published so far. */
    long size() { return (long) COUNT.getAcquire(this); }

    /** Word {@code w} (0: time, 1: packed, 2: goid, 3: arg) of event {@code i} (below {@link #size}). */
    long word(long i, int w) {
        return chunks.get((int) (i / CHUNK_EVENTS))[(int) (i % CHUNK_EVENTS) * WORDS + w];
    }
}
