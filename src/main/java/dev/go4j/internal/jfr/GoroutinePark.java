package dev.go4j.internal.jfr;

import jdk.jfr.Category;
import jdk.jfr.Description;
import jdk.jfr.Enabled;
import jdk.jfr.Event;
import jdk.jfr.Label;
import jdk.jfr.Name;
import jdk.jfr.StackTrace;
import jdk.jfr.Threshold;

/** JFR event {@code go4j.GoroutinePark}: A goroutine parked on a go4j primitive (channel, select, sync, sleep) for longer than the threshold, like jdk.ThreadPark. Off unless a recording enables it (go4j.jfc does). */
@Name("go4j.GoroutinePark")
@Label("Goroutine Park")
@Category("go4j")
@Description("A goroutine parked on a go4j primitive (channel, select, sync, sleep) for longer than the threshold, like jdk.ThreadPark.")
@Enabled(false)
@StackTrace(true)
@Threshold("20 ms")
public final class GoroutinePark extends Event {
    /** An event to fill in and commit (only when {@link #isEnabled()}). */
    public GoroutinePark() {}

    /** The runtime: its id, as in the JMX name {@code dev.go4j:type=Runtime,id=N}. */
    @Label("Runtime")
    public long runtime;
    /** The goroutine that parked. */
    @Label("Goroutine")
    public long goid;
    /** Go's wait reason, as in dumps. */
    @Label("Wait Reason")
    public String reason;
}
