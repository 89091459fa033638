package dev.go4j.sync;

import dev.go4j.Go;
import dev.go4j.context.Context;
import dev.go4j.internal.sched.WaitReason;

import java.util.Objects;
import java.util.concurrent.Callable;

/**
 * A group of goroutines working on subtasks of a common task: golang.org/x/sync/errgroup.
 *
 * <p>{@link #go} runs a task in a new goroutine; {@link #await} waits for all of them and
 * returns the first exception a task threw, or {@code null}, and keeps returning it on
 * later calls. A task "fails" by throwing an {@link Exception} (Go's non-nil error). An
 * {@link Error} (an assertion, OutOfMemoryError, ...) is Go's panic: it is not recorded
 * but ends that goroutine as a panic, after the task is counted done.
 *
 * <p>{@link #setLimit} bounds the number of active tasks; {@link #go} then waits for a free
 * slot (FIFO) and {@link #tryGo} fails instead. A limit of 0 admits nothing: Go's Go would
 * block forever, so {@link #go} throws {@link IllegalStateException} instead.
 *
 * <p>{@link #withContext} makes a group whose {@link #context()} is cancelled, with the
 * error as its cause, on the first error or when {@link #await} returns (Go's WithContext).
 */
public final class ErrGroup {
    private final WaitGroup wg = new WaitGroup();
    /** Active-task slots, or null without a limit (Go's sem channel). */
    private volatile Semaphore sem;
    private volatile int limit = -1;
    private final Once errOnce = new Once();
    private volatile Exception err;
    /** The group's context (WithContext), or null. */
    private final Context.CancelableCause ctx;

    /** A group with no context and no limit (a zero errgroup.Group). */
    public ErrGroup() {
        this.ctx = null;
    }

    private ErrGroup(Context.CancelableCause ctx) {
        this.ctx = ctx;
    }

    /**
     * A group whose {@link #context()}, derived from parent, is cancelled the first time a
     * task throws or the first time {@link #await} returns, whichever occurs first; its
     * cause is the task's exception. Mirrors WithContext.
     *
     * @param parent the parent context
     * @return the group
     * @throws NullPointerException if parent is null
     */
    public static ErrGroup withContext(Context parent) {
        Objects.requireNonNull(parent, "parent context");
        return new ErrGroup(Context.withCancelCause(parent));
    }

    /**
     * The context of a group made by {@link #withContext}.
     *
     * @return the group's context
     * @throws IllegalStateException for a group made with {@code new ErrGroup()}
     */
    public Context context() {
        if (ctx == null) throw new IllegalStateException("errgroup: group has no context; create it with ErrGroup.withContext");
        return ctx;
    }

    /** A task is over: free the slot it took (from the limit in force when it started). */
    private void done(Semaphore slot) {
        if (slot != null) slot.release(1);
        wg.done();
    }

    /**
     * Runs task in a new goroutine, first waiting, if a limit is set, until the number of
     * active tasks is below it. The first exception a task throws is what {@link #await}
     * returns.
     *
     * @param task the task; an exception it throws is the group's error
     * @throws IllegalStateException if the limit is 0
     */
    public void go(Callable<?> task) {
        Semaphore s = sem;
        if (s != null) {
            if (s.size() == 0) throw new IllegalStateException("errgroup: limit is 0, go would block forever");
            // Go's SetLimit is a channel of tokens: a Go waiting for a slot is [chan send]
            s.acquire(1, WaitReason.CHAN_SEND);
        }
        start(task, s);
    }

    /**
     * Runs task in a new goroutine only if the number of active tasks is below the limit;
     * reports whether it started. Mirrors TryGo.
     *
     * @param task the task; an exception it throws is the group's error
     * @return whether the task was started
     */
    public boolean tryGo(Callable<?> task) {
        Semaphore s = sem;
        if (s != null && !s.tryAcquire(1)) return false;
        start(task, s);
        return true;
    }

    private void start(Callable<?> task, Semaphore slot) {
        wg.add(1);
        Go.go(() -> {
            try {
                task.call();
            } catch (Exception e) {
                errOnce.run(() -> {
                    err = e;
                    if (ctx != null) ctx.cancel(e);
                });
            } finally {
                done(slot);
            }
        });
    }

    /**
     * Waits until every task started with {@link #go} has returned, then returns the first
     * exception thrown by one of them, or {@code null}. Mirrors Wait.
     *
     * @return the first exception, or {@code null}
     */
    public Exception await() {
        wg.await();
        if (ctx != null) ctx.cancel(err);
        return err;
    }

    /**
     * Limits the number of active tasks to n; negative means no limit. Mirrors SetLimit.
     *
     * @param n the most tasks active at once; negative means no limit
     * @throws IllegalStateException if tasks of the group are still active (Go's panic text)
     */
    public void setLimit(int n) {
        if (n < 0) {
            sem = null;
            limit = -1;
            return;
        }
        Semaphore s = sem;
        if (s != null && s.held() != 0) {
            throw new IllegalStateException("errgroup: modify limit while " + s.held()
                    + " goroutines in the group are still active");
        }
        sem = new Semaphore(n);
        limit = n;
    }

    /**
     * The limit set by {@link #setLimit}, or -1.
     *
     * @return the limit
     */
    public int limit() { return limit; }
}
