package dev.go4j.testing;

import dev.go4j.internal.sched.Runtimes;
import dev.go4j.internal.sched.Sched;
import dev.go4j.internal.sched.SchedTrace;
import dev.go4j.runtime.Goroutines;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.TestExecutionExceptionHandler;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
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
                if (!t.getName().startsWith("go4j") && !isTestThread(t)) continue;
                sb.append('"').append(t.getName()).append("\" ").append(t.getState()).append('\n');
                StackTraceElement[] st = e.getValue();
                for (int i = 0; i < Math.min(MAX_FRAMES, st.length); i++) sb.append("    at ").append(st[i]).append('\n');
                if (st.length > MAX_FRAMES) sb.append("    ...\n");
            }
            sb.append("=== end of go4j hang dump\n");
            System.err.print(sb);
            System.err.flush();
            writeSummary(context);
        }
        throw thrown;
    }

    /** Where {@link #writeSummary} appends; CI prints it last when a test run fails. */
    static final Path SUMMARY = Path.of("target", "go4j-hangs.txt");
    private static final int SUMMARY_LINES_PER_RUNTIME = 12;
    private static final int SUMMARY_TEST_FRAMES = 10;

    /** The thread JUnit ran the timed-out test in (the pom's SEPARATE_THREAD timeouts). */
    private static boolean isTestThread(Thread t) {
        return t.getName().startsWith("junit-timeout-thread");
    }

    /**
     * A few lines per hang, for a CI log that keeps only its end: each live runtime's
     * scheddetail head (with what defers its deadlock verdict) and its first goroutines.
     */
    private static void writeSummary(ExtensionContext context) {
        StringBuilder sb = new StringBuilder();
        sb.append("HANG ").append(context.getRequiredTestClass().getSimpleName()).append('.')
          .append(context.getDisplayName()).append('\n');
        try {
            for (Sched s : Runtimes.live()) {
                String[] lines = SchedTrace.line(s, 0, true).split("\n");
                sb.append("  runtime ").append(s.runtimeId()).append(s.isDefault() ? " (default): " : ": ").append(lines[0]).append('\n');
                int shown = 0;
                for (int i = 1; i < lines.length && shown < SUMMARY_LINES_PER_RUNTIME; i++) {
                    // P and M lines of an idle runtime say little; its checkdead and G lines say why it waits
                    String l = lines[i].trim();
                    if (l.startsWith("P") || l.startsWith("M")) continue;
                    sb.append("    ").append(l).append('\n');
                    shown++;
                }
            }
            // the test's own thread: in Go.run, or somewhere outside go4j (a JDK call)
            for (Map.Entry<Thread, StackTraceElement[]> e : Thread.getAllStackTraces().entrySet()) {
                if (!isTestThread(e.getKey())) continue;
                sb.append("  thread \"").append(e.getKey().getName()).append("\" ").append(e.getKey().getState()).append('\n');
                StackTraceElement[] st = e.getValue();
                for (int i = 0; i < Math.min(SUMMARY_TEST_FRAMES, st.length); i++) sb.append("    at ").append(st[i]).append('\n');
            }
            Files.createDirectories(SUMMARY.getParent());
            Files.writeString(SUMMARY, sb, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        } catch (IOException | RuntimeException e) {
            System.err.println("(hang summary not written: " + e + ")");
        }
    }

    private static boolean isTimeout(Throwable t) {
        for (Throwable c = t; c != null; c = c.getCause()) {
            if (c instanceof TimeoutException) return true;
            if (c.getClass().getName().endsWith("ExecutionTimeoutException")) return true;
        }
        return false;
    }
}
