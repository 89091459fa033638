package dev.go4j.internal.context;

import dev.go4j.Go;
import dev.go4j.context.Context;
import dev.go4j.internal.sched.G;
import dev.go4j.internal.sched.Sched;

import java.lang.ref.WeakReference;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Go's afterFuncCtx (context.AfterFunc): a child that, when cancelled with its parent,
 * starts {@code f} in its own goroutine; its stop function wins or loses the same once.
 */
final class AfterFuncCtx extends CancelCtx {
    private final Runnable f;
    private final AtomicBoolean once = new AtomicBoolean();
    /**
     * The runtime of the goroutine that registered f; null for a plain thread. Weak: a
     * long-lived parent context must not keep every ended run's scheduler reachable (a
     * collected one had ended).
     */
    private final WeakReference<Sched> maker;

    AfterFuncCtx(Context parent, Runnable f) {
        super(parent);
        this.f = f;
        G g = G.ofCurrentThread();
        this.maker = g == null ? null : new WeakReference<>(g.sched());
    }

    /**
     * For deadlock detection ({@link CancelCtx#awaited}): f may wake anyone, unless the
     * run that registered it has ended (an abandoned AfterFunc, like an abandoned
     * afterFunc timer, keeps no later run alive). A plain thread's counts.
     */
    boolean mayWakeALiveRun() {
        if (maker == null) return true;
        Sched s = maker.get();
        return s != null && !s.ended();
    }

    @Override
    public void cancel(boolean removeFromParent, Context.Error err, Throwable cause) {
        super.cancel(false, err, cause);
        if (removeFromParent) leaveParent();
        if (once.compareAndSet(false, true)) Go.go(f);
    }

    /** The stop function: true if it kept f from starting. */
    boolean stop() {
        boolean stopped = once.compareAndSet(false, true);
        if (stopped) cancel(true, Context.CANCELED, null);
        return stopped;
    }

    @Override
    public String toString() { return parent + ".AfterFunc"; }
}
