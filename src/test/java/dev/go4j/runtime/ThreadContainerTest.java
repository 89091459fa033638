package dev.go4j.runtime;

import com.sun.management.HotSpotDiagnosticMXBean;
import dev.go4j.Chan;
import dev.go4j.Go;
import dev.go4j.internal.carrier.CarrierAdapter;
import dev.go4j.internal.sched.G;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

import static dev.go4j.Go.go;
import static org.junit.jupiter.api.Assertions.*;

/**
 * JDK thread dumps (what {@code jcmd PID Thread.dump_to_file -format=json} writes) list a
 * runtime's goroutines under a container of their own, named {@code goroutine N}, even
 * with {@code -Djdk.trackAllThreads=false}.
 */
@Timeout(120)
class ThreadContainerTest {

    static String jdkThreadDump() throws Exception {
        Path f = Files.createTempFile("go4j-threads", ".json");
        Files.delete(f); // dumpThreads refuses to overwrite
        try {
            ManagementFactory.getPlatformMXBean(HotSpotDiagnosticMXBean.class)
                    .dumpThreads(f.toString(), HotSpotDiagnosticMXBean.ThreadDumpFormat.JSON);
            return Files.readString(f);
        } finally {
            Files.deleteIfExists(f);
        }
    }

    @Test
    void goroutinesAppearUnderTheirRuntimeNamedByGoid() throws Exception {
        assertTrue(CarrierAdapter.containersAvailable(), "the test JVM has " + CarrierAdapter.CONTAINER_FLAG);
        assertEquals("false", System.getProperty("jdk.trackAllThreads"));
        Go.run(() -> {
            long id = G.current().sched().runtimeId();
            var c = Chan.<Integer>make();
            var started = Chan.<Long>make(3);
            for (int i = 0; i < 3; i++) go(() -> { started.send(Go.goid()); c.recv(); });
            long[] goids = new long[3];
            for (int i = 0; i < 3; i++) goids[i] = started.recv();
            String json;
            for (;;) { // until all three have parked (and so been named)
                try {
                    json = jdkThreadDump();
                } catch (Exception e) {
                    throw new RuntimeException(e);
                }
                String section = containerSection(json, "go4j runtime " + id + " (Go.run)");
                if (section != null && java.util.Arrays.stream(goids).allMatch(g -> section.contains("\"name\": \"goroutine " + g + "\""))) {
                    assertTrue(section.contains("Chan.recv"), section);
                    break;
                }
                Go.gosched();
            }
            for (int i = 0; i < 3; i++) c.send(i);
        });
    }

    /** The part of the JSON dump from the container's name to the next container. */
    static String containerSection(String json, String name) {
        var m = Pattern.compile("\"container\": \"" + Pattern.quote(name) + "\"").matcher(json);
        if (!m.find()) return null;
        int next = json.indexOf("\"container\":", m.end());
        return json.substring(m.start(), next < 0 ? json.length() : next);
    }

    /** Run by the child JVM. */
    public static void main(String[] args) {
        Go.run(() -> System.out.println("ran"));
    }

    @Test
    void withoutTheExportGo4jRunsAndSaysSoInOneLine() throws Exception {
        String java = ProcessHandle.current().info().command().orElseThrow();
        Process p = new ProcessBuilder(List.of(java, "--add-opens", "java.base/java.lang=ALL-UNNAMED", "-cp",
                System.getProperty("java.class.path"), ThreadContainerTest.class.getName()))
                .redirectErrorStream(true).start();
        assertTrue(p.waitFor(60, TimeUnit.SECONDS));
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, p.exitValue(), out);
        assertEquals("go4j: JDK thread dumps (jcmd Thread.dump_to_file) will not list goroutines by runtime; add the JVM flag "
                + "--add-exports java.base/jdk.internal.vm=ALL-UNNAMED\nran\n", out);
    }
}
