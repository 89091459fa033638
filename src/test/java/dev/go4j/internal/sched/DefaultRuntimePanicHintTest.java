package dev.go4j.internal.sched;

import dev.go4j.Go;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.*;

/**
 * A goroutine of the default runtime (started by {@code Go.go} from a plain thread) has no
 * {@code Go.run} to panic to, so its panic is printed; that print carries the same
 * {@code Object.wait} misuse hint as a {@code GoroutinePanic}.
 */
class DefaultRuntimePanicHintTest {
    @Test
    @Timeout(30)
    void aDefaultRuntimePanicFromObjectWaitPrintsTheHint() throws Exception {
        PrintStream old = System.err;
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        Thread.UncaughtExceptionHandler oldHandler = Thread.getDefaultUncaughtExceptionHandler();
        Thread.setDefaultUncaughtExceptionHandler(null);
        System.setErr(new PrintStream(buf, true, StandardCharsets.UTF_8));
        String out;
        try {
            Go.go(() -> {
                Object wg = new Object();
                try {
                    wg.wait(); // the habit: wg.Wait() typed as wg.wait()
                } catch (InterruptedException e) {
                    throw new AssertionError(e);
                }
            });
            // the panic is printed by the goroutine's M; wait for the whole report
            do {
                Thread.sleep(1);
                out = buf.toString(StandardCharsets.UTF_8);
            } while (!out.contains("created by"));
        } finally {
            System.setErr(old);
            Thread.setDefaultUncaughtExceptionHandler(oldHandler);
        }
        String first = out.lines().filter(l -> l.startsWith("panic: ")).findFirst().orElseThrow(() -> new AssertionError(buf.toString()));
        assertTrue(first.contains("IllegalMonitorStateException"), first);
        assertTrue(first.contains("(hint: Object.wait() was called on an object whose monitor is not held;"
                + " to wait on a go4j WaitGroup or Cond call await(), not wait())"), first);
    }
}
