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
 * {@code --add-opens java.base/java.lang=ALL-UNNAMED}; without it the first use throws an
 * {@link IllegalStateException} whose one-line message names the flag. When the JDK ships
 * a public custom-scheduler API, this file is the only one to change.
 */
public final class CarrierAdapter {
    /** The JVM flag go4j cannot run without. */
    public static final String REQUIRED_FLAG = "--add-opens java.base/java.lang=ALL-UNNAMED";

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
                    + " (./go4j run passes it; add it to your java command or Surefire argLine)";
        } catch (ReflectiveOperationException e) {
            failure = "go4j cannot reach the JDK's virtual-thread scheduler hook on Java "
                    + System.getProperty("java.version") + " (" + e + "); go4j needs JDK 25 or newer";
        }
        NEW_VIRTUAL_THREAD = nvt;
        CURRENT_CARRIER_THREAD = cct;
        FAILURE = failure;
    }

    private CarrierAdapter() {}

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

    // ---- child virtual threads (adoption; see dev.go4j.internal.sched.ChildThreads) ----

    /**
     * The JDK-internal access that adoption needs, resolved on first use: the virtual
     * thread captured by a continuation task ({@code VirtualThread.runContinuation} is
     * the bound method reference {@code this::runContinuation}, a lambda whose one field
     * is the thread), and a setter for the thread's {@code private final Executor
     * scheduler}. JDK 25 lets reflection write a final instance field once
     * {@code setAccessible(true)} succeeds (java.lang is opened by {@link #REQUIRED_FLAG});
     * HotSpot does not constant-fold final instance fields of java.lang.VirtualThread
     * (only of trusted holders such as records, hidden classes and java.lang.invoke), and
     * every read of {@code scheduler} in VirtualThread is a fresh field load, so the new
     * value is seen by the next submit. JEP 500 (JDK 26) warns on such writes unless
     * {@code --enable-final-field-mutation} is given; then this is the place to change.
     */
    private static final class ChildThreadAccess {
        static final Class<?> VIRTUAL_THREAD;
        static final MethodHandle SET_SCHEDULER;
        static final ClassValue<java.lang.reflect.Field> CAPTURED_THREAD = new ClassValue<>() {
            @Override
            protected java.lang.reflect.Field computeValue(Class<?> k) {
                if (VIRTUAL_THREAD == null) return null;
                java.lang.reflect.Field[] fs = k.getDeclaredFields();
                if (fs.length != 1 || fs[0].getType() != VIRTUAL_THREAD) return null;
                try {
                    fs[0].setAccessible(true);
                    return fs[0];
                } catch (RuntimeException e) {
                    return null;
                }
            }
        };

        static {
            Class<?> vt = null;
            MethodHandle set = null;
            try {
                vt = Class.forName("java.lang.VirtualThread");
                java.lang.reflect.Field f = vt.getDeclaredField("scheduler");
                f.setAccessible(true);
                set = MethodHandles.lookup().unreflectSetter(f)
                        .asType(MethodType.methodType(void.class, Thread.class, Executor.class));
            } catch (ReflectiveOperationException | RuntimeException e) {
                set = null;
            }
            VIRTUAL_THREAD = vt;
            SET_SCHEDULER = set;
        }
    }

    /**
     * The virtual thread whose continuation {@code task} runs, as handed to a virtual
     * thread's scheduler by the JDK; null if {@code task} is not such a task or the JDK's
     * shape differs.
     */
    public static Thread virtualThreadOf(Runnable task) {
        java.lang.reflect.Field f = ChildThreadAccess.CAPTURED_THREAD.get(task.getClass());
        if (f == null) return null;
        try {
            return (Thread) f.get(task);
        } catch (IllegalAccessException | RuntimeException e) {
            return null;
        }
    }

    /**
     * Makes {@code scheduler} the executor that virtual thread {@code vthread} submits its
     * continuation to from now on; false if this JDK does not allow it.
     */
    public static boolean setVirtualThreadScheduler(Thread vthread, Executor scheduler) {
        MethodHandle set = ChildThreadAccess.SET_SCHEDULER;
        if (set == null || !ChildThreadAccess.VIRTUAL_THREAD.isInstance(vthread)) return false;
        try {
            set.invokeExact(vthread, scheduler);
            return true;
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Throwable t) {
            throw new IllegalStateException(t);
        }
    }
}
