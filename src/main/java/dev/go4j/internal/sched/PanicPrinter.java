package dev.go4j.internal.sched;

import java.io.PrintStream;

/**
 * A panic in a goroutine of the default runtime (one started by {@code go} from a plain
 * thread) has no {@code Go.run} to go to. It goes to the JVM's default uncaught-exception
 * handler if one is set, and is otherwise printed as Go prints a panic.
 */
final class PanicPrinter {
    private PanicPrinter() {}

    static void report(G gp, Throwable t) {
        Thread.UncaughtExceptionHandler h = Thread.getDefaultUncaughtExceptionHandler();
        if (h != null) {
            h.uncaughtException(gp.thread, t);
            return;
        }
        print(System.err, gp, t);
    }

    static void print(PrintStream out, G gp, Throwable t) {
        StringBuilder sb = new StringBuilder();
        sb.append("panic: ").append(t).append("\n\n");
        sb.append("goroutine ").append(gp.goid).append(" [running]:\n");
        Traceback.appendStack(sb, t.getStackTrace());
        Throwable c = t.getCause();
        while (c != null && c != t) {
            sb.append("caused by: ").append(c).append('\n');
            Traceback.appendStack(sb, c.getStackTrace());
            t = c;
            c = c.getCause();
        }
        out.print(sb);
        out.flush();
    }
}
