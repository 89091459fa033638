package dev.go4j.internal.jmx;

import dev.go4j.internal.sched.SchedCounters;
import dev.go4j.internal.sched.Sched;
import dev.go4j.internal.sched.Traceback;
import dev.go4j.runtime.GoRuntimeMXBean;

import java.util.Map;

/** The MXBean of one runtime ({@code dev.go4j:type=Runtime,id=N}): reads the scheduler's own numbers. */
final class RuntimeBean implements GoRuntimeMXBean {
    private final Sched sched;
    private final SchedCounters counters;

    RuntimeBean(Sched sched) {
        this.sched = sched;
        this.counters = SchedCounters.of(sched);
    }

    @Override public long getId() { return sched.runtimeId(); }
    @Override public boolean isDefault() { return sched.isDefault(); }
    @Override public int getNumGoroutine() { return sched.numGoroutine(); }
    @Override public int getGOMAXPROCS() { return sched.gomaxprocs(); }

    @Override
    public void setGOMAXPROCS(int n) {
        if (n < 1) throw new IllegalArgumentException("GOMAXPROCS must be at least 1, not " + n);
        sched.gomaxprocs(n);
    }

    @Override public int getThreads() { return sched.threads(); }
    @Override public int getIdleThreads() { return sched.idleThreads(); }
    @Override public int getSpinningThreads() { return counters.spinningThreads(); }
    @Override public int getIdleProcs() { return counters.idleProcs(); }
    @Override public int getRunQueue() { return counters.globalRunQueue(); }
    @Override public int[] getLocalRunQueues() { return counters.localRunQueues(); }
    @Override public long getGoroutinesCreated() { return counters.goroutinesCreated(); }
    @Override public long getSteals() { return counters.steals(); }
    @Override public long getHandoffs() { return counters.handoffs(); }
    @Override public long getNetpollWakeups() { return counters.netpollWakeups(); }
    @Override public long getCpuYields() { return counters.cpuYields(); }
    @Override public long getPreemptions() { return counters.preemptions(); }
    @Override public Map<String, Long> getParksByWaitReason() { return counters.parksByReason(); }
    @Override public long[] getSchedLatencies() { return counters.schedLatencies(); }
    @Override public long[] getSchedLatencyBoundsMicros() { return SchedCounters.schedLatencyBoundsMicros(); }

    @Override
    public String dump(int debug) {
        if (debug == 1) return Traceback.dumpGrouped(sched, null);
        if (debug == 2) return Traceback.dumpAll(sched, null);
        throw new IllegalArgumentException("debug must be 1 or 2, not " + debug);
    }
}
