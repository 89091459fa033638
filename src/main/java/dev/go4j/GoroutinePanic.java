package dev.go4j;

import dev.go4j.internal.sched.PanicPrinter;

/**
 * Thrown by {@link Go#run} when a goroutine of that run throws: Go's panic. The cause is
 * the goroutine's exception itself, wrapped exactly once. {@link #traceback()} is the
 * report Go would print for it.
 */
public final class GoroutinePanic extends RuntimeException {
    private static final long serialVersionUID = 1L;
    /** The goroutine that panicked. */
    private final long goid;
    /** Go's {@code created by ...} line for it, or {@code null} for main. */
    private final String createdBy;

    /**
     * A panic of goroutine {@code goid}.
     *
     * @param goid  the id of the goroutine that threw (1 is main)
     * @param cause what it threw
     */
    public GoroutinePanic(long goid, Throwable cause) {
        this(goid, null, cause);
    }

    GoroutinePanic(long goid, String createdBy, Throwable cause) {
        super("goroutine " + goid + " panicked: " + cause, cause);
        this.goid = goid;
        this.createdBy = createdBy;
    }

    /**
     * The id of the goroutine that panicked (1 is main).
     *
     * @return the goroutine id
     */
    public long goid() { return goid; }

    /**
     * The panic as Go prints it, plus the Java causes:
     * <pre>
     * panic: loading config
     *
     * goroutine 7 [running]:
     * com.example.Main.load(Main.java:12)
     * created by com.example.Main in goroutine 1
     * Caused by: java.nio.file.NoSuchFileException: app.conf
     * ...
     * </pre>
     * The first line shows the exception's message, with its class name where that adds
     * meaning (a {@code NullPointerException}, a message-less exception, a type of your
     * own); the runtime's, the launcher's and reflection's frames are left out.
     *
     * @return the report, one line per entry, ending with a newline
     */
    public String traceback() {
        return PanicPrinter.format(goid, createdBy, getCause());
    }
}
