package dev.go4j;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.*;

/** Without --add-opens, the first use of go4j fails with one line that names the flag. */
@Timeout(120)
class MissingFlagTest {
    /** Run by the child JVM. */
    public static void main(String[] args) {
        Go.run(() -> System.out.println("ran"));
    }

    @Test
    void firstUseNamesTheMissingFlag() throws Exception {
        String java = ProcessHandle.current().info().command().orElseThrow();
        Process p = new ProcessBuilder(List.of(java, "-cp", System.getProperty("java.class.path"), MissingFlagTest.class.getName()))
                .redirectErrorStream(true).start();
        assertTrue(p.waitFor(60, TimeUnit.SECONDS));
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertNotEquals(0, p.exitValue(), out);
        assertFalse(out.contains("ran"), out);
        assertTrue(out.contains("go4j needs the JVM flag --add-opens java.base/java.lang=ALL-UNNAMED"), out);
    }
}
