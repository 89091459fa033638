package dev.go4j.context;

import dev.go4j.Receiver;
import dev.go4j.internal.context.Contexts;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.function.BooleanSupplier;

/**
 * Go's {@code context.Context}: a deadline, a cancellation signal and request-scoped values
 * that flow down a tree of contexts.
 *
 * <pre>{@code
 * var ctx = Context.withTimeout(Context.background(), Duration.ofSeconds(1));
 * try {
 *     Select.select(
 *         Select.recv(ctx.done(), x -> System.out.println(ctx.err().getMessage())),
 *         Select.recv(work, v -> use(v)));
 * } finally {
 *     ctx.cancel();
 * }
 * }</pre>
 *
 * <p>Cancelling a context cancels every descendant exactly once, and never an ancestor;
 * the cancelled context leaves its parent's set of children. Deadlines run on the go4j
 * scheduler's timers. A {@code null} parent is refused with {@link NullPointerException}.
 * Implementations outside go4j are welcome as parents: they are watched by a goroutine,
 * as Go does.
 */
public interface Context {
    /**
     * When this context will be cancelled by its deadline, if it has one (Context.Deadline).
     *
     * @return the deadline, or empty
     */
    Optional<Instant> deadline();

    /**
     * A channel closed when this context is cancelled (Context.Done); {@code null} (a nil
     * channel: never ready in {@code Select}) for a context that can never be cancelled.
     *
     * @return the done channel
     */
    Receiver<Void> done();

    /**
     * {@code null} while not cancelled, then {@link #CANCELED} or {@link #DEADLINE_EXCEEDED} (Context.Err).
     *
     * @return the error, or {@code null}
     */
    Error err();

    /**
     * The value bound to {@code key} here or in the nearest ancestor, or {@code null}
     * (Context.Value). A {@code null} value bound nearer hides an ancestor's.
     *
     * @param key the key (not {@code null})
     * @return the value, or {@code null}
     * @throws NullPointerException if key is null
     */
    Object value(Object key);

    /** A context that is cancelled by {@link #cancel()} (Go's context plus its CancelFunc). */
    interface Cancelable extends Context {
        /**
         * Cancels this context and its descendants (Go's CancelFunc). Idempotent; {@link #done()}
         * is closed when it returns.
         */
        void cancel();
    }

    /** A context whose cancel records a cause (WithCancelCause's CancelCauseFunc). */
    interface CancelableCause extends Cancelable {
        /**
         * Cancels with {@code cause} ({@code null} means {@link #CANCELED}); only the first cancel counts.
         *
         * @param cause the cause, or {@code null}
         */
        void cancel(Throwable cause);
    }

    /** The error a cancelled context reports (Go's context.Canceled, DeadlineExceeded). */
    final class Error extends RuntimeException {
        /** Whether this is {@link #DEADLINE_EXCEEDED}. */
        private final boolean timeout;

        private Error(String message, boolean timeout) {
            super(message, null, false, false);
            this.timeout = timeout;
        }

        /**
         * True for {@link #DEADLINE_EXCEEDED} (Go's Timeout() method).
         *
         * @return whether this is the deadline error
         */
        public boolean timeout() { return timeout; }
    }

    /** Go's context.Canceled. */
    Error CANCELED = new Error("context canceled", false);

    /** Go's context.DeadlineExceeded. */
    Error DEADLINE_EXCEEDED = new Error("context deadline exceeded", true);

    /**
     * The root context: never cancelled, no deadline, no values (context.Background).
     *
     * @return the background context
     */
    static Context background() { return Contexts.BACKGROUND; }

    /**
     * Like {@link #background()}, for code that has no context yet (context.TODO).
     *
     * @return an empty context
     */
    static Context todo() { return Contexts.TODO; }

    /**
     * A child cancelled by its cancel() or with its parent (context.WithCancel).
     *
     * @param parent the parent context
     * @return the child, with {@code cancel()}
     */
    static Cancelable withCancel(Context parent) {
        return Contexts.withCancel(parent);
    }

    /**
     * Like {@link #withCancel}, recording a cause (context.WithCancelCause); see {@link #cause}.
     *
     * @param parent the parent context
     * @return the child, with {@code cancel(cause)}
     */
    static CancelableCause withCancelCause(Context parent) {
        return Contexts.withCancelCause(parent);
    }

    /**
     * A child also cancelled at {@code deadline} with {@link #DEADLINE_EXCEEDED}
     * (context.WithDeadline). If the parent's deadline is earlier, the child reports that one.
     *
     * @param parent the parent context
     * @param deadline when the child is cancelled
     * @return the child, with {@code cancel()}
     */
    static Cancelable withDeadline(Context parent, Instant deadline) {
        return Contexts.withDeadline(parent, deadline, null);
    }

    /**
     * Like {@link #withDeadline}, with {@code cause} as the cause on expiry (context.WithDeadlineCause).
     *
     * @param parent the parent context
     * @param deadline when the child is cancelled
     * @param cause the cause reported on expiry
     * @return the child, with {@code cancel()}
     */
    static Cancelable withDeadlineCause(Context parent, Instant deadline, Throwable cause) {
        return Contexts.withDeadline(parent, deadline, cause);
    }

    /**
     * {@code withDeadline(parent, now + timeout)} (context.WithTimeout).
     *
     * @param parent the parent context
     * @param timeout how long until the child is cancelled
     * @return the child, with {@code cancel()}
     */
    static Cancelable withTimeout(Context parent, Duration timeout) {
        return Contexts.withTimeout(parent, timeout, null);
    }

    /**
     * Like {@link #withTimeout}, with {@code cause} as the cause on expiry (context.WithTimeoutCause).
     *
     * @param parent the parent context
     * @param timeout how long until the child is cancelled
     * @param cause the cause reported on expiry
     * @return the child, with {@code cancel()}
     */
    static Cancelable withTimeoutCause(Context parent, Duration timeout, Throwable cause) {
        return Contexts.withTimeout(parent, timeout, cause);
    }

    /**
     * A child carrying {@code key -> value} (context.WithValue); {@code value} may be null.
     *
     * @param parent the parent context
     * @param key the key (not {@code null})
     * @param value the value ({@code null} hides the parent's)
     * @return the child
     * @throws NullPointerException if parent or key is null
     */
    static Context withValue(Context parent, Object key, Object value) {
        return Contexts.withValue(parent, key, value);
    }

    /**
     * A child with the parent's values that is never cancelled (context.WithoutCancel).
     *
     * @param parent the parent context
     * @return the child
     */
    static Context withoutCancel(Context parent) {
        return Contexts.withoutCancel(parent);
    }

    /**
     * Why {@code ctx} was cancelled (context.Cause): the cause given to a
     * {@link CancelableCause} or a deadline cause, else {@link Context#err()}; null if not
     * cancelled.
     *
     * @param ctx the context
     * @return the cause, or {@code null}
     */
    static Throwable cause(Context ctx) {
        return Contexts.cause(ctx);
    }

    /**
     * Runs {@code f} in its own goroutine once {@code ctx} is cancelled
     * (context.AfterFunc). The returned function stops that: it returns true if it
     * prevented {@code f} from being started, false if f was started or already stopped.
     *
     * @param ctx the context to watch
     * @param f the function to run in its own goroutine
     * @return a stop function
     */
    static BooleanSupplier afterFunc(Context ctx, Runnable f) {
        return Contexts.afterFunc(ctx, f);
    }
}
