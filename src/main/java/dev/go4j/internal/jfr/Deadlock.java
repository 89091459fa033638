package dev.go4j.internal.jfr;

import jdk.jfr.Category;
import jdk.jfr.Description;
import jdk.jfr.Enabled;
import jdk.jfr.Event;
import jdk.jfr.Label;
import jdk.jfr.Name;
import jdk.jfr.StackTrace;

/** JFR event {@code go4j.Deadlock}: A Go.run runtime found every goroutine asleep (all goroutines are asleep - deadlock!). Off unless a recording enables it (go4j.jfc does). */
@Name("go4j.Deadlock")
@Label("Deadlock")
@Category("go4j")
@Description("A Go.run runtime found every goroutine asleep (all goroutines are asleep - deadlock!).")
@Enabled(false)
@StackTrace(false)
public final class Deadlock extends Event {
    /** An event to fill in and commit (only when {@link #isEnabled()}). */
    public Deadlock() {}

    /** The runtime: its id, as in the JMX name {@code dev.go4j:type=Runtime,id=N}. */
    @Label("Runtime")
    public long runtime;
    /** Live goroutines at the time. */
    @Label("Goroutines")
    public int goroutines;
}
