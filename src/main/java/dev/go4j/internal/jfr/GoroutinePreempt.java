package dev.go4j.internal.jfr;

import jdk.jfr.Category;
import jdk.jfr.Description;
import jdk.jfr.Enabled;
import jdk.jfr.Event;
import jdk.jfr.Label;
import jdk.jfr.Name;
import jdk.jfr.StackTrace;

/** JFR event {@code go4j.GoroutinePreempt}: Sysmon asked a goroutine that ran for over 10 ms to yield. Off unless a recording enables it (go4j.jfc does). */
@Name("go4j.GoroutinePreempt")
@Label("Goroutine Preempt")
@Category("go4j")
@Description("Sysmon asked a goroutine that ran for over 10 ms to yield.")
@Enabled(false)
@StackTrace(false)
public final class GoroutinePreempt extends Event {
    /** An event to fill in and commit (only when {@link #isEnabled()}). */
    public GoroutinePreempt() {}

    /** The runtime: its id, as in the JMX name {@code dev.go4j:type=Runtime,id=N}. */
    @Label("Runtime")
    public long runtime;
    /** The goroutine asked to yield. */
    @Label("Goroutine")
    public long goid;
}
