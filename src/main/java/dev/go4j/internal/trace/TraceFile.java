package dev.go4j.internal.trace;

import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** A go4j execution trace read back from the file {@link Tracer} writes. */
public final class TraceFile {
    static final byte[] MAGIC = "go4jtrace 1\n".getBytes(StandardCharsets.US_ASCII);

    /**
     * A thread that recorded events: an M of a runtime, or a plain thread (mid 0).
     * @param mid the M's id, 0 for a thread that is no M
     * @param runtime the M's runtime id, 0 for a thread that is no M
     * @param name the thread's name
     */
    public record TraceThread(long mid, long runtime, String name) {}

    /**
     * One event; see {@link TraceEvent} for what goid and arg mean per kind.
     * @param thread index of the recording thread in {@link #threads}
     * @param time ns since the trace started
     * @param kind one of the {@link TraceEvent} kinds
     * @param runtime the runtime id
     * @param p the P, or -1
     * @param goid the goroutine id, or 0
     * @param arg the kind's argument
     */
    public record Event(int thread, long time, int kind, long runtime, int p, long goid, long arg) {}

    /** The wall-clock time the trace started, ns since the epoch. */
    public final long startEpochNs;
    /** Wait-reason texts by ordinal (for {@link TraceEvent#GO_BLOCK}). */
    public final List<String> reasons;
    /** The recording threads, by index. */
    public final List<TraceThread> threads;
    /** The events, by time. */
    public final List<Event> events;

    private TraceFile(long startEpochNs, List<String> reasons, List<TraceThread> threads, List<Event> events) {
        this.startEpochNs = startEpochNs;
        this.reasons = reasons;
        this.threads = threads;
        this.events = events;
    }

    /**
     * Reads a trace file.
     * @param file the trace file
     * @return the trace
     * @throws IOException if it cannot be read, or is no go4j trace (the message names the file)
     */
    public static TraceFile read(Path file) throws IOException {
        try (InputStream in = new BufferedInputStream(Files.newInputStream(file), 1 << 16)) {
            return read(in, file.toString());
        }
    }

    static TraceFile read(InputStream raw, String name) throws IOException {
        DataInputStream in = new DataInputStream(raw);
        byte[] magic = in.readNBytes(MAGIC.length);
        if (!Arrays.equals(magic, MAGIC)) {
            throw new IOException(name + " is not a go4j trace (record one with -Dgo4j.trace=FILE or dev.go4j.runtime.Trace.start)");
        }
        long start = in.readLong();
        int nr = in.readInt();
        List<String> reasons = new ArrayList<>(nr);
        for (int i = 0; i < nr; i++) reasons.add(in.readUTF());
        int nt = in.readInt();
        List<TraceThread> threads = new ArrayList<>(nt);
        for (int i = 0; i < nt; i++) threads.add(new TraceThread(in.readLong(), in.readLong(), in.readUTF()));
        int ne = in.readInt();
        List<Event> events = new ArrayList<>(ne);
        for (int i = 0; i < ne; i++) {
            int th = in.readInt();
            long time = in.readLong();
            long packed = in.readLong();
            long goid = in.readLong();
            long arg = in.readLong();
            events.add(new Event(th, time, Tracer.kind(packed), Tracer.runtime(packed), Tracer.p(packed), goid, arg));
        }
        return new TraceFile(start, List.copyOf(reasons), List.copyOf(threads), events);
    }
}
