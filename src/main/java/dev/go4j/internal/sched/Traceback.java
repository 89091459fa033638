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
 */
public final class Traceback {
    private Traceback() {}

    /** Every live goroutine of the runtime, by goid; {@code highlight} (may be null) first. */
    public static String dumpAll(Sched sched, G highlight) {
        List<G> gs = sched.allgs();
        gs.sort(Comparator.comparingLong(g -> g.goid));
        StringBuilder sb = new StringBuilder();
        if (highlight != null) {
            appendGoroutine(sb, highlight);
            sb.append('\n');
        }
        for (G gp : gs) {
            if (gp == highlight) continue;
            appendGoroutine(sb, gp);
            sb.append('\n');
        }
        return sb.toString();
    }

    /** One goroutine: header, stack, and its "created by" line. */
    public static void appendGoroutine(StringBuilder sb, G gp) {
        StackTraceElement[] stack = gp.thread.getStackTrace();
        sb.append("goroutine ").append(gp.goid).append(" [").append(statusText(gp, stack));
        long since = gp.waitSince;
        if (gp.status == GStatus.WAITING && since == 0) gp.waitSince = System.nanoTime(); // first seen waiting
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
