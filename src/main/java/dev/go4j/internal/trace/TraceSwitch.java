package dev.go4j.internal.trace;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.invoke.MutableCallSite;

/**
 * Whether the execution trace is on, at the cost of a constant while it is off.
 *
 * <p>The scheduler asks {@link #on()} on its hottest paths (every goroutine start, stop
 * and wake-up). A volatile flag would be a memory read and a branch on each; this is a
 * {@link MutableCallSite} whose target returns a constant, which the JIT folds into the
 * compiled code. Turning the trace on or off swaps the target, and the JIT throws away
 * the code that assumed the old constant ({@link MutableCallSite#syncAll}).
 */
public final class TraceSwitch {
    private TraceSwitch() {}

    private static final MutableCallSite SITE = new MutableCallSite(MethodType.methodType(boolean.class));
    private static final MethodHandle ON = SITE.dynamicInvoker();

    static {
        set(false);
    }

    /**
     * True while a trace is being recorded.
     * @return true while a trace is being recorded
     */
    public static boolean on() {
        try {
            return (boolean) ON.invokeExact();
        } catch (Throwable t) {
            throw new AssertionError(t);
        }
    }

    static synchronized void set(boolean on) {
        SITE.setTarget(MethodHandles.constant(boolean.class, on));
        MutableCallSite.syncAll(new MutableCallSite[] {SITE});
    }
}
