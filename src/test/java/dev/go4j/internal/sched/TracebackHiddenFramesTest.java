package dev.go4j.internal.sched;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import static org.junit.jupiter.api.Assertions.*;

/** Dumps hide the runtime's frames, and the launcher's reflective call into main under ./go4j run. */
@Timeout(10)
class TracebackHiddenFramesTest {
    private static StackTraceElement f(String cls, String method) {
        return new StackTraceElement(cls, method, "X.java", 1);
    }

    @Test
    void launcherAndReflectionFramesAreHidden() {
        StackTraceElement[] stack = {
            f("dev.go4j.Chan", "recv"),
            f("dev.go4j.internal.chan.HChan", "chanrecv"),
            f("Main", "main"),
            f("jdk.internal.reflect.DirectMethodHandleAccessor", "invoke"),
            f("java.lang.reflect.Method", "invoke"),
            f("dev.go4j.launcher.SourceLauncher", "lambda$entryPoint$0"),
            f("dev.go4j.internal.sched.Sched", "goexit"),
            f("java.lang.VirtualThread", "run"),
        };
        var sb = new StringBuilder();
        Traceback.appendStack(sb, stack);
        assertEquals("dev.go4j.Chan.recv(X.java:1)\nMain.main(X.java:1)\n", sb.toString());
    }
}
