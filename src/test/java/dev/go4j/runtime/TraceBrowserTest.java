package dev.go4j.runtime;

import dev.go4j.tool.TraceCommand;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.*;

/**
 * The trace page renders in a real browser: headless Chromium loads the page made from
 * a trace of a known program, runs its script, and the DOM it leaves has the expected P
 * lanes, a slice for a known goroutine, and no script error. Skipped, with a message,
 * when no Chromium is installed (.ci/run installs Debian's chromium package).
 */
@Timeout(180)
class TraceBrowserTest {

    static String chromium() {
        for (String c : new String[] {"chromium", "chromium-browser", "google-chrome", "google-chrome-stable"}) {
            for (String dir : System.getenv().getOrDefault("PATH", "/usr/bin").split(":")) {
                Path p = Path.of(dir, c);
                if (Files.isExecutable(p)) return p.toString();
            }
        }
        return null;
    }

    @Test
    void pageRendersLanesSlicesAndNoErrors() throws Exception {
        String chromium = chromium();
        Assumptions.assumeTrue(chromium != null, "no chromium on the PATH: the browser check of the trace page is skipped (apt-get install chromium)");
        Path dir = Files.createTempDirectory("go4j-trace");
        Path file = dir.resolve("known.trace");
        try {
            long[] ids = TraceTest.recordKnownProgram(file);
            long rt = ids[0], a = ids[1];
            Path html = TraceCommand.convert(file)[0];
            List<String> cmd = new ArrayList<>(List.of(chromium, "--headless", "--no-sandbox", "--disable-gpu",
                    "--user-data-dir=" + dir.resolve("profile"), "--enable-logging=stderr", "--v=0",
                    "--virtual-time-budget=5000", "--dump-dom", html.toUri().toString()));
            Process p = new ProcessBuilder(cmd).redirectError(dir.resolve("stderr.txt").toFile()).start();
            String dom = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertTrue(p.waitFor(120, TimeUnit.SECONDS), "chromium finished");
            String log = Files.readString(dir.resolve("stderr.txt"));
            assertTrue(dom.contains("data-rendered=\"1\""), "the script ran to the end:\n" + dom + "\n" + log);
            assertTrue(dom.contains("data-errors=\"0\""), "no script errors:\n" + dom);
            assertFalse(Pattern.compile("CONSOLE.*(Uncaught|Error)").matcher(log).find(), "console errors:\n" + log);
            assertEquals(2, Pattern.compile("class=\"lane\" data-kind=\"P\" data-lane=\"runtime " + rt + " P\\d\"").matcher(dom).results().count(),
                    "two P lanes for GOMAXPROCS 2");
            assertTrue(Pattern.compile("<rect class=\"slice\"[^>]*data-g=\"" + rt + "/" + a + "\"").matcher(dom).find(),
                    "a slice for goroutine " + a);
            assertTrue(dom.contains("<tr data-g=\"" + rt + "/" + a + "\">"), "goroutine " + a + " in the analysis table");
        } finally {
            try (var walk = Files.walk(dir)) {
                walk.sorted(java.util.Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
            }
        }
    }
}
