package dev.go4j.internal.sched;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * A processor: the right to run goroutines (Go's {@code p}). Holds the local run queue
 * and runnext, the timer heap, and the ticks sysmon watches.
 *
 * <p>Ownership. Go's M's never run Go code on a P they lost, because the runtime can stop
 * an M. A JVM carrier cannot be stopped, and go4j's sysmon may take a P away from an M
 * whose goroutine blocks its carrier (see {@link Sysmon}). So the owner protects its
 * producer-side queue work with a status transition: the owning M holds the P
 * {@link #LOCKED} while it runs scheduler code or pushes to the ring, and {@link #RUNNING}
 * while a goroutine runs on it. Sysmon retakes only from {@link #RUNNING} or
 * {@link #SYSCALL}, with a CAS; the owner re-enters {@link #LOCKED} with a CAS and checks
 * that {@link #m} is still itself. Hence at most one thread ever produces into the ring.
 */
public final class P {
    public static final int IDLE = 0;      // _Pidle: on the idle list or being handed over
    public static final int RUNNING = 1;   // _Prunning: a G runs on the owning M
    public static final int SYSCALL = 2;   // _Psyscall: its G is in Go.blocking
    public static final int DEAD = 4;      // _Pdead: beyond GOMAXPROCS
    /** go4j only: the owner M is in the scheduler or pushing to the queue; not retakeable. */
    public static final int LOCKED = 5;

    public final int id;
    final Sched sched;
    public final RunQueue runq = new RunQueue();
    public final TimerHeap timers;

    volatile int status = IDLE;
    /** Owning M, or null. */
    volatile M m;
    /** Link in the idle P list; guarded by the sched lock. */
    P link;
    /**
     * Bumped on every schedule round that does not inherit a time slice. Written only by
     * the owner; sysmon reads it racily, as Go's retake does (plain fields: no fence on
     * the hot path).
     */
    long schedtick;
    /** Bumped every time a G starts running on this P: sysmon's sign of progress (owner writes, racy reads). */
    long gtick;
    /**
     * Sysmon asked the current time slice to end (set by sysmon, cleared by the owner when
     * a new slice starts). Every G that inherits the slice gets the request, not only the
     * G that was running when sysmon looked: see {@code Schedule.execute}.
     */
    volatile boolean preemptSlice;
    /** Bumped on every Go.blocking. */
    volatile long syscalltick;
    /** procresize asked the owner to give this P up. */
    volatile boolean destroyRequested;

    // Sysmon's view of this P (Go's sysmontick); touched only by the sysmon thread.
    long sysmonSchedtick, sysmonSchedwhen, sysmonSyscalltick, sysmonSyscallwhen, sysmonGtick, sysmonGwhen;
    /** The gtick and its M's thread CPU time when sysmon first found that G ignoring preemption. */
    long sysmonStuckGtick = -1, sysmonStuckCpu;
    /** The gtick, its M's thread CPU time and when, as sysmon started watching that G in native code. */
    long sysmonNativeGtick = -1, sysmonNativeCpu, sysmonNativeWhen;

    private static final VarHandle STATUS;
    static {
        try {
            STATUS = MethodHandles.lookup().findVarHandle(P.class, "status", int.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    P(Sched sched, int id) {
        this.sched = sched;
        this.id = id;
        this.timers = new TimerHeap(this);
    }

    boolean casStatus(int expect, int update) { return STATUS.compareAndSet(this, expect, update); }

    /**
     * The owner gives up LOCKED (RUNNING again: sysmon may retake). A release store: sysmon
     * sees LOCKED a moment longer at most, and retakes through a CAS either way.
     */
    void unlockOwned() { STATUS.setRelease(this, RUNNING); }

    /**
     * Takes the producer side of this P for its owner while a G runs on it: RUNNING to
     * LOCKED. False if the P is no longer mp's (sysmon retook it).
     */
    boolean lockOwned(M mp) {
        for (;;) {
            if (m != mp) return false;
            int s = status;
            if (s == RUNNING) {
                if (casStatus(RUNNING, LOCKED)) {
                    if (m == mp) return true;
                    status = RUNNING; // raced with a hand-off: it is someone else's now
                    return false;
                }
            } else if (s == LOCKED) {
                Thread.onSpinWait(); // another M's stale check, released at once
            } else {
                return false;
            }
        }
    }

    public int status() { return status; }

    public static String statusName(int s) {
        return switch (s) {
            case IDLE -> "_Pidle";
            case RUNNING, LOCKED -> "_Prunning";
            case SYSCALL -> "_Psyscall";
            case DEAD -> "_Pdead";
            default -> "_P?" + s;
        };
    }

    @Override public String toString() { return "P" + id + "[" + statusName(status) + "]"; }
}
