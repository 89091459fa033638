package dev.go4j;

import dev.go4j.internal.sched.DefaultRuntime;
import dev.go4j.internal.sched.G;
import dev.go4j.internal.sched.PanicPrinter;
import dev.go4j.internal.sched.Procs;
import dev.go4j.internal.sched.RunState;
import dev.go4j.internal.sched.Sched;

import java.util.Objects;
import java.util.concurrent.Callable;

/**
 * Goroutines: Go's {@code go} statement and the {@code runtime} package's scheduler calls.
 *
 * <pre>{@code
 * Go.run(() -> {                 // func main() {
 *     var done = Chan.<String>make();
 *     go(() -> done.send("hi"));  //     go func() { done <- "hi" }()
 *     System.out.println(done.recv());
 * });                            // }
 * }</pre>
 */
public final class Go {
    private Go() {}

    /**
     * Starts a runtime and runs {@code main} as goroutine 1 on it (Go's runtime.main).
     * Returns when main returns; other goroutines are abandoned and the runtime's threads
     * end. An abandoned goroutine that is woken later (a value sent to it, a lock handed to
     * it) runs on from there on a side pool, so that nothing queued behind it is stranded.
     * Timers still pending fire on the default runtime (a sleep ends, a timer channel
     * delivers, a context made in the run is cancelled at its deadline).
     * An interrupt of the calling thread does not end the run (Go has no interrupts):
     * run keeps waiting and returns with the interrupt flag set.
     *
     * @param main the program's main, run as goroutine 1
     * @throws GoroutinePanic as soon as any goroutine of this run throws (cause = its exception)
     * @throws DeadlockError when every goroutine is blocked on go4j primitives for good
     * @throws IllegalStateException when called from inside a goroutine
     */
    public static void run(Runnable main) {
        Objects.requireNonNull(main, "main");
        G g = G.current();
        if (g != null) {
            throw new IllegalStateException("Go.run called from inside goroutine " + g.goid
                    + "; a program has one main: start goroutines with Go.go");
        }
        Sched sched = new Sched(false, Procs.defaultProcs());
        sched.start();
        try {
            sched.newproc(main);
            RunState rs = sched.runState();
            switch (rs.await()) {
                case RunState.PANIC -> throw new GoroutinePanic(rs.culprit().goid, PanicPrinter.createdBy(rs.culprit()), rs.cause());
                case RunState.DEADLOCK -> throw new DeadlockError(rs.dump());
                case RunState.FATAL -> throw new IllegalStateException("fatal error: " + rs.message(), rs.cause());
                default -> { }
            }
        } finally {
            sched.shutdown();
        }
    }

    /**
     * Starts a goroutine (Go's {@code go f()}) on the caller's runtime; from outside any
     * goroutine, on the default runtime (started on first use, daemon threads).
     *
     * @param body what the goroutine runs
     */
    public static void go(Runnable body) {
        Objects.requireNonNull(body, "body");
        current().newproc(body);
    }

    /** Yields the processor (runtime.Gosched): the goroutine goes to the global run queue. */
    public static void gosched() {
        G g = G.current();
        if (g == null) Thread.yield();
        else Sched.gosched(g);
    }

    /**
     * Sets the number of P's of the caller's runtime when {@code n >= 1} and returns the
     * previous value; {@code n < 1} only queries (runtime.GOMAXPROCS).
     *
     * @param n the new number of P's, or less than 1 to only query
     * @return the number of P's before the call
     * @throws IllegalArgumentException when n is above the limit (max(1024, 256 x cores))
     */
    public static int gomaxprocs(int n) {
        return current().gomaxprocs(n);
    }

    /**
     * The number of logical CPUs this process can use (runtime.NumCPU): the JVM's
     * {@link Runtime#availableProcessors()}, which also honours a container's CPU limit.
     * The default of {@link #gomaxprocs} (unless {@code go4j.maxprocs} is set).
     *
     * @return the number of CPUs, at least 1
     */
    public static int numCPU() {
        return Runtime.getRuntime().availableProcessors();
    }

    /**
     * The number of live goroutines of the caller's runtime (runtime.NumGoroutine).
     *
     * @return live goroutines; system goroutines are not counted
     */
    public static int numGoroutine() {
        G g = G.current();
        if (g != null) return g.sched().numGoroutine();
        Sched d = DefaultRuntime.peek();
        return d == null ? 0 : d.numGoroutine();
    }

    /**
     * The current goroutine's id; 0 on a thread that is not a goroutine.
     *
     * @return the goroutine id, or 0
     */
    public static long goid() {
        G g = G.current();
        return g == null ? 0 : g.goid;
    }

    /**
     * Runs a call that may block its carrier thread (file I/O, JNI, a lock the JDK does not
     * unmount for): Go's entersyscall/exitsyscall. If it blocks for long, sysmon hands
     * this goroutine's P to another thread so other goroutines keep running. The call's
     * own exception is rethrown unchanged.
     *
     * @param <T> the call's result type
     * @param call the possibly blocking call
     * @return what the call returns
     * @throws Exception whatever the call throws, unchanged
     */
    public static <T> T blocking(Callable<T> call) throws Exception {
        Objects.requireNonNull(call, "call");
        G g = G.current();
        if (g == null) return call.call();
        Sched s = g.sched();
        s.entersyscall(g);
        try {
            return call.call();
        } finally {
            s.exitsyscall(g);
        }
    }

    /** Wires the calling goroutine to its current M (runtime.LockOSThread); nests. */
    public static void lockOSThread() {
        G g = G.current();
        if (g != null) g.sched().lockOSThread(g);
    }

    /** Undoes one {@link #lockOSThread} (runtime.UnlockOSThread). */
    public static void unlockOSThread() {
        G g = G.current();
        if (g != null) g.sched().unlockOSThread(g);
    }

    /** A preemption point: yields if sysmon asked this goroutine to (it ran over 10 ms). */
    public static void checkpoint() {
        G g = G.current();
        if (g != null) Sched.checkpoint(g);
    }

    private static Sched current() {
        G g = G.current();
        return g != null ? g.sched() : DefaultRuntime.get();
    }
}
