package dev.go4j.internal.trace;

import java.io.IOException;
import java.io.Writer;

/**
 * Writes a {@link TraceModel} as Chrome trace-event JSON, the format Perfetto
 * (ui.perfetto.dev) and chrome://tracing open: one process per runtime, one thread per P
 * and per M, goroutines as complete ("X") events, wake-ups as flow ("s"/"f") arrows,
 * marks as instant ("i") events. Times are in microseconds, as the format wants.
 */
public final class ChromeTraceWriter {
    private ChromeTraceWriter() {}

    /**
     * Writes the model's JSON.
     * @param m the model
     * @param out where to write
     * @throws IOException if writing fails
     */
    public static void write(TraceModel m, Writer out) throws IOException {
        StringBuilder sb = new StringBuilder(1 << 16);
        sb.append("{\"displayTimeUnit\":\"ns\",\"traceEvents\":[\n");
        boolean[] first = {true};
        java.util.function.Consumer<String> ev = s -> {
            if (!first[0]) sb.append(",\n");
            first[0] = false;
            sb.append(s);
        };
        java.util.Set<Long> named = new java.util.HashSet<>();
        for (TraceModel.Lane l : m.lanes) {
            if (named.add(l.runtime())) {
                ev.accept("{\"ph\":\"M\",\"name\":\"process_name\",\"pid\":" + l.runtime() + ",\"args\":{\"name\":"
                        + str(l.runtime() == 0 ? "JVM" : "go4j runtime " + l.runtime()) + "}}");
            }
            ev.accept("{\"ph\":\"M\",\"name\":\"thread_name\",\"pid\":" + l.runtime() + ",\"tid\":" + l.index()
                    + ",\"args\":{\"name\":" + str(l.name()) + "}}");
            ev.accept("{\"ph\":\"M\",\"name\":\"thread_sort_index\",\"pid\":" + l.runtime() + ",\"tid\":" + l.index()
                    + ",\"args\":{\"sort_index\":" + l.index() + "}}");
        }
        for (TraceModel.Slice s : m.slices) {
            TraceModel.Lane l = m.lanes.get(s.lane());
            String name = l.kind().equals("GC") ? "GC" : "G" + s.goid();
            ev.accept("{\"ph\":\"X\",\"name\":" + str(name) + ",\"cat\":\"goroutine\",\"pid\":" + l.runtime() + ",\"tid\":" + l.index()
                    + ",\"ts\":" + us(s.start()) + ",\"dur\":" + us(Math.max(0, s.end() - s.start()))
                    + ",\"args\":{\"goid\":" + s.goid() + "}}");
        }
        int id = 0;
        for (TraceModel.Arrow a : m.arrows) {
            id++;
            TraceModel.Lane from = m.lanes.get(a.fromLane()), to = m.lanes.get(a.toLane());
            ev.accept("{\"ph\":\"s\",\"name\":\"wake\",\"cat\":\"wake\",\"id\":" + id + ",\"pid\":" + from.runtime() + ",\"tid\":" + from.index()
                    + ",\"ts\":" + us(a.fromTime()) + "}");
            ev.accept("{\"ph\":\"f\",\"bp\":\"e\",\"name\":\"wake\",\"cat\":\"wake\",\"id\":" + id + ",\"pid\":" + to.runtime() + ",\"tid\":" + to.index()
                    + ",\"ts\":" + us(a.toTime()) + "}");
        }
        for (TraceModel.Mark k : m.marks) {
            TraceModel.Lane l = m.lanes.get(k.lane());
            ev.accept("{\"ph\":\"i\",\"s\":\"t\",\"name\":" + str(k.what()) + ",\"pid\":" + l.runtime() + ",\"tid\":" + l.index()
                    + ",\"ts\":" + us(k.time()) + ",\"args\":{\"detail\":" + str(k.detail()) + "}}");
        }
        sb.append("\n]}\n");
        out.write(sb.toString());
    }

    static String us(long ns) {
        return ns / 1000 + "." + String.format("%03d", ns % 1000);
    }

    /** A JSON string literal, safe to embed in HTML too. */
    static String str(String s) {
        StringBuilder b = new StringBuilder(s.length() + 2).append('"');
        for (char c : s.toCharArray()) {
            switch (c) {
                case '"' -> b.append("\\\"");
                case '\\' -> b.append("\\\\");
                case '\n' -> b.append("\\n");
                case '<' -> b.append("\\u003c");
                case '>' -> b.append("\\u003e");
                case '&' -> b.append("\\u0026");
                default -> {
                    if (c < 0x20) b.append(String.format("\\u%04x", (int) c));
                    else b.append(c);
                }
            }
        }
        return b.append('"').toString();
    }
}
