package dev.go4j.internal.sched;

import java.lang.ref.WeakReference;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentSkipListMap;

/**
 * Every live runtime of the process (each {@code Go.run}, and the default runtime), so
 * that a dump or a JMX client can find them from any thread.
 *
 * <p>A runtime is listed when it is constructed and unlisted when it shuts down. The
 * entries are weak, so a runtime that is dropped without shutting down (a test's stray
 * scheduler) does not stay reachable through this list.
 */
public final class Runtimes {
    private Runtimes() {}

    private static final ConcurrentSkipListMap<Long, WeakReference<Sched>> LIVE = new ConcurrentSkipListMap<>();

    /** Hook: a runtime was constructed. */
    static void started(Sched s) {
        s.events.runtimeStarted();
        LIVE.put(s.runtimeId, new WeakReference<>(s));
        dev.go4j.internal.trace.Tracer.startFromProperty();
        dev.go4j.internal.jmx.JmxPublisher.changed();
    }

    /** Hook: a runtime shut down. */
    static void ended(Sched s) {
        LIVE.remove(s.runtimeId);
        s.events.runtimeEnded();
        dev.go4j.internal.jmx.JmxPublisher.changed();
    }

    /**
     * The live runtimes, oldest first.
     * @return the live runtimes, oldest first
     */
    public static List<Sched> live() {
        List<Sched> out = new ArrayList<>();
        for (var e : LIVE.entrySet()) {
            Sched s = e.getValue().get();
            if (s == null || s.shutdown) LIVE.remove(e.getKey(), e.getValue());
            else out.add(s);
        }
        return out;
    }

    /**
     * The live runtime with this id, or null.
     * @param id the runtime id
     * @return the live runtime with this id, or null
     */
    public static Sched byId(long id) {
        var ref = LIVE.get(id);
        Sched s = ref == null ? null : ref.get();
        return s == null || s.shutdown ? null : s;
    }
}
