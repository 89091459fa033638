package dev.go4j.sync;

import java.util.Objects;
import java.util.concurrent.Callable;
import java.util.function.Supplier;

/**
 * Go's sync.Once: performs one action exactly once.
 *
 * <p>{@link #run} is Go's {@code Do}. The fast path is one volatile read of {@code done};
 * the first call and any call that overlaps it take a {@link Mutex}, so concurrent callers
 * wait until the action has finished (and see all of its effects). If the action throws,
 * the Once still counts as done, as in Go: the exception goes to the caller that ran it,
 * and later calls return without running anything.
 *
 * <p>Go 1.21's helpers are the static {@link #func}, {@link #value} and {@link #values}:
 * they wrap a function so that it runs at most once and every call returns its result
 * (or throws its exception again).
 */
public final class Once {
    private volatile boolean done;
    private final Mutex m = new Mutex();

    public Once() {}

    /** Calls f if and only if run is being called for the first time for this Once. */
    public void run(Runnable f) {
        if (!done) doSlow(f); // outlined slow path keeps the fast path small
    }

    private void doSlow(Runnable f) {
        m.lock();
        try {
            if (!done) {
                try {
                    f.run();
                } finally {
                    done = true; // a throwing f counts as done, as Go's deferred store does
                }
            }
        } finally {
            m.unlock();
        }
    }

    /** Whether the action has run (or thrown). */
    public boolean done() { return done; }

    /**
     * Go's {@code sync.OnceFunc}: a function that runs {@code f} on its first call only.
     * Concurrent callers wait for that call to finish. If {@code f} throws, every call
     * (the first and all later ones) throws that same exception.
     *
     * <pre>{@code
     * Runnable init = Once.func(() -> loadConfig());
     * init.run(); init.run();     // loadConfig ran once
     * }</pre>
     *
     * @param f the function
     * @return runs f once
     */
    public static Runnable func(Runnable f) {
        Objects.requireNonNull(f, "f");
        Callable<Object> c = values(() -> {
            f.run();
            return null;
        });
        return () -> call(c);
    }

    /**
     * Go's {@code sync.OnceValue}: a supplier that calls {@code f} on its first call only
     * and returns its value on every call. Concurrent callers wait for the first call. If
     * {@code f} throws, every call throws that same exception.
     *
     * <pre>{@code
     * Supplier<Config> config = Once.value(() -> Config.load());
     * }</pre>
     *
     * @param f   the function
     * @param <T> the value type
     * @return returns f's value, computed once
     */
    public static <T> Supplier<T> value(Supplier<T> f) {
        Objects.requireNonNull(f, "f");
        Callable<T> c = values(f::get);
        return () -> call(c);
    }

    /**
     * Go's {@code sync.OnceValues}, whose usual form is {@code func() (T, error)}: a
     * callable that calls {@code f} on its first call only, then returns the same value,
     * or throws the same exception, on every call.
     *
     * <pre>{@code
     * Callable<byte[]> read = Once.values(() -> Files.readAllBytes(path));
     * }</pre>
     *
     * @param f   the function
     * @param <T> the value type
     * @return returns f's value or throws f's exception, computed once
     */
    public static <T> Callable<T> values(Callable<T> f) {
        Objects.requireNonNull(f, "f");
        // Written inside once.run and read after it: Once's lock and done flag order them.
        var r = new Object() {
            Callable<T> fn = f;
            T value;
            Throwable thrown;
        };
        Once once = new Once();
        return () -> {
            once.run(() -> {
                try {
                    r.value = r.fn.call();
                } catch (Throwable t) {
                    r.thrown = t;
                } finally {
                    r.fn = null; // let f be collected, as Go's OnceValues does
                }
            });
            if (r.thrown != null) throw Once.<RuntimeException>sneaky(r.thrown);
            return r.value;
        };
    }

    /** Calls a callable made by {@link #values} from a function that throws nothing checked itself. */
    private static <T> T call(Callable<T> c) {
        try {
            return c.call();
        } catch (Exception e) {
            throw Once.<RuntimeException>sneaky(e); // f's own exception, unchanged
        }
    }

    /** Rethrows t unchanged, whatever its type (f's exception is rethrown as is, like Go's re-panic). */
    @SuppressWarnings("unchecked")
    private static <E extends Throwable> E sneaky(Throwable t) throws E {
        throw (E) t;
    }
}
