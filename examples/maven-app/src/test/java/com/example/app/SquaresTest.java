package com.example.app;

import dev.go4j.Go;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** go4j code under Surefire, with the flag in argLine: on the class path or the module path. */
@Timeout(60)
class SquaresTest {
    private static final boolean MODULE_PATH = Boolean.getBoolean("go4j.modulePath");

    @Test
    void pipelineInGoRun() {
        long[] got = new long[1];
        Go.run(() -> got[0] = Squares.sumOfSquares(1000, 8));
        assertEquals(333_833_500L, got[0]);
    }

    @Test
    void pipelineFromTheTestThread() {
        for (int workers = 1; workers <= 16; workers *= 2) {
            assertEquals(385L, Squares.sumOfSquares(10, workers), "workers=" + workers);
        }
    }

    @Test
    void go4jIsWhereThisBuildPutIt() {
        Module m = Go.class.getModule();
        assertEquals(MODULE_PATH, m.isNamed(), m.toString());
        if (MODULE_PATH) {
            assertEquals("dev.go4j", m.getName());
            assertTrue(m.getDescriptor().exports().stream().noneMatch(e -> e.source().contains("internal")),
                    "dev.go4j exports an internal package: " + m.getDescriptor().exports());
        }
    }

    /** Without the flag, the first use fails with one line that names the right target. */
    @Test
    void missingFlagNamesTheRightTarget() throws Exception {
        List<String> cmd = new ArrayList<>(List.of(ProcessHandle.current().info().command().orElseThrow()));
        if (MODULE_PATH) {
            cmd.addAll(List.of("--module-path", System.getProperty("jdk.module.path"),
                    "--module", "com.example.app/com.example.app.App"));
        } else {
            cmd.addAll(List.of("-cp", System.getProperty("java.class.path"), "com.example.app.App"));
        }
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(30, TimeUnit.SECONDS));
        assertNotEquals(0, p.exitValue(), out);
        String target = MODULE_PATH ? "dev.go4j" : "ALL-UNNAMED";
        assertTrue(out.contains("go4j needs the JVM flag --add-opens java.base/java.lang=" + target), out);
    }
}
