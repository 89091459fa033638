package dev.go4j.internal.jmx;

import dev.go4j.internal.sched.Runtimes;
import dev.go4j.internal.sched.Sched;
import dev.go4j.runtime.Goroutines;
import dev.go4j.runtime.GoroutinesMXBean;

import java.util.List;

/** The process-wide MXBean ({@code dev.go4j:type=Goroutines}). */
final class GoroutinesBean implements GoroutinesMXBean {
    @Override public String dump(int debug) { return Goroutines.dump(debug); }

    @Override
    public long[] getRuntimeIds() {
        List<Sched> live = Runtimes.live();
        long[] ids = new long[live.size()];
        for (int i = 0; i < ids.length; i++) ids[i] = live.get(i).runtimeId();
        return ids;
    }

    @Override
    public int getNumGoroutine() {
        int n = 0;
        for (Sched s : Runtimes.live()) n += s.numGoroutine();
        return n;
    }
}
