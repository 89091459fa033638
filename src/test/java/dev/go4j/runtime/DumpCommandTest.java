package dev.go4j.runtime;

import dev.go4j.tool.DumpCommand;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.*;

/** {@code ./go4j dump PID}: the dump of another JVM, through the Attach API and its local JMX agent. */
@Timeout(120)
class DumpCommandTest {

    @Test
    void dumpsAnotherJvm() throws Exception {
        String java = ProcessHandle.current().info().command().orElseThrow();
        List<String> cmd = new ArrayList<>(List.of(java, "--add-opens", "java.base/java.lang=ALL-UNNAMED", "--add-exports", "java.base/jdk.internal.vm=ALL-UNNAMED",
                "-Djdk.trackAllThreads=false", "-Dgo4j.jmx.delay=0", "-cp", System.getProperty("java.class.path"),
                DumpTarget.class.getName()));
        Process p = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.INHERIT).start();
        try {
            var out = new BufferedReader(new InputStreamReader(p.getInputStream()));
            assertEquals("ready", out.readLine());
            String pid = Long.toString(p.pid());
            Pattern mainReads = Pattern.compile("goroutine 1 \\[syscall, file read\\]:\n");
            Pattern parked = Pattern.compile("goroutine \\d+ \\[chan receive\\]:\ndev\\.go4j\\.Chan\\.recv\\(Chan\\.java:\\d+\\)\n"
                    + "dev\\.go4j\\.runtime\\.DumpTarget\\.parkedForDump");
            String full = "";
            // main and the three goroutines may still be on their way to the read and the channel
            for (int i = 0; i < 200 && !(mainReads.matcher(full).find() && parked.matcher(full).results().count() >= 3); i++) {
                full = DumpCommand.fetch(pid, 2);
            }
            assertTrue(mainReads.matcher(full).find(), full);
            assertEquals(3, parked.matcher(full).results().count(), full);
            String grouped = DumpCommand.fetch(pid, 1);
            assertTrue(grouped.startsWith("goroutine profile: total 4\n3 [chan receive]:\n"), grouped);
            p.getOutputStream().close(); // main's stdin read returns; the program ends
            assertEquals(0, p.waitFor());
        } finally {
            p.destroyForcibly();
        }
    }

    @Test
    void saysSoWhenTheProcessIsNoJvm() {
        var e = assertThrows(IllegalStateException.class, () -> DumpCommand.fetch("999999999", 2));
        assertTrue(e.getMessage().startsWith("cannot attach to process 999999999"), e.getMessage());
    }
}
