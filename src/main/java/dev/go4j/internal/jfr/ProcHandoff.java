package dev.go4j.internal.jfr;

import jdk.jfr.Category;
import jdk.jfr.Description;
import jdk.jfr.Enabled;
import jdk.jfr.Event;
import jdk.jfr.Label;
import jdk.jfr.Name;
import jdk.jfr.StackTrace;

/** JFR event {@code go4j.ProcHandoff}: A P was taken from an M whose goroutine blocks (Go.blocking, or a blocked carrier) and handed on. Off unless a recording enables it (go4j.jfc does). */
@Name("go4j.ProcHandoff")
@Label("P Hand-off")
@Category("go4j")
@Description("A P was taken from an M whose goroutine blocks (Go.blocking, or a blocked carrier) and handed on.")
@Enabled(false)
@StackTrace(false)
public final class ProcHandoff extends Event {
    /** An event to fill in and commit (only when {@link #isEnabled()}). */
    public ProcHandoff() {}

    /** The runtime: its id, as in the JMX name {@code dev.go4j:type=Runtime,id=N}. */
    @Label("Runtime")
    public long runtime;
    /** The P handed off. */
    @Label("P")
    public int p;
}
