package dev.go4j.context;

import dev.go4j.Chan;
import dev.go4j.Receiver;
import dev.go4j.Unit;
import dev.go4j.internal.context.Contexts;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.function.BooleanSupplier;

/**
 * Go's {@code context.Context}: a deadline, a cancellation signal and request-scoped values
 * that flow down a tree of contexts.
 *
 <pre>{@code
 * var ctx = Context.withTimeout(Context.background(), Duration.ofSeconds(1));
 * try {
 *     switch (Select.of(recv(ctx.done()), recv(work))) {
 *         case Received<?> r when r.from(work) -> use(r.value(work));
 *         case Received<?> r -> System.out.println(ctx.err().getMessage()); // context deadline exceeded
 *     }
 * } finally {
 *     ctx.cancel();
 * }
 * }</pre>
 *
 * <p>Cancelling a context cancels every descendant exactly once, and never an ancestor;
 * the cancelled context leaves its parent's set of children. Deadlines run on the go4j
 * scheduler's timers. A {@code null} parent is refused with {@link NullPointerException}.
 * Implementations outside go4j are welcome as parents: they are watched by a goroutine,
 * as Go does, unless they implement {@link AfterFuncer}, which runs the derived
 * context's cancel itself (Go 1.21's afterFuncer).
 */
public interface Context {
    /**
     * When this context will be cancelled by its deadline, if it has one (Context.Deadline).
     *
     * @return the deadline, or empty
     */
    Optional<Instant> deadline();

    /**
     * A channel closed when this context is cancelled (Context.Done: Go's
     * {@code <-chan struct{}}); nothing is ever sent on it, so a receive returns
     * {@code null} once it is closed. For a context that can never be cancelled
     * ({@link #background()}, {@link #withoutCancel}) it is {@link Chan#nil()}, Go's nil
     * channel: never ready in a select, and a receive blocks forever.
     *
     * @return the done channel; the same object on every call
     */
    Receiver<Unit> done();

    /**
     * Why this context was cancelled (Context.Err).
     *
     * @return {@code null} while not cancelled, then {@link #CANCELED} (a {@link Canceled})
     *         or {@link #DEADLINE_EXCEEDED} (a {@link DeadlineExceeded})
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

    /**
     * A context implemented outside go4j that can run a function once it is cancelled
     * (Go's {@code afterFuncer}: a context type with an {@code AfterFunc(func()) func() bool}
     * method). A context derived from it ({@link #withCancel}, {@link #withDeadline} and
     * the others, {@link #afterFunc}) registers its cancel here instead of being watched
     * by a goroutine; if the derived context is cancelled first, it calls the stop
     * function it got, so the registration ends with it.
     *
     * <pre>{@code
     * final class RequestScope implements Context.AfterFuncer {
     *     // deadline(), done(), err() and value() as any Context, plus:
     *     public BooleanSupplier afterFunc(Runnable f) {
     *         // remember f; once err() is set and done() closed, run each f once
     *         // (Go runs them in new goroutines); return a function that forgets f
     *         // and says whether it did
     *     }
     * }
     * }</pre>
     */
    interface AfterFuncer extends Context {
        /**
         * Arranges for {@code f} to run once, in any thread, after this context is
         * cancelled: after {@link #err()} returns non-null. go4j's {@code f} cancels the
         * derived context with this context's {@code err()} and {@link Context#cause};
         * called while {@code err()} is still null it throws
         * {@link IllegalStateException} naming this context.
         *
         * @param f the function to run once this context is cancelled
         * @return a stop function (not null): true if it kept {@code f} from running,
         *         false if f has run, is running, or was already stopped
         */
        BooleanSupplier afterFunc(Runnable f);
    }

    /**
     * The error a cancelled context reports: a {@link Canceled} or a
     * {@link DeadlineExceeded}. Despite its name (kept for existing code) it is a
     * {@link RuntimeException}, not a {@link java.lang.Error}; match on the two subclasses
     * by name, as Go code compares with {@code context.Canceled} and
     * {@code context.DeadlineExceeded}:
     *
     * <pre>{@code
     * switch (ctx.err()) {
     *     case null -> { }                                   // not cancelled
     *     case Context.Canceled c -> log("stopped");        // errors.Is(err, context.Canceled)
     *     case Context.DeadlineExceeded d -> log("too slow"); // errors.Is(err, context.DeadlineExceeded)
     * }
     * }</pre>
     */
    abstract sealed class Error extends RuntimeException permits Canceled, DeadlineExceeded {
        private static final long serialVersionUID = 1L;
        /** Whether this is a deadline error (Go's Timeout()). */
        private final boolean timeout;

        private Error(String message, boolean timeout) {
            super(message, null, false, false);
            this.timeout = timeout;
        }

        /**
         * Go's {@code Timeout()} method of DeadlineExceeded.
         *
         * @return true for {@link #DEADLINE_EXCEEDED}
         */
        public boolean timeout() { return timeout; }
    }

    /** The type of {@link #CANCELED}: Go's {@code context.Canceled}, "context canceled". */
    final class Canceled extends Error {
        private static final long serialVersionUID = 1L;

        private Canceled() { super("context canceled", false); }
    }

    /**
     * The type of {@link #DEADLINE_EXCEEDED}: Go's {@code context.DeadlineExceeded},
     * "context deadline exceeded".
     */
    final class DeadlineExceeded extends Error {
        private static final long serialVersionUID = 1L;

        private DeadlineExceeded() { super("context deadline exceeded", true); }
    }

    /** Go's context.Canceled: the error of a context cancelled by its cancel function. */
    Canceled CANCELED = new Canceled();

    /** Go's context.DeadlineExceeded: the error of a context whose deadline passed. */
    DeadlineExceeded DEADLINE_EXCEEDED = new DeadlineExceeded();

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
