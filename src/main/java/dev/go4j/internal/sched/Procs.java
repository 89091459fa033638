package dev.go4j.internal.sched;

/** GOMAXPROCS at start-up: the {@code go4j.maxprocs} property, else the processor count. */
public final class Procs {
    private Procs() {}

    public static final String PROPERTY = "go4j.maxprocs";

    public static int defaultProcs() {
        String v = System.getProperty(PROPERTY);
        if (v == null || v.isBlank()) return Math.max(1, Runtime.getRuntime().availableProcessors());
        int n;
        try {
            n = Integer.parseInt(v.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("invalid -D" + PROPERTY + "=" + v + ": want a whole number from 1 to " + Sched.MAX_PROCS);
        }
        if (n < 1 || n > Sched.MAX_PROCS) {
            throw new IllegalArgumentException("invalid -D" + PROPERTY + "=" + v + ": want a whole number from 1 to " + Sched.MAX_PROCS);
        }
        return n;
    }
}
