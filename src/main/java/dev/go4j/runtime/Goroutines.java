package dev.go4j.runtime;

import dev.go4j.internal.sched.G;
import dev.go4j.internal.sched.Runtimes;
import dev.go4j.internal.sched.Sched;
import dev.go4j.internal.sched.Traceback;

import java.util.ArrayList;
import java.util.List;

/**
 * Goroutine dumps, as Go's {@code runtime.Stack(buf, true)}, a SIGQUIT or
 * {@code /debug/pprof/goroutine} print them:
 * <pre>
 * goroutine 7 [chan receive, 3 minutes]:
 * com.example.Worker.run(Worker.java:12)
 * created by com.example.Main in goroutine 1
 * </pre>
 * A process may hold several go4j runtimes (each {@code Go.run}, and the default runtime
 * of goroutines started from plain threads). A dump covers all of them; when more than one
 * has goroutines, each runtime's part starts with a line
 * {@code runtime 3 [Go.run, 2 goroutines]:}. The same dumps are available from outside the
 * process: the JMX operation {@code dump} of {@code dev.go4j:type=Goroutines}, and
 * {@code ./go4j dump PID}.
 */
public final class Goroutines {
    private Goroutines() {}

    /**
     * Every goroutine of the caller's runtime (the default runtime from a plain thread), the caller's first.
     *
     * @return the dump in Go's format
     */
    public static String dump() {
        return dump(2);
    }

    /**
     * The calling goroutine only ({@code runtime.Stack(buf, false)}); empty on a plain thread.
     *
     * @return the calling goroutine's entry, or an empty string
     */
    public static String current() {
        G g = G.current();
        if (g == null) return "";
        StringBuilder sb = new StringBuilder();
        Traceback.appendGoroutine(sb, g);
        return sb.toString();
    }
}
