package dev.go4j.internal.trace;

import dev.go4j.internal.carrier.CarrierAdapter;
import dev.go4j.internal.sched.M;

import java.io.BufferedOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The execution-trace recorder (Go's runtime/trace): while on, every scheduler event of
 * every runtime goes into a buffer of the thread that saw it (each M has its own, as
 * Go's trace has per-M buffers), and {@link #stop} merges them by time into the file
 * that {@code ./go4j trace} turns into a timeline.
 *
 * <p>File format ({@link TraceFile} reads it), big-endian: the bytes
 * {@code go4jtrace 1\n}; the wall-clock start (epoch ns); the wait-reason names by
 * ordinal; the threads (index, M id or 0, its runtime or 0, name); then the events
 * sorted by time, each {@code thread index, time ns, kind|runtime|p, goid, arg}
 * ({@link TraceEvent}).
 */
public final class Tracer {
    /** {@code -Dgo4j.trace=FILE}: trace from the first runtime's start to JVM exit. */
    private static final String PROPERTY_FILE = System.getProperty("go4j.trace");
    private static volatile Tracer current;
    private static boolean propertyDone;

    private final OutputStream out;
    private final boolean closeOut;
    private final long startNs = System.nanoTime();
    private final long startEpochNs = System.currentTimeMillis() * 1_000_000L;
    private final GcWatcher gc;

    private Tracer(OutputStream out, boolean closeOut) {
        this.out = out;
        this.closeOut = closeOut;
        this.gc = GcWatcher.start(this);
    }

    /**
     * Starts tracing into {@code out}; Go's trace.Start.
     * @param out where the trace goes
     * @param closeOut whether stop closes {@code out}
     */
    public static synchronized void start(OutputStream out, boolean closeOut) {
        if (current != null) throw new IllegalStateException("tracing is already enabled");
        current = new Tracer(out, closeOut);
        TraceSwitch.set(true);
    }

    /**
     * Starts tracing into a file (created or truncated).
     * @param file the trace file
     */
    public static void start(Path file) {
        OutputStream os;
        try {
            os = new BufferedOutputStream(Files.newOutputStream(file), 1 << 16);
        } catch (IOException e) {
            throw new UncheckedIOException("go4j trace: cannot write " + file, e);
        }
        start(os, true);
    }

    /**
     * True while tracing.
     * @return true while tracing
     */
    public static boolean enabled() { return current != null; }

    /** Stops tracing and writes the trace; Go's trace.Stop. Does nothing when not tracing. */
    public static synchronized void stop() {
        Tracer t = current;
        if (t == null) return;
        TraceSwitch.set(false);
        current = null;
        try {
            t.finish();
        } catch (IOException e) {
            throw new UncheckedIOException("go4j trace: writing the trace failed", e);
        }
    }

    /** Called when a runtime starts: honours {@code -Dgo4j.trace=FILE} once per JVM. */
    public static void startFromProperty() {
        if (PROPERTY_FILE == null || PROPERTY_FILE.isEmpty()) return;
        synchronized (Tracer.class) {
            if (propertyDone) return;
            propertyDone = true;
            start(Path.of(PROPERTY_FILE));
            Runtime.getRuntime().addShutdownHook(new Thread(Tracer::stop, "go4j-trace-writer"));
        }
    }

    /**
     * Records one event on the calling thread's (or its carrier's) buffer.
     * @param kind a {@link TraceEvent} kind
     * @param runtime the runtime id
     * @param p the P, or -1
     * @param goid the goroutine, or 0
     * @param arg the kind's argument
     */
    public static void record(int kind, long runtime, int p, long goid, long arg) {
        Tracer t = current;
        if (t == null) return;
        t.append(kind, runtime, p, goid, arg, System.nanoTime());
    }

    /**
     * Appends to the caller's buffer. Nothing here may block: the hooks run on goroutines
     * (a contended monitor would unmount one in the middle of the scheduler, or between
     * its _Gwaiting mark and its park) and on M's in the scheduler. So buffers are found
     * without locks: an M's in an array by runtime and M id published by CAS, any other
     * thread's (platform or virtual: a single writer either way) in a ThreadLocal.
     */
    void append(int kind, long runtime, int p, long goid, long arg, long nanoTime) {
        Thread th = Thread.currentThread();
        Thread carrier = th.isVirtual() ? CarrierAdapter.currentCarrierThread() : th;
        TraceBuffer b = carrier instanceof M m ? mBuffer(m) : null;
        if (b == null) {
            b = threadBuffer.get();
            if (b == null) {
                b = newBuffer(th);
                threadBuffer.set(b);
                all.add(b);
            }
        }
        b.append(nanoTime - startNs, pack(kind, runtime, p), goid, arg);
    }

    /** Every buffer, for {@link #finish}; lock-free. */
    private final java.util.concurrent.ConcurrentLinkedQueue<TraceBuffer> all = new java.util.concurrent.ConcurrentLinkedQueue<>();
    /** Buffers of threads that are not M's. */
    private final ThreadLocal<TraceBuffer> threadBuffer = new ThreadLocal<>();
    /** Buffers of M's, by runtime id then M id (both small and dense); copied and CAS'd on growth. */
    private final java.util.concurrent.atomic.AtomicReference<TraceBuffer[][]> byM = new java.util.concurrent.atomic.AtomicReference<>(new TraceBuffer[0][]);

    private TraceBuffer mBuffer(M m) {
        long rt = m.sched().runtimeId(), mid = m.mid;
        if (rt > 1 << 16 || mid > 1 << 16) return null;
        for (;;) {
            TraceBuffer[][] cur = byM.get();
            TraceBuffer[] ms = rt < cur.length ? cur[(int) rt] : null;
            TraceBuffer b = ms != null && mid < ms.length ? ms[(int) mid] : null;
            if (b != null) return b;
            // Only m's own thread creates m's buffer, so no one else races for this slot;
            // the CAS only orders this against other M's growing the arrays.
            TraceBuffer[][] next = java.util.Arrays.copyOf(cur, Math.max(cur.length, (int) rt + 1));
            TraceBuffer[] nms = ms == null ? new TraceBuffer[(int) mid + 1] : java.util.Arrays.copyOf(ms, Math.max(ms.length, (int) mid + 1));
            TraceBuffer nb = newBuffer(m);
            nms[(int) mid] = nb;
            next[(int) rt] = nms;
            if (byM.compareAndSet(cur, next)) {
                all.add(nb);
                return nb;
            }
        }
    }

    private static TraceBuffer newBuffer(Thread th) {
        if (th instanceof M m) return new TraceBuffer(th, m.mid, m.sched().runtimeId());
        return new TraceBuffer(th, 0, 0);
    }

    /**
     * Wait reasons beyond go4j's own (what the JDK parked a goroutine on), numbered after
     * WaitReason's. Only M's add to it (GoStop runs on the M, a platform thread), so the
     * brief lock here never unmounts a goroutine.
     */
    private static final ConcurrentHashMap<String, Integer> EXTRA_REASONS = new ConcurrentHashMap<>();
    private static final java.util.List<String> EXTRA_NAMES = new java.util.concurrent.CopyOnWriteArrayList<>();

    /**
     * The reason number of {@code name} in the trace's reason table.
     * @param name the reason's text
     * @return the reason number of {@code name} in the trace's reason table
     */
    public static int reasonIndex(String name) {
        Integer i = EXTRA_REASONS.get(name);
        if (i != null) return i;
        synchronized (EXTRA_NAMES) {
            return EXTRA_REASONS.computeIfAbsent(name, n -> {
                EXTRA_NAMES.add(n);
                return dev.go4j.internal.sched.WaitReason.values().length + EXTRA_NAMES.size() - 1;
            });
        }
    }

    static long pack(int kind, long runtime, int p) {
        return (kind & 0xffL) | (runtime & 0xffffffL) << 8 | ((long) (p + 1) & 0xffffffffL) << 32;
    }

    static int kind(long packed) { return (int) (packed & 0xff); }

    static long runtime(long packed) { return packed >>> 8 & 0xffffff; }

    static int p(long packed) { return (int) (packed >>> 32) - 1; }

    private void finish() throws IOException {
        if (gc != null) gc.stop();
        List<TraceBuffer> bufs = new ArrayList<>(all);
        long[] sizes = new long[bufs.size()];
        long total = 0;
        for (int k = 0; k < sizes.length; k++) total += sizes[k] = bufs.get(k).size();
        if (total > Integer.MAX_VALUE) throw new IOException("trace too large: " + total + " events");
        DataOutputStream d = new DataOutputStream(out);
        d.write(TraceFile.MAGIC);
        d.writeLong(startEpochNs);
        var reasons = dev.go4j.internal.sched.WaitReason.values();
        List<String> extra = List.copyOf(EXTRA_NAMES);
        d.writeInt(reasons.length + extra.size());
        for (var r : reasons) d.writeUTF(r.text());
        for (String r : extra) d.writeUTF(r);
        d.writeInt(bufs.size());
        for (TraceBuffer b : bufs) {
            d.writeLong(b.mid);
            d.writeLong(b.runtimeOfM);
            d.writeUTF(b.thread.getName());
        }
        d.writeInt((int) total);
        // Each buffer is in time order already: merge them (k-way, by a heap of cursors).
        long[] at = new long[bufs.size()];
        java.util.PriorityQueue<Integer> heap = new java.util.PriorityQueue<>(
                java.util.Comparator.comparingLong((Integer k) -> bufs.get(k).word(at[k], 0)).thenComparingInt(k -> k));
        for (int k = 0; k < bufs.size(); k++) if (sizes[k] > 0) heap.add(k);
        while (!heap.isEmpty()) {
            int k = heap.poll();
            TraceBuffer b = bufs.get(k);
            long i = at[k];
            d.writeInt(k);
            d.writeLong(b.word(i, 0));
            d.writeLong(b.word(i, 1));
            d.writeLong(b.word(i, 2));
            d.writeLong(b.word(i, 3));
            if (++at[k] < sizes[k]) heap.add(k);
        }
        d.flush();
        if (closeOut) out.close();
    }
}
