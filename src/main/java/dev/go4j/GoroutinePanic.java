package dev.go4j;

import dev.go4j.internal.sched.PanicPrinter;

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
    /** The goroutine that panicked. */
    private final long goid;
    /** The Object.wait misuse hint, or an empty string. */
    private final String hint;
    /** Go's {@code created by ...} line for it, or {@code null} for main. */
    private final String createdBy;

    /**
     * A panic of goroutine {@code goid}.
     *
     * @param goid  the goroutine that threw
     * @param cause what it threw
     */
    public GoroutinePanic(long goid, Throwable cause) {
        this(goid, null, cause);
    }

    GoroutinePanic(long goid, String createdBy, Throwable cause) {
        this(goid, createdBy, cause, PanicPrinter.monitorHint(cause));
    }

    private GoroutinePanic(long goid, String createdBy, Throwable cause, String hint) {
        super("goroutine " + goid + " panicked: " + cause + hint, cause);
        this.goid = goid;
        this.hint = hint;
        this.createdBy = createdBy;
    }

    /**
     * The panic as Go prints it, plus the Java causes and the hint, if any:
     * {@code panic: <message>}, {@code goroutine N [running]:}, the user's frames,
     * {@code created by X in goroutine M}, then each {@code Caused by:} with its frames.
     * The runtime's, the launcher's and reflection's frames are left out.
     *
     * @return the report, one line per entry, ending with a newline
     */
    public String traceback() {
        return PanicPrinter.format(goid, createdBy, getCause());
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
}
