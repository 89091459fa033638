package dev.go4j.runtime;

import dev.go4j.internal.trace.Tracer;

import java.io.OutputStream;
import java.nio.file.Path;

/**
 * The execution trace, Go's {@code runtime/trace}: while on, every goroutine start, stop,
 * park (with its wait reason) and wake-up (with its waker), every steal, P hand-off,
 * preemption and GOMAXPROCS change, and the JVM's garbage collections are recorded, for
 * every runtime in the process. {@code ./go4j trace FILE} turns the file into a page with a
 * lane per P and per M, and Chrome trace-event JSON for Perfetto.
 * <pre>
 * Trace.start(Path.of("trace.out"));
 * try {
 *     ... the code to look at ...
 * } finally {
 *     Trace.stop();
 * }
 * </pre>
 * {@code -Dgo4j.trace=FILE} does the same from the first runtime's start to the JVM's exit.
 * Off, the trace costs nothing: the scheduler's check is a constant the JIT folds.
 */
public final class Trace {
    private Trace() {}

    /**
     * Starts tracing into a file (created or truncated); written out by {@link #stop}.
     * @param file where the trace goes
     * @throws IllegalStateException if a trace is already running ("tracing is already enabled", as Go says)
     * @throws java.io.UncheckedIOException if the file cannot be created
     */
    public static void start(Path file) {
        Tracer.start(file);
    }

    /**
     * Starts tracing into a stream; {@link #stop} writes the trace to it and flushes it,
     * and leaves it open (as Go's trace.Start does with its writer).
     * @param out where the trace goes
     * @throws IllegalStateException if a trace is already running
     */
    public static void start(OutputStream out) {
        Tracer.start(java.util.Objects.requireNonNull(out, "out"), false);
    }

    /**
     * Stops tracing and writes the trace out; does nothing when no trace runs.
     * @throws java.io.UncheckedIOException if writing fails
     */
    public static void stop() {
        Tracer.stop();
    }

    /**
     * True while a trace is being recorded.
     * @return true while a trace is being recorded
     */
    public static boolean isEnabled() {
        return Tracer.enabled();
    }
}
