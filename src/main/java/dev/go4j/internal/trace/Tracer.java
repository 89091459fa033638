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
    private final ConcurrentHashMap<Thread, TraceBuffer> buffers = new ConcurrentHashMap<>();
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

    void append(int kind, long runtime, int p, long goid, long arg, long nanoTime) {
        Thread th = Thread.currentThread();
        if (th.isVirtual()) th = CarrierAdapter.currentCarrierThread();
        TraceBuffer b;
        if (th instanceof M m && (b = mBuffer(m)) != null) {
            // an M's buffer by its id: an array load, no hashing
        } else {
            b = buffers.get(th);
            if (b == null) b = buffers.computeIfAbsent(th, Tracer::newBuffer);
        }
        b.append(nanoTime - startNs, pack(kind, runtime, p), goid, arg);
    }

    /** Buffers of M's, by runtime id then M id (both small and dense); grown under the Tracer's lock. */
    private volatile TraceBuffer[][] byM = new TraceBuffer[0][];

    private TraceBuffer mBuffer(M m) {
        long rt = m.sched().runtimeId(), mid = m.mid;
        TraceBuffer[][] all = byM;
        if (rt < all.length) {
            TraceBuffer[] ms = all[(int) rt];
            if (ms != null && mid < ms.length) {
                TraceBuffer b = ms[(int) mid];
                if (b != null) return b;
            }
        }
        if (rt > 1 << 16 || mid > 1 << 16) return null;
        synchronized (this) {
            all = byM;
            if (rt >= all.length) all = java.util.Arrays.copyOf(all, (int) rt * 2 + 2);
            TraceBuffer[] ms = all[(int) rt];
            if (ms == null) ms = new TraceBuffer[0];
            if (mid >= ms.length) ms = java.util.Arrays.copyOf(ms, (int) mid * 2 + 2);
            TraceBuffer b = ms[(int) mid];
            if (b == null) {
                b = buffers.computeIfAbsent(m, Tracer::newBuffer);
                ms[(int) mid] = b;
            }
            all[(int) rt] = ms; // arrays are copied, never shrunk: readers see old or new, both valid
            byM = all;
            return b;
        }
    }

    private static TraceBuffer newBuffer(Thread th) {
        if (th instanceof M m) return new TraceBuffer(th, m.mid, m.sched().runtimeId());
        return new TraceBuffer(th, 0, 0);
    }

    /** Wait reasons beyond go4j's own (what the JDK parked a goroutine on), numbered after WaitReason's. */
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
        List<TraceBuffer> bufs = new ArrayList<>(buffers.values());
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
