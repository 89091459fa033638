package dev.go4j;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * For tests that need a fresh JVM (a JVM-wide switch, a failure that cannot be undone, a
 * resource limit): runs one, collects its output, and reports one that hangs with a thread
 * dump of it (jcmd) instead of waiting for it.
 */
public final class ChildJvm {
    private ChildJvm() {}

    /**
     * How a child ended.
     * @param ended whether it exited within the time given
     * @param exit its exit value (-1 if it hung)
     * @param out its output, standard error included, trimmed
     */
    public record Result(boolean ended, int exit, String out) {}

    /** The command that runs {@code main} with this JVM's java and class path. */
    public static List<String> command(List<String> jvmArgs, Class<?> main, String... args) {
        List<String> cmd = new ArrayList<>(List.of(java()));
        cmd.addAll(jvmArgs);
        cmd.addAll(List.of("-cp", System.getProperty("java.class.path"), main.getName()));
        cmd.addAll(List.of(args));
        return cmd;
    }

    /** This JVM's java launcher. */
    public static String java() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    /** Runs {@code command}; a child still running after {@code timeout} is dumped and killed. */
    public static Result run(List<String> command, Duration timeout) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        // Read on another thread, so that a child that hangs is reported (with its output) rather than waited for.
        StringBuilder sb = new StringBuilder();
        Thread reader = Thread.ofPlatform().start(() -> {
            try {
                sb.append(new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8));
            } catch (IOException ignored) {
                // the child was killed
            }
        });
        boolean ended = p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
        if (!ended) {
            // A thread dump of the stuck child goes to its output before it is killed.
            new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "jcmd").toString(),
                    String.valueOf(p.pid()), "Thread.print").inheritIO().start().waitFor(20, TimeUnit.SECONDS);
            p.destroyForcibly();
        }
        reader.join(10_000);
        return new Result(ended, ended ? p.exitValue() : -1, sb.toString().trim());
    }
}
