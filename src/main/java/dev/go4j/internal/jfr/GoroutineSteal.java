package dev.go4j.internal.jfr;

import jdk.jfr.Category;
import jdk.jfr.Description;
import jdk.jfr.Enabled;
import jdk.jfr.Event;
import jdk.jfr.Label;
import jdk.jfr.Name;
import jdk.jfr.StackTrace;

/** JFR event {@code go4j.GoroutineSteal}: An M out of work took goroutines from another P's run queue. Off unless a recording enables it (go4j.jfc does). */
@Name("go4j.GoroutineSteal")
@Label("Goroutine Steal")
@Category("go4j")
@Description("An M out of work took goroutines from another P's run queue.")
@Enabled(false)
@StackTrace(false)
public final class GoroutineSteal extends Event {
    /** An event to fill in and commit (only when {@link #isEnabled()}). */
    public GoroutineSteal() {}

    /** The runtime: its id, as in the JMX name {@code dev.go4j:type=Runtime,id=N}. */
    @Label("Runtime")
    public long runtime;
    /** The P that stole. */
    @Label("Thief P")
    public int thief;
    /** The P stolen from. */
    @Label("Victim P")
    public int victim;
    /** The goroutine the thief runs next. */
    @Label("Goroutine")
    public long goid;
}
