package dev.go4j.internal.jfr;

import jdk.jfr.Category;
import jdk.jfr.Description;
import jdk.jfr.Enabled;
import jdk.jfr.Event;
import jdk.jfr.Label;
import jdk.jfr.Name;
import jdk.jfr.StackTrace;

/** JFR event {@code go4j.GoroutineEnd}: A goroutine returned or panicked. Off unless a recording enables it (go4j.jfc does). */
@Name("go4j.GoroutineEnd")
@Label("Goroutine End")
@Category("go4j")
@Description("A goroutine returned or panicked.")
@Enabled(false)
@StackTrace(false)
public final class GoroutineEnd extends Event {
    /** An event to fill in and commit (only when {@link #isEnabled()}). */
    public GoroutineEnd() {}

    /** The runtime: its id, as in the JMX name {@code dev.go4j:type=Runtime,id=N}. */
    @Label("Runtime")
    public long runtime;
    /** The goroutine that ended. */
    @Label("Goroutine")
    public long goid;
}
