package dev.go4j.runtime;

import dev.go4j.internal.sched.DefaultRuntime;
import dev.go4j.internal.sched.G;
import dev.go4j.internal.sched.Sched;
import dev.go4j.internal.sched.Traceback;

/**
 * Goroutine dumps, as Go's {@code runtime.Stack(buf, true)} or a SIGQUIT prints them:
 * <pre>
 * goroutine 7 [chan receive, 3 minutes]:
 * com.example.Worker.run(Worker.java:12)
 * created by com.example.Main in goroutine 1
 * </pre>
 */
public final class Goroutines {
    private Goroutines() {}

    /**
     * Every goroutine of the caller's runtime (the default runtime from a plain thread), the caller's first.
     *
     * @return the dump in Go's format
     */
    public static String dump() {
        G g = G.current();
        Sched s = g != null ? g.sched() : DefaultRuntime.peek();
        if (s == null) return "";
        return Traceback.dumpAll(s, g);
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
