package dev.go4j.internal.jfr;

import jdk.jfr.Category;
import jdk.jfr.Description;
import jdk.jfr.Enabled;
import jdk.jfr.Event;
import jdk.jfr.Label;
import jdk.jfr.Name;
import jdk.jfr.StackTrace;

/** JFR event {@code go4j.GoroutineCreate}: A goroutine was started. Off unless a recording enables it (go4j.jfc does). */
@Name("go4j.GoroutineCreate")
@Label("Goroutine Create")
@Category("go4j")
@Description("A goroutine was started.")
@Enabled(false)
@StackTrace(true)
public final class GoroutineCreate extends Event {
    /** An event to fill in and commit (only when {@link #isEnabled()}). */
    public GoroutineCreate() {}

    /** The runtime: its id, as in the JMX name {@code dev.go4j:type=Runtime,id=N}. */
    @Label("Runtime")
    public long runtime;
    /** The new goroutine. */
    @Label("Goroutine")
    public long goid;
    /** The goroutine that started it, 0 for a plain thread. */
    @Label("Parent Goroutine")
    public long parentGoid;
}
