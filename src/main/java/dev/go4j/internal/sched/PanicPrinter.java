package dev.go4j.internal.sched;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;

/**
 * A panic as Go prints it (runtime/panic.go's printpanics, then the goroutine's traceback),
 * plus what Java adds: the cause chain.
 * <pre>
 * panic: loading config
 *
 * goroutine 7 [running]:
 * com.example.Main.load(Main.java:12)
 * created by com.example.Main in goroutine 1
 * Caused by: java.nio.file.NoSuchFileException: app.conf
 * java.base/sun.nio.fs.UnixException.translateToIOException(...)
 * ...
 * </pre>
 *
 * <p>Go prints a panic's value; Java's value is an exception, so the line shows its message
 * alone when the class adds nothing ({@code RuntimeException}, {@code IllegalStateException},
 * ...: Go's own panics such as {@code send on closed channel} come out word for word) and
 * {@code Class: message} otherwise ({@code java.lang.NullPointerException: ...}). Frames of
 * the runtime, of {@code ./go4j run}'s launcher and of reflection are hidden, as Go hides
 * runtime frames.
 *
 * <p>A panic in a goroutine of the default runtime (one started by {@code go} from a plain
 * thread) has no {@code Go.run} to go to: it goes to the JVM's default uncaught-exception
 * handler if one is set, and is otherwise printed here.
 */
public final class PanicPrinter {
    private PanicPrinter() {}

    /** Exception classes whose name adds nothing to their message. */
    private static final Set<Class<?>> PLAIN = Set.of(Throwable.class, Exception.class, Error.class,
            RuntimeException.class, IllegalStateException.class, IllegalArgumentException.class);

    static void report(G gp, Throwable t) {
        Thread.UncaughtExceptionHandler h = Thread.getDefaultUncaughtExceptionHandler();
        if (h != null) {
            h.uncaughtException(gp.thread, t);
            return;
        }
        print(System.err, gp, t);
    }

    static void print(PrintStream out, G gp, Throwable t) {
        out.print(format(gp.goid, createdBy(gp), t));
        out.flush();
    }

    /**
     * A hint when {@code t} is Java's monitor misuse from Object.wait/notify: the Go habit
     * {@code wg.Wait()} typed as {@code wg.wait()} compiles (every object has Java's
     * monitor methods) and fails at run time. Empty otherwise.
     *
     * @param t what a goroutine threw
     * @return the hint, starting with a space, or an empty string
     */
    public static String monitorHint(Throwable t) {
        if (!(t instanceof IllegalMonitorStateException)) return "";
        for (StackTraceElement e : t.getStackTrace()) {
            if (!e.getClassName().equals("java.lang.Object")) continue;
            String m = e.getMethodName();
            if (m.startsWith("wait")) {
                return " (hint: Object.wait() was called on an object whose monitor is not held;"
                        + " to wait on a go4j WaitGroup or Cond call await(), not wait())";
            }
            if (m.startsWith("notify")) {
                return " (hint: Object." + m + "() was called on an object whose monitor is not held;"
                        + " to wake a go4j Cond call signal() or broadcast(), not notify())";
            }
        }
        return "";
    }

    /**
     * Go's {@code created by X in goroutine N} line for {@code gp} (without the newline), or
     * {@code null} for a runtime's main goroutine, which Go prints without one.
     */
    public static String createdBy(G gp) {
        if (gp.goid == 1 && !gp.sched.isDefault) return null;
        String s = "created by " + creatorName(gp.startClass);
        return gp.parentGoid != 0 ? s + " in goroutine " + gp.parentGoid : s;
    }

    /**
     * The whole report: panic line (with the {@link #monitorHint} if any), goroutine
     * header, frames, created-by line, causes.
     */
    public static String format(long goid, String createdBy, Throwable t) {
        StringBuilder sb = new StringBuilder();
        sb.append("panic: ").append(value(t)).append(monitorHint(t)).append("\n\n");
        sb.append("goroutine ").append(goid).append(" [running]:\n");
        StackTraceElement[] frames = t.getStackTrace();
        Traceback.appendStack(sb, visible(frames, frames.length));
        if (createdBy != null) sb.append(createdBy).append('\n');
        Set<Throwable> seen = Collections.newSetFromMap(new IdentityHashMap<>());
        seen.add(t);
        for (Throwable c = t.getCause(); c != null && seen.add(c); c = c.getCause()) {
            sb.append("Caused by: ").append(c).append('\n');
            StackTraceElement[] cf = c.getStackTrace();
            // Like Throwable.printStackTrace: frames shared with the enclosing trace are "... n more".
            int m = cf.length - 1, n = frames.length - 1;
            while (m >= 0 && n >= 0 && cf[m].equals(frames[n])) { m--; n--; }
            StringBuilder own = new StringBuilder(), all = new StringBuilder();
            Traceback.appendStack(own, visible(cf, m + 1));
            Traceback.appendStack(all, visible(cf, cf.length));
            long common = all.chars().filter(ch -> ch == '\n').count() - own.chars().filter(ch -> ch == '\n').count();
            sb.append(own);
            if (common > 0) sb.append("... ").append(common).append(" more\n");
            frames = cf;
        }
        return sb.toString();
    }

    /** The panic value: the message, with the class name where it adds meaning. */
    public static String value(Throwable t) {
        String m = t.getMessage();
        if (m == null) return t.getClass().getName();
        return PLAIN.contains(t.getClass()) ? m : t.getClass().getName() + ": " + m;
    }

    /** The first {@code n} frames minus the launcher's and reflection's (Traceback hides the runtime's). */
    private static StackTraceElement[] visible(StackTraceElement[] frames, int n) {
        List<StackTraceElement> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            String c = frames[i].getClassName();
            if (c.startsWith("dev.go4j.launcher.") || c.startsWith("java.lang.reflect.")
                    || c.startsWith("java.lang.invoke.")) continue;
            out.add(frames[i]);
        }
        return out.toArray(StackTraceElement[]::new);
    }

    private static String creatorName(Class<?> k) {
        if (k == null) return "main";
        String n = k.getName();
        int lambda = n.indexOf("$$Lambda");
        return lambda >= 0 ? n.substring(0, lambda) : n;
    }
}
