package dev.go4j.internal.carrier;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.util.concurrent.Executor;

/**
 * The one place that touches JDK internals.
 *
 * <p>Implementation overview. A goroutine is a JDK virtual thread whose scheduler is
 * go4j's: the JDK hands the thread's continuation to {@code scheduler.execute(task)}
 * every time the thread becomes runnable, and go4j's M's run that task. The JDK has no
 * public API (yet) for a virtual thread with a custom scheduler, so this class reaches
 * the package-private {@code ThreadBuilders.newVirtualThread(Executor, String, int,
 * Runnable)} and {@code Thread.currentCarrierThread()} through method handles. Both need
 * {@code --add-opens java.base/java.lang=ALL-UNNAMED} (on the module path: {@code
 * =dev.go4j}); without it the first use throws an
 * {@link IllegalStateException} whose one-line message names the flag. When the JDK ships
 * a public custom-scheduler API, this file is the only one to change.
 */
public final class CarrierAdapter {
    /**
     * The JVM flag go4j cannot run without. Its target is the module go4j is in: {@code
     * ALL-UNNAMED} on the class path, {@code dev.go4j} on the module path.
     */
    public static final String REQUIRED_FLAG = "--add-opens java.base/java.lang=" + flagTarget();

    private static final MethodHandle NEW_VIRTUAL_THREAD;
    private static final MethodHandle CURRENT_CARRIER_THREAD;
    private static final String FAILURE;

    static {
        MethodHandle nvt = null, cct = null;
        String failure = null;
        try {
            Class<?> builders = Class.forName("java.lang.ThreadBuilders");
            MethodHandles.Lookup lookup = MethodHandles.privateLookupIn(builders, MethodHandles.lookup());
            nvt = lookup.findStatic(builders, "newVirtualThread",
                    MethodType.methodType(Thread.class, Executor.class, String.class, int.class, Runnable.class));
            MethodHandles.Lookup threadLookup = MethodHandles.privateLookupIn(Thread.class, MethodHandles.lookup());
            cct = threadLookup.findStatic(Thread.class, "currentCarrierThread", MethodType.methodType(Thread.class));
        } catch (IllegalAccessException | RuntimeException e) {
            failure = "go4j needs the JVM flag " + REQUIRED_FLAG
                    + " (./go4j run passes it; add it to your java command or Surefire's argLine)";
        } catch (ReflectiveOperationException e) {
            failure = "go4j cannot reach the JDK's virtual-thread scheduler hook on Java "
                    + System.getProperty("java.version") + " (" + e + "); go4j needs JDK 25 or newer";
        }
        NEW_VIRTUAL_THREAD = nvt;
        CURRENT_CARRIER_THREAD = cct;
        FAILURE = failure;
    }

    private CarrierAdapter() {}

    private static String flagTarget() {
        Module m = CarrierAdapter.class.getModule();
        return m.isNamed() ? m.getName() : "ALL-UNNAMED";
    }

    /** Throws the start-up failure, if any: call once when a runtime starts. */
    public static void checkAvailable() {
        if (FAILURE != null) throw new IllegalStateException(FAILURE);
    }

    /**
     * An unstarted virtual thread that runs {@code task} and asks {@code scheduler} to run
     * its continuation whenever it becomes runnable.
     */
    public static Thread newVirtualThread(Executor scheduler, String name, Runnable task) {
        checkAvailable();
        try {
            return (Thread) NEW_VIRTUAL_THREAD.invokeExact(scheduler, name, 0, task);
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Throwable t) {
            throw new IllegalStateException(t);
        }
    }

    /**
     * The platform thread the caller runs on: the carrier when called from a virtual
     * thread, the thread itself otherwise.
     */
    public static Thread currentCarrierThread() {
        if (CURRENT_CARRIER_THREAD == null) return Thread.currentThread();
        try {
            return (Thread) CURRENT_CARRIER_THREAD.invokeExact();
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Throwable t) {
            throw new IllegalStateException(t);
        }
    }
}
