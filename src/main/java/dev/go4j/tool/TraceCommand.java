package dev.go4j.tool;

import dev.go4j.internal.trace.ChromeTraceWriter;
import dev.go4j.internal.trace.HtmlTraceWriter;
import dev.go4j.internal.trace.TraceFile;
import dev.go4j.internal.trace.TraceModel;

import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * {@code ./go4j trace FILE}: turns an execution trace (recorded with
 * {@code -Dgo4j.trace=FILE} or {@code dev.go4j.runtime.Trace}) into {@code FILE.html}, a
 * self-contained page to open in a browser, and {@code FILE.json}, Chrome trace-event
 * JSON for ui.perfetto.dev. Go's {@code go tool trace}, without the web server.
 */
public final class TraceCommand {
    private TraceCommand() {}

    /**
     * Runs the command.
     * @param args the trace file
     * @throws IOException when the files cannot be read or written
     */
    public static void main(String[] args) throws IOException {
        if (args.length != 1) {
            System.err.println("usage: ./go4j trace FILE   (writes FILE.html and FILE.json)");
            System.exit(2);
        }
        Path in = Path.of(args[0]);
        if (!Files.isRegularFile(in)) {
            System.err.println("go4j trace: no such file: " + in);
            System.exit(1);
        }
        try {
            Path[] out = convert(in);
            System.out.println("wrote " + out[0] + " (open it in a browser) and " + out[1] + " (for ui.perfetto.dev)");
        } catch (IOException e) {
            System.err.println("go4j trace: " + e.getMessage());
            System.exit(1);
        }
    }

    /**
     * Writes {@code FILE.html} and {@code FILE.json} next to the trace.
     * @param trace the trace file
     * @return the HTML and JSON paths
     * @throws IOException when the trace cannot be read or the output written
     */
    public static Path[] convert(Path trace) throws IOException {
        TraceModel m = TraceModel.of(TraceFile.read(trace));
        Path html = trace.resolveSibling(trace.getFileName() + ".html");
        Path json = trace.resolveSibling(trace.getFileName() + ".json");
        try (Writer w = Files.newBufferedWriter(html, StandardCharsets.UTF_8)) {
            HtmlTraceWriter.write(m, w);
        }
        try (Writer w = Files.newBufferedWriter(json, StandardCharsets.UTF_8)) {
            ChromeTraceWriter.write(m, w);
        }
        return new Path[] {html, json};
    }
}
