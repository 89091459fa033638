package dev.go4j.internal.sched;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;

/**
 * CPU time consumed by an M's thread, for sysmon's judgement of a goroutine that ignores
 * preemption. Wall time alone cannot tell a CPU-bound goroutine from one whose thread the
 * OS has not scheduled (a loaded machine) or that sat in a GC pause: all three look like a
 * G that has not reached a preemption point for 20 ms, but only the first runs goroutine
 * code. Go never has to ask, because it never takes the P of a G that runs Go code; go4j
 * does (the stuck allowance), and must not do it to a G that simply did not get a core:
 * that would break GOMAXPROCS for goroutines that did nothing wrong.
 *
 * <p>Read through {@link ThreadMXBean} on sysmon's slow path only (a G already 20 ms past
 * its time slice). Without {@code java.management} or thread CPU time, it answers -1 and
 * sysmon falls back to wall time.
 */
final class ThreadCpuClock {
    private static final ThreadMXBean BEAN = bean();

    private ThreadCpuClock() {}

    private static ThreadMXBean bean() {
        try {
            ThreadMXBean b = ManagementFactory.getThreadMXBean();
            if (!b.isThreadCpuTimeSupported()) return null;
            if (!b.isThreadCpuTimeEnabled()) b.setThreadCpuTimeEnabled(true);
            return b;
        } catch (RuntimeException | LinkageError e) {
            return null;
        }
    }

    /** CPU nanoseconds thread t has used, or -1 if unknown (no support, or t has ended). */
    static long nanos(Thread t) {
        ThreadMXBean b = BEAN;
        if (b == null) return -1;
        try {
            return b.getThreadCpuTime(t.threadId());
        } catch (RuntimeException e) {
            return -1;
        }
    }
}
