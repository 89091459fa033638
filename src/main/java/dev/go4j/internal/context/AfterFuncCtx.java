package dev.go4j.internal.context;

import dev.go4j.Go;
import dev.go4j.context.Context;

import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Go's afterFuncCtx (context.AfterFunc): a child that, when cancelled with its parent,
 * starts {@code f} in its own goroutine; its stop function wins or loses the same once.
 */
final class AfterFuncCtx extends CancelCtx {
    private final Runnable f;
    private final AtomicBoolean once = new AtomicBoolean();

    AfterFuncCtx(Context parent, Runnable f) {
        super(parent);
        this.f = f;
    }

    @Override
    public void cancel(boolean removeFromParent, Context.Error err, Throwable cause) {
        super.cancel(false, err, cause);
        if (removeFromParent) Contexts.removeChild(parent, this);
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
