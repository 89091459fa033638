package dev.go4j.internal.sched;

/** Test hook for the scheduler's M/P bookkeeping invariants (stub: the lead replaces it). */
public final class SchedInvariants {
    private SchedInvariants() {}

    /** Throws AssertionError naming each violated invariant. */
    public static void check(Sched sched) {}
}
