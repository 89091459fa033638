package dev.go4j.internal.sched;

import java.util.Comparator;
import java.util.List;

/**
 * Goroutine dumps in Go's format (runtime/traceback.go), with each goroutine's Java stack:
 * <pre>
 * goroutine 7 [chan receive, 3 minutes]:
 * com.example.Main.worker(Main.java:12)
 * created by com.example.Main in goroutine 1
 * </pre>
 * and the grouped form of {@code /debug/pprof/goroutine?debug=1}: goroutines with the same
 * state, stack and creator counted once, most frequent first.
 */
public final class Traceback {
    private Traceback() {}

    /** Every live goroutine of the runtime, by goid; {@code highlight} (may be null) first. */
    public static String dumpAll(Sched sched, G highlight) {
        StringBuilder sb = new StringBuilder();
        for (G gp : ordered(sched, highlight)) {
            appendGoroutine(sb, gp);
            sb.append('\n');
        }
        return sb.toString();
    }

    /**
     * The runtime's goroutines grouped by state, stack and creator, the largest group
     * first (pprof's debug=1 view, with Java frames):
     * <pre>
     * goroutine profile: total 12
     * 10 [chan receive]:
     * #	com.example.Main.worker(Main.java:12)
     * #	created by com.example.Main
     * </pre>
     */
    public static String dumpGrouped(Sched sched, G highlight) {
        java.util.Map<String, int[]> groups = new java.util.LinkedHashMap<>();
        int total = 0;
        for (G gp : ordered(sched, highlight)) {
            StackTraceElement[] stack = gp.thread.getStackTrace();
            StringBuilder key = new StringBuilder();
            key.append(" [").append(statusText(gp, stack));
            if (gp.lockedm != null) key.append(", locked to thread");
            key.append("]:\n");
            StringBuilder frames = new StringBuilder();
            appendStack(frames, stack);
            for (String line : frames.toString().split("\n")) {
                if (!line.isEmpty()) key.append("#\t").append(line).append('\n');
            }
            if (gp.goid != 1 || gp.sched.isDefault) key.append("#\tcreated by ").append(creatorName(gp.startClass)).append('\n');
            groups.computeIfAbsent(key.toString(), k -> new int[1])[0]++;
            total++;
        }
        var sorted = new java.util.ArrayList<>(groups.entrySet());
        sorted.sort((a, b) -> Integer.compare(b.getValue()[0], a.getValue()[0])); // stable: ties keep goid order
        StringBuilder sb = new StringBuilder("goroutine profile: total ").append(total).append('\n');
        for (var e : sorted) sb.append(e.getValue()[0]).append(e.getKey()).append('\n');
        return sb.toString();
    }

    /** The runtime's live goroutines by goid, {@code highlight} (may be null) first. */
    private static List<G> ordered(Sched sched, G highlight) {
        List<G> gs = sched.allgs();
        gs.sort(Comparator.comparingLong(g -> g.goid));
        if (highlight != null && gs.remove(highlight)) gs.addFirst(highlight);
        return gs;
    }

    /** One goroutine: header, stack, and its "created by" line. */
    public static void appendGoroutine(StringBuilder sb, G gp) {
        SchedEvents.name(gp);
        StackTraceElement[] stack = gp.thread.getStackTrace();
        sb.append("goroutine ").append(gp.goid).append(" [").append(statusText(gp, stack));
        long since = gp.waitSince; // stamped at park time, from the runtime's coarse clock
        if (gp.status == GStatus.WAITING && since != 0) {
            long minutes = (System.nanoTime() - since) / 60_000_000_000L;
            if (minutes >= 1) sb.append(", ").append(minutes).append(minutes == 1 ? " minute" : " minutes");
        }
        if (gp.lockedm != null) sb.append(", locked to thread");
        sb.append("]:\n");
        appendStack(sb, stack);
        if (gp.goid != 1 || gp.sched.isDefault) { // Go prints no creator for main
            sb.append("created by ").append(creatorName(gp.startClass));
            if (gp.parentGoid != 0) sb.append(" in goroutine ").append(gp.parentGoid);
            sb.append('\n');
        }
    }

    /**
     * Go's status word. A G the JDK parked (a socket, a j.u.c lock, a monitor, sleep) still
     * reads RUNNING with no M, and a G blocked in the JDK on its carrier (a file read, a
     * pinned park) reads RUNNING on an M: both are named from the stack (JdkBlocking).
     */
    public static String statusText(G gp, StackTraceElement[] stack) {
        int s = gp.status;
        if (s == GStatus.WAITING) return gp.waitReason.text();
        if (s == GStatus.RUNNING) {
            M mp = gp.m;
            Thread vt = gp.thread;
            if (mp == null) return JdkBlocking.parkedReason(stack, vt == null ? null : vt.getState());
            String r = JdkBlocking.pinnedReason(stack, mp.getState());
            if (r != null) return r + ", " + JdkBlocking.UNDECLARED;
        }
        if (s == GStatus.SYSCALL) {
            String io = JdkBlocking.fileIo(stack);
            if (io != null) return "syscall, " + io;
        }
        if (s == GStatus.RUNNING && gp.notPreemptible) return "running, not preemptible";
        return GStatus.dumpWord(s);
    }

    /** Frames of user code and go4j's public API; JDK and go4j internals are hidden, as Go hides runtime frames. */
    public static void appendStack(StringBuilder sb, StackTraceElement[] stack) {
        for (StackTraceElement e : stack) {
            String c = e.getClassName();
            if (hidden(c) || c.equals("java.lang.Thread") && e.getMethodName().equals("getStackTrace")) continue;
            sb.append(c).append('.').append(e.getMethodName()).append('(');
            if (e.getFileName() != null) {
                sb.append(e.getFileName());
                if (e.getLineNumber() >= 0) sb.append(':').append(e.getLineNumber());
            } else {
                sb.append("Unknown Source");
            }
            sb.append(")\n");
        }
    }

    private static boolean hidden(String c) {
        return c.startsWith("dev.go4j.internal.")
                || c.startsWith("dev.go4j.launcher.") // ./go4j run's launcher
                || c.startsWith("dev.go4j.runtime.Goroutines")
                || c.startsWith("java.lang.VirtualThread")
                || c.startsWith("jdk.internal.")
                || c.startsWith("java.lang.System$")
                || c.startsWith("java.util.concurrent.locks.LockSupport")
                // ./go4j run calls main through reflection from its launcher
                || c.startsWith("dev.go4j.launcher.")
                || c.startsWith("jdk.internal.reflect.")
                || c.equals("java.lang.reflect.Method");
    }

    private static String creatorName(Class<?> k) {
        if (k == null) return "main";
        String n = k.getName();
        int lambda = n.indexOf("$$Lambda");
        return lambda >= 0 ? n.substring(0, lambda) : n;
    }
}
