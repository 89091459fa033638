package dev.go4j.internal.sched;

/**
 * The runtime behind {@code Go.go} called from a plain thread: started on first use, with
 * daemon threads, never reporting deadlock (plain threads may feed it at any time).
 */
public final class DefaultRuntime {
    private DefaultRuntime() {}

    private static volatile Sched instance;

    public static Sched get() {
        Sched s = instance;
        if (s != null) return s;
        synchronized (DefaultRuntime.class) {
            s = instance;
            if (s == null) {
                s = new Sched(true, Procs.defaultProcs());
                s.start();
                instance = s;
            }
            return s;
        }
    }

    /** The default runtime if it has started, else null. */
    public static Sched peek() { return instance; }
}
