package dev.go4j.internal.trace;

/**
 * The kinds of events in a go4j execution trace, with what each record's fields mean.
 * Every record has a time (ns since the trace started), a kind, the runtime id, a P
 * (-1 when none applies), a goroutine id and one argument; the M is the thread whose
 * buffer holds the record.
 */
public final class TraceEvent {
    private TraceEvent() {}

    /** goid was created; arg = parent goid (0: a plain thread). */
    public static final int GO_CREATE = 0;
    /** The M started running goid on P; arg = M id. */
    public static final int GO_START = 1;
    /** goid's task returned to its M (it blocked, yielded or ended); arg = M id. */
    public static final int GO_STOP = 2;
    /** goid parked on a go4j primitive; arg = WaitReason ordinal. */
    public static final int GO_BLOCK = 3;
    /** goid became runnable; arg = the waker's goid (0: a plain thread or the runtime). */
    public static final int GO_UNBLOCK = 4;
    /** goid's body finished. */
    public static final int GO_END = 5;
    /** The M on P stole goid (and maybe more) from P arg. */
    public static final int STEAL = 6;
    /** P was handed off from a blocked M. */
    public static final int HANDOFF = 7;
    /** Sysmon asked goid on P to yield. */
    public static final int PREEMPT = 8;
    /** GOMAXPROCS became arg. */
    public static final int PROCS = 9;
    /** The runtime found a deadlock. */
    public static final int DEADLOCK = 10;
    /** A garbage collection: arg = its duration in ns (time is its start). */
    public static final int GC = 11;

    /** Names for the viewer, by kind. */
    public static final String[] NAMES = {
        "GoCreate", "GoStart", "GoStop", "GoBlock", "GoUnblock", "GoEnd",
        "Steal", "Handoff", "Preempt", "Procs", "Deadlock", "GC"
    };
}
