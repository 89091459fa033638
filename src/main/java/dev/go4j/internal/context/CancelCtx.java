package dev.go4j.internal.context;

import dev.go4j.Chan;
import dev.go4j.Go;
import dev.go4j.Receiver;
import dev.go4j.Select;
import dev.go4j.Unit;
import dev.go4j.context.Context;
import dev.go4j.internal.chan.ChanAccess;
import dev.go4j.internal.chan.TimerChannels;

import java.time.Instant;
import java.util.concurrent.ConcurrentHashMap;
import java.util.Optional;
import java.util.Set;
import java.util.function.BooleanSupplier;

/**
 * Go's cancelCtx: a context cancelled by its cancel function or with its parent.
 *
 * <p>Implementation overview. The done channel is made on first {@link #done()} (a
 * pre-closed channel if cancel came first). Cancel sets err and cause, closes done, then
 * cancels every child under this context's lock (so a child added concurrently is
 * either cancelled here or sees err in {@link #propagateCancel}), and finally leaves the
 * parent's child set. Lock order: parent before child, as in Go.
 */
class CancelCtx implements Context.CancelableCause, Canceler {
    final Context parent;
    private volatile Chan<Unit> done;
    /** Written under this; null after the first cancel. Volatile for {@link #awaited}'s lock-free read. */
    private volatile Set<Canceler> children;
    /** Set once by the first cancel (guarded by this, readable without it). */
    volatile Context.Error err;
    /** Guarded by this. */
    Throwable cause;
    /**
     * Go's stopCtx: the stop function of this context's registration with a parent that is
     * a {@link Context.AfterFuncer}, or null. Written once by {@link #propagateCancel}
     * before this context is handed out; read by the cancel that removes it from its parent.
     */
    private volatile BooleanSupplier stopParent;

    CancelCtx(Context parent) { this.parent = parent; }

    @Override
    public Optional<Instant> deadline() { return parent.deadline(); }

    @Override
    public Receiver<Unit> done() {
        Chan<Unit> d = done;
        if (d != null) return d;
        synchronized (this) {
            if (done == null) done = Chan.make();
            return done;
        }
    }

    @Override
    public Context.Error err() { return err; }

    @Override
    public Object value(Object key) { return Contexts.value(this, key); }

    @Override
    public void cancel() { cancel(true, Context.CANCELED, null); }

    @Override
    public void cancel(Throwable cause) { cancel(true, Context.CANCELED, cause); }

    /**
     * Mirrors cancelCtx.cancel: closes done, cancels each child, and if removeFromParent
     * is true, removes this context from its parent's children. Only the first call acts.
     */
    @Override
    public void cancel(boolean removeFromParent, Context.Error err, Throwable cause) {
        if (err == null) throw new IllegalStateException("context: internal error: missing cancel error");
        if (cause == null) cause = err;
        synchronized (this) {
            if (this.err != null) return; // already canceled
            this.cause = cause;
            this.err = err;
            Chan<Unit> d = done;
            if (d == null) done = Contexts.CLOSED;
            else d.close();
            Set<Canceler> kids = children;
            children = null;
            if (kids != null) {
                // NOTE: acquiring the child's lock while holding parent's.
                for (Canceler child : kids) child.cancel(false, err, cause);
            }
        }
        if (removeFromParent) leaveParent();
    }

    /** Mirrors removeChild(c.Context, c), its stopCtx case included: the parent forgets this context. */
    final void leaveParent() {
        BooleanSupplier stop = stopParent;
        if (stop != null) stop.getAsBoolean(); // an AfterFuncer parent: unregister our cancel
        else Contexts.removeChild(parent, this);
    }

    /** Mirrors propagateCancel: arranges for child to be cancelled when parent is. */
    void propagateCancel(Context parent, Canceler child) {
        Receiver<Unit> pdone = parent.done();
        if (Contexts.isNil(pdone)) return; // parent is never canceled
        if (Select.select(Select.recv(pdone), Select.otherwise(() -> { })) == 0) {
            // parent is already canceled
            child.cancel(false, parent.err(), Contexts.cause(parent));
            return;
        }
        CancelCtx p = Contexts.parentCancelCtx(parent);
        if (p != null) {
            synchronized (p) {
                if (p.err != null) {
                    // parent has already been canceled
                    child.cancel(false, p.err, p.cause);
                } else {
                    // Concurrent only for awaited's lock-free walk, which must not miss a
                    // child that is there throughout (IdentityHashMap's can, on a resize).
                    if (p.children == null) p.children = ConcurrentHashMap.newKeySet();
                    p.children.add(child);
                }
            }
            return;
        }
        if (parent instanceof Context.AfterFuncer a) {
            // Mirrors propagateCancel's afterFuncer case: the parent runs our cancel when it
            // is cancelled, so no goroutine watches it.
            BooleanSupplier stop = a.afterFunc(() -> {
                Context.Error e = parent.err();
                if (e == null) {
                    throw new IllegalStateException("context: " + parent
                            + " ran an afterFunc function before it was cancelled (its err() is null)");
                }
                child.cancel(false, e, Contexts.cause(parent));
            });
            if (stop == null) throw new NullPointerException("context: " + parent + ".afterFunc returned null, not a stop function");
            stopParent = stop;
            return;
        }
        // A context implemented outside go4j: watch it from a goroutine, as Go does.
        Receiver<Unit> cdone = child.done();
        Go.go(() -> Select.select(
                Select.recv(pdone, x -> child.cancel(false, parent.err(), Contexts.cause(parent))),
                Select.recv(cdone)));
    }

    /** Mirrors removeChild's second half: forgets a child. */
    synchronized void removeChild(Canceler child) {
        if (children != null) children.remove(child);
    }

    /**
     * For deadlock detection, once this context's deadline timer outlived the run that made
     * it: whether its cancel is sure to wake a goroutine of a live run, one blocked on the
     * done channel of this context or of a descendant (a context made from this one in a
     * later run), or whether an {@code AfterFunc} of live code waits below it (its function
     * may wake anyone; {@link AfterFuncCtx#mayWakeALiveRun}). Read without locks: the
     * caller holds scheduler and timer-heap locks, and a cancel holds this context's lock
     * while it stops the timer (the child set is concurrent for that). Errs towards true:
     * more descendants than {@link #AWAITED_BUDGET}.
     */
    boolean awaited() {
        return awaited(new int[] {AWAITED_BUDGET});
    }

    private static final int AWAITED_BUDGET = 64;

    private boolean awaited(int[] budget) {
        if (err != null) return false; // already cancelled: the timer changes nothing
        if (--budget[0] < 0) return true;
        Chan<Unit> d = done;
        if (d != null && d != Contexts.CLOSED && TimerChannels.hasLiveGoroutineReceiver(ChanAccess.unwrap(d))) return true;
        Set<Canceler> kids = children;
        if (kids == null) return false;
        for (Canceler k : kids) { // weakly consistent: sees every child there throughout
            if (k instanceof AfterFuncCtx a) {
                if (a.mayWakeALiveRun()) return true;
            } else if (((CancelCtx) k).awaited(budget)) { // every Canceler is a CancelCtx
                return true;
            }
        }
        return false;
    }

    /** The number of children still registered (tests). */
    synchronized int childCount() { return children == null ? 0 : children.size(); }

    @Override
    public String toString() { return parent + ".WithCancel"; }
}
