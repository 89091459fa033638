package dev.go4j.internal.trace;

import java.io.IOException;
import java.io.InputStream;
import java.io.Writer;
import java.nio.charset.StandardCharsets;

/**
 * Writes a {@link TraceModel} as one self-contained HTML page (no network fetch): the
 * viewer (viewer.html, next to this class) with the model embedded as JSON. It draws a
 * lane per P and per M with goroutines as coloured slices, wake-up arrows, marks for
 * steals, hand-offs and preemptions, and the goroutine analysis table.
 */
public final class HtmlTraceWriter {
    private HtmlTraceWriter() {}

    /** At most this many slices are drawn (an SVG of millions of elements would not open). */
    static final int MAX_SLICES = 50_000;

    /**
     * Writes the page.
     * @param m the model
     * @param out where to write
     * @throws IOException if writing fails
     */
    public static void write(TraceModel m, Writer out) throws IOException {
        String template;
        try (InputStream in = HtmlTraceWriter.class.getResourceAsStream("viewer.html")) {
            if (in == null) throw new IOException("viewer.html is missing from the go4j jar");
            template = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        int at = template.indexOf("/*DATA*/");
        out.write(template, 0, at);
        out.write(data(m));
        out.write(template, at + "/*DATA*/".length(), template.length() - at - "/*DATA*/".length());
    }

    /** The model as the JSON the viewer reads (compact arrays; HTML-safe strings). */
    static String data(TraceModel m) {
        StringBuilder sb = new StringBuilder(1 << 16);
        sb.append("{\"duration\":").append(m.duration);
        sb.append(",\"truncated\":").append(m.slices.size() > MAX_SLICES);
        sb.append(",\"lanes\":[");
        for (int i = 0; i < m.lanes.size(); i++) {
            TraceModel.Lane l = m.lanes.get(i);
            if (i > 0) sb.append(',');
            sb.append("{\"index\":").append(l.index()).append(",\"runtime\":").append(l.runtime())
              .append(",\"kind\":").append(ChromeTraceWriter.str(l.kind())).append(",\"name\":").append(ChromeTraceWriter.str(l.name())).append('}');
        }
        sb.append("],\"slices\":[");
        int n = Math.min(m.slices.size(), MAX_SLICES);
        for (int i = 0; i < n; i++) {
            TraceModel.Slice s = m.slices.get(i);
            if (i > 0) sb.append(',');
            sb.append('[').append(s.lane()).append(',').append(s.runtime()).append(',').append(s.goid()).append(',')
              .append(s.start()).append(',').append(s.end()).append(']');
        }
        sb.append("],\"arrows\":[");
        int na = Math.min(m.arrows.size(), MAX_SLICES);
        for (int i = 0; i < na; i++) {
            TraceModel.Arrow a = m.arrows.get(i);
            if (i > 0) sb.append(',');
            sb.append('[').append(a.fromLane()).append(',').append(a.fromTime()).append(',').append(a.toLane()).append(',')
              .append(a.toTime()).append(',').append(a.waker()).append(',').append(a.goid()).append(']');
        }
        sb.append("],\"marks\":[");
        for (int i = 0; i < m.marks.size(); i++) {
            TraceModel.Mark k = m.marks.get(i);
            if (i > 0) sb.append(',');
            sb.append('[').append(k.lane()).append(',').append(k.time()).append(',').append(ChromeTraceWriter.str(k.what()))
              .append(',').append(ChromeTraceWriter.str(k.detail())).append(']');
        }
        sb.append("],\"goroutines\":[");
        boolean first = true;
        for (TraceModel.GoroutineStats g : m.goroutines.values()) {
            if (!first) sb.append(',');
            first = false;
            sb.append("{\"rt\":").append(g.runtime).append(",\"id\":").append(g.goid).append(",\"parent\":").append(g.parent)
              .append(",\"running\":").append(g.running).append(",\"runnable\":").append(g.runnable)
              .append(",\"blockedTotal\":").append(g.blockedTotal()).append(",\"slices\":").append(g.slices)
              .append(",\"last\":").append(ChromeTraceWriter.str(g.last)).append(",\"blocked\":{");
            boolean f2 = true;
            for (var e : g.blocked.entrySet()) {
                if (!f2) sb.append(',');
                f2 = false;
                sb.append(ChromeTraceWriter.str(e.getKey())).append(':').append(e.getValue());
            }
            sb.append("}}");
        }
        sb.append("]}");
        return sb.toString();
    }
}
