package dev.go4j.testing;

import dev.go4j.internal.sched.Runtimes;
import dev.go4j.internal.sched.Sched;
import dev.go4j.internal.sched.SchedTrace;
import dev.go4j.runtime.Goroutines;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.TestExecutionExceptionHandler;

import java.util.Map;
import java.util.concurrent.TimeoutException;

/**
 * When a test fails by its JUnit timeout, prints what every runtime's goroutines and the
 * runtime's own threads (M's, sysmon) are doing at that moment, while the hang is still
 * there: the timeout alone says only that something hung. Registered for every test class
 * through {@code META-INF/services} (the pom enables extension auto-detection); it changes
 * no outcome, the failure is rethrown as it came.
 */
public final class HangDumpExtension implements TestExecutionExceptionHandler {
    private static final int MAX_FRAMES = 40;

    @Override
    public void handleTestExecutionException(ExtensionContext context, Throwable thrown) throws Throwable {
        if (isTimeout(thrown)) {
            StringBuilder sb = new StringBuilder(8192);
            sb.append("=== go4j hang dump: ").append(context.getDisplayName())
              .append(" in ").append(context.getRequiredTestClass().getName()).append(" timed out\n");
            try {
                sb.append(Goroutines.dump(1));
            } catch (RuntimeException e) {
                sb.append("(goroutine dump failed: ").append(e).append(")\n");
            }
            sb.append("=== go4j scheduler (scheddetail)\n");
            try {
                for (Sched s : Runtimes.live()) sb.append(SchedTrace.line(s, 0, true));
            } catch (RuntimeException e) {
                sb.append("(scheddetail failed: ").append(e).append(")\n");
            }
            sb.append("=== go4j threads\n");
            for (Map.Entry<Thread, StackTraceElement[]> e : Thread.getAllStackTraces().entrySet()) {
                Thread t = e.getKey();
                if (!t.getName().startsWith("go4j")) continue;
                sb.append('"').append(t.getName()).append("\" ").append(t.getState()).append('\n');
                StackTraceElement[] st = e.getValue();
                for (int i = 0; i < Math.min(MAX_FRAMES, st.length); i++) sb.append("    at ").append(st[i]).append('\n');
                if (st.length > MAX_FRAMES) sb.append("    ...\n");
            }
            sb.append("=== end of go4j hang dump\n");
            System.err.print(sb);
            System.err.flush();
        }
        throw thrown;
    }

    private static boolean isTimeout(Throwable t) {
        for (Throwable c = t; c != null; c = c.getCause()) {
            if (c instanceof TimeoutException) return true;
            if (c.getClass().getName().endsWith("ExecutionTimeoutException")) return true;
        }
        return false;
    }
}
