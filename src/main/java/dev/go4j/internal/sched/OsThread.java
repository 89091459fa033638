package dev.go4j.internal.sched;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The kernel's view of an M's thread (Linux {@code /proc}): its thread id, and whether it is
 * runnable right now, for sysmon's verdict on a goroutine found in native code.
 *
 * <p>Why the CPU clock is not enough there: sysmon calls a thread that used under a tenth
 * of a 2 ms window "blocked" ({@link Sysmon#nativeState}). On a loaded CPU (a one-CPU
 * container beside another busy process) a runnable thread can wait for a core through
 * several kernel ticks (4 ms each where it was seen) and use nothing in the window. Such a thread was handed off
 * as if it were in a blocking call, outside the stuck allowance, so more threads than
 * GOMAXPROCS ran goroutine code (seen as SysmonNativeLoopTest's allowance left at 1 of 2
 * under {@code taskset -c 0} beside a busy loop, where windows of 2-12 ms measured 0 ns).
 * The run state tells the two apart at once: a thread waiting in {@code read(2)} sleeps
 * ({@code S} or {@code D}), one that merely lacks a core is {@code R}.
 *
 * <p>Read on sysmon's slow path only (a G that ignored preemption for 10 ms, in native code,
 * with a quiet window); the id is read once, by the thread itself as it starts. Without
 * {@code /proc} both answer "unknown" and sysmon keeps the CPU clock's verdict.
 */
final class OsThread {
    private OsThread() {}

    /** The calling thread's kernel thread id, or -1 if unknown (no /proc, not Linux). */
    static int currentTid() {
        try {
            // "/proc/thread-self" links to "PID/task/TID" (Linux 3.17 and later)
            String link = Files.readSymbolicLink(Path.of("/proc/thread-self")).toString();
            int slash = link.lastIndexOf('/');
            return slash < 0 ? -1 : Integer.parseInt(link.substring(slash + 1));
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }

    static final int UNKNOWN = -1, SLEEPING = 0, RUNNABLE = 1;

    /**
     * Whether thread {@code tid} of this process is runnable (running or waiting for a CPU:
     * state {@code R}), sleeping (any other state), or {@link #UNKNOWN} (tid -1, the thread
     * ended, no /proc).
     */
    static int runState(int tid) {
        if (tid < 0) return UNKNOWN;
        try {
            String stat = Files.readString(Path.of("/proc/self/task/" + tid + "/stat"));
            // "TID (COMM) STATE ...": the name may hold spaces and parentheses, the state
            // follows the last ')'.
            int close = stat.lastIndexOf(')');
            if (close < 0 || close + 2 >= stat.length()) return UNKNOWN;
            return stat.charAt(close + 2) == 'R' ? RUNNABLE : SLEEPING;
        } catch (IOException | RuntimeException e) {
            return UNKNOWN;
        }
    }
}
