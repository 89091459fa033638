package dev.go4j.internal.trace;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A trace turned into what a viewer draws: one lane per P and per M of each runtime (and
 * one for GC), goroutines as slices on them, wake-up arrows from the waker's slice to the
 * woken goroutine's next slice, point marks (steal, hand-off, preemption, GOMAXPROCS,
 * deadlock), and per goroutine the time spent running, runnable and blocked by reason
 * (what {@code go tool trace}'s goroutine analysis shows).
 *
 * <p>A goroutine's state follows its events: created or woken, it is runnable until an M
 * starts it; it runs until its M's task returns (GoStop). It then is dead if it ended,
 * runnable if it was woken again meanwhile (a yield, a fast wake-up), blocked for the
 * reason of its last park: go4j's wait reason, or for a park by the JDK what it parked on
 * (its blocker: "chan lock", "jdk lock", "CountDownLatch"...), or "jdk" when the JDK gave
 * none (a socket, Thread.sleep).
 */
public final class TraceModel {
    private TraceModel() {}

    /**
     * A lane: a P or an M of a runtime, or the GC lane.
     * @param index its position, top to bottom
     * @param runtime the runtime id (0 for GC)
     * @param kind "P", "M" or "GC"
     * @param id the P or M id
     * @param name what the viewer calls it
     */
    public record Lane(int index, long runtime, String kind, long id, String name) {}

    /**
     * A goroutine running on a lane from start to end.
     * @param lane the lane index
     * @param runtime the runtime id
     * @param goid the goroutine (0 for GC)
     * @param start ns since the trace began
     * @param end ns since the trace began
     */
    public record Slice(int lane, long runtime, long goid, long start, long end) {}

    /**
     * A wake-up: the waker, running on fromLane at fromTime, readied goid, which next ran on toLane at toTime.
     * @param fromLane the waker's lane
     * @param fromTime when it woke goid
     * @param toLane where goid ran next
     * @param toTime when goid ran next
     * @param waker the waking goroutine
     * @param goid the woken goroutine
     */
    public record Arrow(int fromLane, long fromTime, int toLane, long toTime, long waker, long goid) {}

    /**
     * A point event on a lane.
     * @param lane the lane index
     * @param time ns since the trace began
     * @param what steal, handoff, preempt, procs or deadlock
     * @param detail a sentence for the tooltip
     */
    public record Mark(int lane, long time, String what, String detail) {}

    /** Where one goroutine's time went. */
    public static final class GoroutineStats {
        /** The runtime and goroutine id. */
        public final long runtime, goid;
        /** The goroutine that created it, 0 if a plain thread or unknown. */
        public long parent;
        /** ns running on an M. */
        public long running;
        /** ns runnable, waiting for an M (scheduler latency). */
        public long runnable;
        /** ns blocked, by reason. */
        public final Map<String, Long> blocked = new TreeMap<>();
        /** How it was at the end of the trace: "ended", "running", "runnable", or "blocked: reason". */
        public String last = "runnable";
        /** The number of times it ran. */
        public int slices;
        String state = "runnable";
        long since;
        boolean woken;
        String blockReason;
        int curSlice = -1;
        int pendingFromLane = -1;
        long pendingFromTime, pendingWaker;

        GoroutineStats(long runtime, long goid, long since) {
            this.runtime = runtime;
            this.goid = goid;
            this.since = since;
        }

        /**
         * ns blocked for any reason.
         * @return ns blocked for any reason
         */
        public long blockedTotal() { return blocked.values().stream().mapToLong(Long::longValue).sum(); }

        void account(long now) {
            long d = Math.max(0, now - since);
            switch (state) {
                case "running" -> running += d;
                case "runnable" -> runnable += d;
                case "ended" -> { }
                default -> blocked.merge(state, d, Long::sum);
            }
            since = now;
        }

        void enter(String s, long now) {
            account(now);
            state = s;
        }
    }

    /** The lanes, in display order. */
    public final List<Lane> lanes = new ArrayList<>();
    /** The slices, by start time. */
    public final List<Slice> slices = new ArrayList<>();
    /** The wake-up arrows. */
    public final List<Arrow> arrows = new ArrayList<>();
    /** The point marks. */
    public final List<Mark> marks = new ArrayList<>();
    /** The GC pauses as [start, end] pairs. */
    public final List<long[]> gcs = new ArrayList<>();
    /** Every goroutine seen, by runtime then goid. */
    public final Map<String, GoroutineStats> goroutines = new LinkedHashMap<>();
    /** The end of the trace (ns since it began). */
    public long duration;

    private final Map<String, Integer> laneIndex = new HashMap<>();

    /**
     * Builds the model of a trace.
     * @param t the trace
     * @return its model
     */
    public static TraceModel of(TraceFile t) {
        TraceModel m = new TraceModel();
        m.build(t);
        return m;
    }

    private static String key(long runtime, long goid) { return runtime + "/" + goid; }

    private GoroutineStats g(long runtime, long goid, long now) {
        return goroutines.computeIfAbsent(key(runtime, goid), k -> new GoroutineStats(runtime, goid, now));
    }

    private void build(TraceFile t) {
        // lanes first: every P and M of every runtime, sorted, then GC
        TreeMap<Long, java.util.TreeSet<Long>> ps = new TreeMap<>(), ms = new TreeMap<>();
        for (TraceFile.Event e : t.events) {
            if (e.kind() == TraceEvent.GO_START) {
                ps.computeIfAbsent(e.runtime(), k -> new java.util.TreeSet<>()).add((long) e.p());
                ms.computeIfAbsent(e.runtime(), k -> new java.util.TreeSet<>()).add(e.arg());
            }
        }
        for (long rt : ps.keySet()) {
            for (long p : ps.get(rt)) addLane(rt, "P", p, "runtime " + rt + " P" + p);
            for (long mid : ms.get(rt)) addLane(rt, "M", mid, "runtime " + rt + " M" + mid);
        }
        boolean anyGc = t.events.stream().anyMatch(e -> e.kind() == TraceEvent.GC);
        int gcLane = anyGc ? addLane(0, "GC", 0, "GC") : -1;

        Map<String, Integer> openOnM = new HashMap<>(); // runtime/mid -> slice index
        for (TraceFile.Event e : t.events) {
            long now = e.time();
            duration = Math.max(duration, now);
            long rt = e.runtime();
            switch (e.kind()) {
                case TraceEvent.GO_CREATE -> {
                    GoroutineStats s = g(rt, e.goid(), now);
                    s.parent = e.arg();
                }
                case TraceEvent.GO_START -> {
                    GoroutineStats s = g(rt, e.goid(), now);
                    s.enter("running", now);
                    s.woken = false;
                    s.blockReason = null;
                    s.slices++;
                    int pLane = laneIndex.get(rt + "/P/" + e.p());
                    slices.add(new Slice(pLane, rt, e.goid(), now, -1));
                    s.curSlice = slices.size() - 1;
                    openOnM.put(rt + "/" + e.arg(), s.curSlice);
                    if (s.pendingFromLane >= 0) {
                        arrows.add(new Arrow(s.pendingFromLane, s.pendingFromTime, pLane, now, s.pendingWaker, e.goid()));
                        s.pendingFromLane = -1;
                    }
                }
                case TraceEvent.GO_STOP -> {
                    GoroutineStats s = g(rt, e.goid(), now);
                    Integer si = openOnM.remove(rt + "/" + e.arg());
                    if (si != null) {
                        Slice sl = slices.get(si);
                        slices.set(si, new Slice(sl.lane(), sl.runtime(), sl.goid(), sl.start(), now));
                        addMSlice(rt, e.arg(), sl.goid(), sl.start(), now);
                    }
                    // The old M may record its stop after the goroutine was woken and started
                    // on another M: then that newer run decides the state.
                    if (si == null || s.curSlice != si) break;
                    s.curSlice = -1;
                    if (s.state.equals("ended")) break;
                    if (s.woken) s.enter("runnable", now);
                    else if (s.blockReason != null) s.enter(s.blockReason, now);
                    else s.enter("jdk", now);
                }
                case TraceEvent.GO_BLOCK -> {
                    GoroutineStats s = g(rt, e.goid(), now);
                    int r = (int) e.arg();
                    s.blockReason = r >= 0 && r < t.reasons.size() ? t.reasons.get(r) : "?";
                    s.woken = false;
                }
                case TraceEvent.GO_UNBLOCK -> {
                    GoroutineStats s = g(rt, e.goid(), now);
                    s.woken = true;
                    if (!s.state.equals("running") && !s.state.equals("ended")) s.enter("runnable", now);
                    if (e.arg() != 0) {
                        GoroutineStats w = goroutines.get(key(rt, e.arg()));
                        if (w != null && w.curSlice >= 0) {
                            s.pendingFromLane = slices.get(w.curSlice).lane();
                            s.pendingFromTime = now;
                            s.pendingWaker = e.arg();
                        }
                    }
                }
                case TraceEvent.GO_END -> g(rt, e.goid(), now).enter("ended", now);
                case TraceEvent.STEAL -> mark(rt, e.p(), now, "steal", "took G" + e.goid() + " from P" + e.arg());
                case TraceEvent.HANDOFF -> mark(rt, e.p(), now, "handoff", "P" + e.p() + " handed off");
                case TraceEvent.PREEMPT -> mark(rt, e.p(), now, "preempt", "G" + e.goid() + " asked to yield");
                case TraceEvent.PROCS -> mark(rt, 0, now, "procs", "GOMAXPROCS=" + e.arg());
                case TraceEvent.DEADLOCK -> mark(rt, 0, now, "deadlock", "all goroutines are asleep - deadlock!");
                case TraceEvent.GC -> {
                    gcs.add(new long[] {now, now + e.arg()});
                    slices.add(new Slice(gcLane, 0, 0, now, now + e.arg()));
                    duration = Math.max(duration, now + e.arg());
                }
                default -> { }
            }
        }
        for (var e : openOnM.entrySet()) { // still running when the trace stopped
            Slice sl = slices.get(e.getValue());
            slices.set(e.getValue(), new Slice(sl.lane(), sl.runtime(), sl.goid(), sl.start(), duration));
            String[] k = e.getKey().split("/");
            addMSlice(Long.parseLong(k[0]), Long.parseLong(k[1]), sl.goid(), sl.start(), duration);
        }
        for (GoroutineStats s : goroutines.values()) {
            s.account(duration);
            s.last = s.state.equals("running") || s.state.equals("runnable") || s.state.equals("ended") ? s.state : "blocked: " + s.state;
        }
        slices.sort(java.util.Comparator.comparingLong(Slice::start));
    }

    private int addLane(long runtime, String kind, long id, String name) {
        int i = lanes.size();
        lanes.add(new Lane(i, runtime, kind, id, name));
        laneIndex.put(runtime + "/" + kind + "/" + id, i);
        return i;
    }

    private void addMSlice(long runtime, long mid, long goid, long start, long end) {
        Integer lane = laneIndex.get(runtime + "/M/" + mid);
        if (lane != null) slices.add(new Slice(lane, runtime, goid, start, end));
    }

    private void mark(long runtime, int p, long time, String what, String detail) {
        Integer lane = laneIndex.get(runtime + "/P/" + Math.max(0, p));
        if (lane == null) lane = laneIndex.get(runtime + "/P/0");
        if (lane != null) marks.add(new Mark(lane, time, what, detail));
    }
}
