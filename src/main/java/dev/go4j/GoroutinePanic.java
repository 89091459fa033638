package dev.go4j;

/**
 * Thrown by {@link Go#run} when a goroutine of that run throws: Go's panic. The cause is
 * the goroutine's exception itself, wrapped exactly once.
 *
 * <p>The message names the goroutine, and adds a hint for a common Java habit: an
 * {@link IllegalMonitorStateException} thrown by {@link Object#wait()},
 * {@link Object#notify()} or {@link Object#notifyAll()} most likely comes from
 * {@code wg.wait()} or {@code cond.wait()}, which compile (every object has Java's
 * monitor methods) but are not Go's {@code Wait}: go4j's is {@code await()}.
 */
public final class GoroutinePanic extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final long goid;
    private final String hint;

    /**
     * A panic of goroutine {@code goid}.
     *
     * @param goid  the goroutine that threw
     * @param cause what it threw
     */
    public GoroutinePanic(long goid, Throwable cause) {
        this(goid, cause, monitorHint(cause));
    }

    private GoroutinePanic(long goid, Throwable cause, String hint) {
        super("goroutine " + goid + " panicked: " + cause + hint, cause);
        this.goid = goid;
        this.hint = hint;
    }

    /**
     * The id of the goroutine that panicked (1 is main).
     *
     * @return the goroutine id
     */
    public long goid() { return goid; }

    /**
     * The hint that the message carries, for printing next to the cause (as
     * {@code ./go4j run} does): for Java's monitor misuse from {@code Object.wait} or
     * {@code notify}, a pointer to go4j's {@code await()}, {@code signal()},
     * {@code broadcast()}.
     *
     * @return the hint, starting with a space, or an empty string
     */
    public String hint() { return hint; }

    /**
     * A hint when {@code t} is Java's monitor misuse from Object.wait/notify: the Go habit
     * {@code wg.Wait()} typed as {@code wg.wait()}. Empty otherwise.
     */
    static String monitorHint(Throwable t) {
        if (!(t instanceof IllegalMonitorStateException)) return "";
        for (StackTraceElement e : t.getStackTrace()) {
            if (!e.getClassName().equals("java.lang.Object")) continue;
            String m = e.getMethodName();
            if (m.startsWith("wait")) {
                return " (hint: Object.wait() was called on an object whose monitor is not held;"
                        + " to wait on a go4j WaitGroup or Cond call await(), not wait())";
            }
            if (m.startsWith("notify")) {
                return " (hint: Object." + m + "() was called on an object whose monitor is not held;"
                        + " to wake a go4j Cond call signal() or broadcast(), not notify())";
            }
        }
        return "";
    }
}
