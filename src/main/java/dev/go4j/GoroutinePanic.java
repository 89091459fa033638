package dev.go4j;

/**
 * Thrown by {@link Go#run} when a goroutine of that run throws: Go's panic. The cause is
 * the goroutine's exception itself, wrapped exactly once.
 */
public final class GoroutinePanic extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final long goid;

    public GoroutinePanic(long goid, Throwable cause) {
        super("goroutine " + goid + " panicked: " + cause, cause);
        this.goid = goid;
    }

    /** The id of the goroutine that panicked (1 is main). */
    public long goid() { return goid; }
}
