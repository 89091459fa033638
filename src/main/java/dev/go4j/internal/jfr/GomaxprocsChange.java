package dev.go4j.internal.jfr;

import jdk.jfr.Category;
import jdk.jfr.Description;
import jdk.jfr.Enabled;
import jdk.jfr.Event;
import jdk.jfr.Label;
import jdk.jfr.Name;
import jdk.jfr.StackTrace;

/** JFR event {@code go4j.GomaxprocsChange}: The number of P's of a runtime changed. Off unless a recording enables it (go4j.jfc does). */
@Name("go4j.GomaxprocsChange")
@Label("GOMAXPROCS Change")
@Category("go4j")
@Description("The number of P's of a runtime changed.")
@Enabled(false)
@StackTrace(true)
public final class GomaxprocsChange extends Event {
    /** An event to fill in and commit (only when {@link #isEnabled()}). */
    public GomaxprocsChange() {}

    /** The runtime: its id, as in the JMX name {@code dev.go4j:type=Runtime,id=N}. */
    @Label("Runtime")
    public long runtime;
    /** The previous GOMAXPROCS. */
    @Label("Old")
    public int oldProcs;
    /** The new GOMAXPROCS. */
    @Label("New")
    public int newProcs;
}
