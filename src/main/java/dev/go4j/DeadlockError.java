package dev.go4j;

/**
 * Thrown by {@link Go#run} when no goroutine of that run can ever run again: Go's fatal
 * error {@code all goroutines are asleep - deadlock!}. {@link #dump()} holds the goroutine
 * dump taken at the moment the runtime found it.
 */
public final class DeadlockError extends Error {
    private static final long serialVersionUID = 1L;
    /** The message, Go's text: {@value}. */
    public static final String MESSAGE = "all goroutines are asleep - deadlock!";
    /** The goroutine dump taken when the deadlock was found. */
    private final String dump;

    /**
     * A deadlock report carrying the goroutine dump taken when it was found.
     *
     * @param dump the goroutine dump ({@code null} is taken as empty)
     */
    public DeadlockError(String dump) {
        super(MESSAGE);
        this.dump = dump == null ? "" : dump;
    }

    /**
     * The goroutine dump, in Go's format: {@code goroutine 1 [chan receive]:} and the stack.
     *
     * @return the dump, one goroutine after another
     */
    public String dump() { return dump; }
}
