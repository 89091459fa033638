package dev.go4j.internal.sched;

/** A goroutine's status: Go's _G* values (runtime/runtime2.go), with their names. */
public final class GStatus {
    private GStatus() {}

    public static final int IDLE = 0;        // _Gidle: just allocated
    public static final int RUNNABLE = 1;    // _Grunnable: on a run queue
    public static final int RUNNING = 2;     // _Grunning: on an M, owns a P
    public static final int SYSCALL = 3;     // _Gsyscall: in Go.blocking
    public static final int WAITING = 4;     // _Gwaiting: parked by gopark
    public static final int DEAD = 6;        // _Gdead: finished
    public static final int PREEMPTED = 9;   // _Gpreempted

    public static String name(int s) {
        return switch (s) {
            case IDLE -> "_Gidle";
            case RUNNABLE -> "_Grunnable";
            case RUNNING -> "_Grunning";
            case SYSCALL -> "_Gsyscall";
            case WAITING -> "_Gwaiting";
            case DEAD -> "_Gdead";
            case PREEMPTED -> "_Gpreempted";
            default -> "_G?" + s;
        };
    }

    /** The word Go prints in a dump for a goroutine that is not waiting. */
    public static String dumpWord(int s) {
        return switch (s) {
            case RUNNABLE -> "runnable";
            case RUNNING -> "running";
            case SYSCALL -> "syscall";
            case DEAD -> "dead";
            case PREEMPTED -> "preempted";
            default -> "idle";
        };
    }
}
