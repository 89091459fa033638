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
     * The full dump ({@code debug=2}) of every runtime in the process; the caller's
     * goroutine and runtime first.
     * @return the dump; empty when no runtime has goroutines
     */
    public static String dump() {
        return dump(2);
    }

    /**
     * A dump of every runtime in the process, in pprof's {@code debug} levels:
     * {@code 2} lists every goroutine with its stack (Go's crash format);
     * {@code 1} counts goroutines with the same state, stack and creator once, largest
     * group first ({@code goroutine profile: total N}, then {@code 12 [chan receive]:}
     * and the frames, each after {@code #}).
     *
     * @param debug 1 (grouped) or 2 (every goroutine)
     * @return the dump; empty when no runtime has goroutines
     * @throws IllegalArgumentException if {@code debug} is neither 1 nor 2
     */
    public static String dump(int debug) {
        if (debug != 1 && debug != 2) throw new IllegalArgumentException("debug must be 1 or 2, not " + debug);
        G g = G.current();
        List<Sched> runtimes = new ArrayList<>(Runtimes.live());
        if (g != null && runtimes.remove(g.sched())) runtimes.addFirst(g.sched());
        List<String> parts = new ArrayList<>();
        List<Sched> shown = new ArrayList<>();
        for (Sched s : runtimes) {
            String part = runtimeDump(s, g != null && g.sched() == s ? g : null, debug);
            if (part.isEmpty() || debug == 1 && part.startsWith("goroutine profile: total 0\n")) continue;
            parts.add(part);
            shown.add(s);
        }
        if (parts.size() == 1) return parts.getFirst();
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < parts.size(); i++) {
            Sched s = shown.get(i);
            sb.append("runtime ").append(s.runtimeId()).append(" [").append(s.isDefault() ? "default" : "Go.run")
              .append(", ").append(s.numGoroutine()).append(" goroutines]:\n\n").append(parts.get(i));
        }
        return sb.toString();
    }

    /** One runtime's dump; {@code highlight} (may be null) first. */
    static String runtimeDump(Sched s, G highlight, int debug) {
        return debug == 1 ? Traceback.dumpGrouped(s, highlight) : Traceback.dumpAll(s, highlight);
    }

    /**
     * The calling goroutine only ({@code runtime.Stack(buf, false)}).
     * @return its dump entry; empty on a plain thread
     */
    public static String current() {
        G g = G.current();
        if (g == null) return "";
        StringBuilder sb = new StringBuilder();
        Traceback.appendGoroutine(sb, g);
        return sb.toString();
    }
}
