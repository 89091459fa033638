package dev.go4j.internal.carrier;

import java.lang.classfile.ClassFile;
import java.lang.constant.ClassDesc;
import java.lang.constant.ConstantDescs;
import java.lang.constant.MethodTypeDesc;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.invoke.VarHandle;
import java.lang.reflect.AccessFlag;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executor;
import java.util.function.Supplier;
import java.util.stream.Stream;

/**
 * The one place that touches JDK internals for virtual threads (the JDK's socket pollers
 * are {@link JdkPollers}').
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
 *
 * <p>Thread containers. The JDK's thread dump ({@code jcmd PID Thread.dump_to_file}) lists
 * virtual threads by the <em>thread container</em> they were started in; with
 * {@code -Djdk.trackAllThreads=false} the default container keeps no list and the dump
 * shows no goroutine. Each runtime therefore gets its own container, whose thread list is
 * the runtime's own list of live goroutines (nothing is tracked per spawn). The container
 * type, {@code jdk.internal.vm.ThreadContainer}, is abstract and internal: the subclass is
 * generated here with the class-file API, which needs
 * {@code --add-exports java.base/jdk.internal.vm=ALL-UNNAMED}. Without that flag go4j
 * runs as before and says once, in one line, that dumps will not group goroutines.
 */
public final class CarrierAdapter {
    /**
     * The JVM flag go4j cannot run without. Its target is the module go4j is in: {@code
     * ALL-UNNAMED} on the class path, {@code dev.go4j} on the module path.
     */
    public static final String REQUIRED_FLAG = "--add-opens java.base/java.lang=" + flagTarget();

    /**
     * The JVM flag that lets JDK thread dumps group goroutines under their runtime; its
     * target, like {@link #REQUIRED_FLAG}'s, is the module go4j is in.
     */
    public static final String CONTAINER_FLAG = "--add-exports java.base/jdk.internal.vm=" + flagTarget();

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

    static String flagTarget() {
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

    // ------------------------------------------------------------------ thread containers

    /** new Container(String name, Supplier threads), START_IN(Thread, ThreadContainer), REGISTER, DEREGISTER; null without the flag. */
    private static final MethodHandle NEW_CONTAINER, START_IN, REGISTER, DEREGISTER;
    private static volatile boolean containerWarned;

    static {
        MethodHandle nc = null, si = null, reg = null, dereg = null;
        if (FAILURE == null) {
            try {
                Class<?> tc = Class.forName("jdk.internal.vm.ThreadContainer");
                Class<?> tcs = Class.forName("jdk.internal.vm.ThreadContainers");
                if (!Object.class.getModule().isExported("jdk.internal.vm", CarrierAdapter.class.getModule())) {
                    throw new IllegalAccessException("jdk.internal.vm is not exported");
                }
                Class<?> impl = defineContainerClass();
                nc = MethodHandles.lookup().findConstructor(impl, MethodType.methodType(void.class, String.class, Supplier.class))
                        .asType(MethodType.methodType(Object.class, String.class, Supplier.class));
                si = MethodHandles.privateLookupIn(Thread.class, MethodHandles.lookup())
                        .findVirtual(Thread.class, "start", MethodType.methodType(void.class, tc))
                        .asType(MethodType.methodType(void.class, Thread.class, Object.class));
                reg = MethodHandles.lookup().findStatic(tcs, "registerContainer", MethodType.methodType(Object.class, tc))
                        .asType(MethodType.methodType(Object.class, Object.class));
                dereg = MethodHandles.lookup().findStatic(tcs, "deregisterContainer", MethodType.methodType(void.class, Object.class));
            } catch (ReflectiveOperationException | RuntimeException | LinkageError e) {
                nc = si = reg = dereg = null;
            }
        }
        NEW_CONTAINER = nc;
        START_IN = si;
        REGISTER = reg;
        DEREGISTER = dereg;
    }

    /**
     * Generates {@code final class RuntimeThreadContainer extends jdk.internal.vm.ThreadContainer}
     * with a name and a {@code threads()} that asks a supplier.
     */
    private static Class<?> defineContainerClass() throws IllegalAccessException {
        ClassDesc sup = ClassDesc.of("jdk.internal.vm.ThreadContainer");
        ClassDesc self = ClassDesc.of(CarrierAdapter.class.getPackageName() + ".RuntimeThreadContainer");
        ClassDesc supplier = ClassDesc.of(Supplier.class.getName());
        ClassDesc stream = ClassDesc.of(Stream.class.getName());
        byte[] bytes = ClassFile.of().build(self, cb -> cb
                .withFlags(AccessFlag.PUBLIC, AccessFlag.FINAL, AccessFlag.SYNTHETIC)
                .withSuperclass(sup)
                .withField("name", ConstantDescs.CD_String, ClassFile.ACC_PRIVATE | ClassFile.ACC_FINAL)
                .withField("threads", supplier, ClassFile.ACC_PRIVATE | ClassFile.ACC_FINAL)
                .withMethodBody(ConstantDescs.INIT_NAME, MethodTypeDesc.of(ConstantDescs.CD_void, ConstantDescs.CD_String, supplier),
                        ClassFile.ACC_PUBLIC, c -> c
                        .aload(0).iconst_1()
                        .invokespecial(sup, ConstantDescs.INIT_NAME, MethodTypeDesc.of(ConstantDescs.CD_void, ConstantDescs.CD_boolean))
                        .aload(0).aload(1).putfield(self, "name", ConstantDescs.CD_String)
                        .aload(0).aload(2).putfield(self, "threads", supplier)
                        .return_())
                .withMethodBody("name", MethodTypeDesc.of(ConstantDescs.CD_String), ClassFile.ACC_PUBLIC, c -> c
                        .aload(0).getfield(self, "name", ConstantDescs.CD_String).areturn())
                .withMethodBody("toString", MethodTypeDesc.of(ConstantDescs.CD_String), ClassFile.ACC_PUBLIC, c -> c
                        .aload(0).getfield(self, "name", ConstantDescs.CD_String).areturn())
                .withMethodBody("threads", MethodTypeDesc.of(stream), ClassFile.ACC_PUBLIC, c -> c
                        .aload(0).getfield(self, "threads", supplier)
                        .invokeinterface(supplier, "get", MethodTypeDesc.of(ConstantDescs.CD_Object))
                        .checkcast(stream).areturn()));
        return MethodHandles.lookup().defineClass(bytes);
    }

    /** True when runtimes get their own thread container (the flag is there). */
    public static boolean containersAvailable() { return NEW_CONTAINER != null; }

    /**
     * A new thread container named {@code name} whose threads are what {@code threads}
     * supplies, registered so that JDK thread dumps list it; null (after one line on
     * stderr, once per JVM) when {@link #CONTAINER_FLAG} is missing.
     */
    public static Object newContainer(String name, Supplier<Stream<Thread>> threads) {
        if (NEW_CONTAINER == null) {
            if (FAILURE == null && !containerWarned) {
                containerWarned = true;
                System.err.println("go4j: JDK thread dumps (jcmd Thread.dump_to_file) will not list goroutines by runtime; add the JVM flag " + CONTAINER_FLAG);
            }
            return null;
        }
        try {
            Object c = (Object) NEW_CONTAINER.invokeExact(name, threads);
            Object key = (Object) REGISTER.invokeExact(c);
            return new Object[] {c, key};
        } catch (Throwable t) {
            return null;
        }
    }

    /** Unregisters a container from {@link #newContainer} (null: nothing). */
    public static void closeContainer(Object container) {
        if (container instanceof Object[] pair) {
            try {
                DEREGISTER.invokeExact(pair[1]);
            } catch (Throwable ignored) {
                // the JDK's registry is weak anyway
            }
        }
    }

    /** Starts {@code t} in {@code container} (from {@link #newContainer}), or plainly when it is null. */
    public static void start(Thread t, Object container) {
        if (container instanceof Object[] pair) {
            try {
                START_IN.invokeExact(t, pair[0]);
                return;
            } catch (RuntimeException | Error e) {
                throw e;
            } catch (Throwable e) {
                throw new IllegalStateException(e);
            }
        }
        t.start();
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
        static final MethodHandle SET_SCHEDULER, GET_SCHEDULER;
        /** VirtualThread's {@code volatile CountDownLatch termination}, the latch its joiners wait on. */
        static final VarHandle TERMINATION;
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
            MethodHandle set = null, get = null;
            VarHandle termination = null;
            try {
                vt = Class.forName("java.lang.VirtualThread");
                java.lang.reflect.Field f = vt.getDeclaredField("scheduler");
                f.setAccessible(true);
                set = MethodHandles.lookup().unreflectSetter(f)
                        .asType(MethodType.methodType(void.class, Thread.class, Executor.class));
                get = MethodHandles.lookup().unreflectGetter(f)
                        .asType(MethodType.methodType(Executor.class, Thread.class));
            } catch (ReflectiveOperationException | RuntimeException e) {
                set = null;
                get = null;
            }
            try {
                if (vt != null) {
                    termination = MethodHandles.privateLookupIn(vt, MethodHandles.lookup())
                            .findVarHandle(vt, "termination", CountDownLatch.class);
                }
            } catch (ReflectiveOperationException | RuntimeException e) {
                termination = null;
            }
            VIRTUAL_THREAD = vt;
            SET_SCHEDULER = set;
            GET_SCHEDULER = get;
            TERMINATION = termination;
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
     * Gives virtual thread {@code vthread} the latch its joiners will wait on, if it has
     * none yet; false if it has one, or this JDK does not allow it. The JDK counts that
     * latch down once, on the thread's end, after the state is TERMINATED and before
     * anything else of the end ({@code VirtualThread.afterDone}): a subclass's
     * {@code countDown} is code that runs at the end and before {@code join} returns.
     */
    public static boolean setVirtualThreadTermination(Thread vthread, CountDownLatch latch) {
        VarHandle h = ChildThreadAccess.TERMINATION;
        if (h == null || !ChildThreadAccess.VIRTUAL_THREAD.isInstance(vthread)) return false;
        return h.compareAndSet(vthread, (CountDownLatch) null, latch);
    }

    /**
     * The executor virtual thread {@code vthread} submits its continuation to (for a
     * goroutine, its G); null for a platform thread or if this JDK does not allow it.
     */
    public static Executor virtualThreadScheduler(Thread vthread) {
        MethodHandle get = ChildThreadAccess.GET_SCHEDULER;
        if (get == null || !ChildThreadAccess.VIRTUAL_THREAD.isInstance(vthread)) return null;
        try {
            return (Executor) get.invokeExact(vthread);
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Throwable t) {
            throw new IllegalStateException(t);
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
