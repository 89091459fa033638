package dev.go4j.internal.carrier;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * Whether a parked virtual thread is parked for good as far as the JDK knows, for
 * deadlock detection.
 *
 * <p>Why checkdead needs this. {@code Thread.getStackTrace} of an unmounted virtual
 * thread (JDK 25, {@code VirtualThread.tryGetStackTrace}) sets a SUSPENDED bit in its
 * state for the duration of the sample. An {@code unpark} arriving meanwhile cannot move
 * it from PARKED to UNPARKED: it only sets {@code parkPermit}, and the <em>sampling</em>
 * thread submits it afterwards. Until then the woken goroutine still looks parked with
 * nothing queued. Any stack sample opens that window: sysmon's look at a goroutine that
 * ignores preemption, a goroutine dump, {@code jcmd Thread.dump_to_file}, a profiler. A
 * goroutine is therefore only known to be asleep when its thread is PARKED or
 * TIMED_PARKED with neither the SUSPENDED bit nor a pending permit.
 *
 * <p>Reads {@code java.lang.VirtualThread}'s private {@code state} and {@code parkPermit}
 * (JDK 25 layout: state constants PARKED = 4, TIMED_PARKED = 7, SUSPENDED = 1 << 8), which
 * the same {@code --add-opens java.base/java.lang} that {@link CarrierAdapter} needs makes
 * reachable. If they cannot be read (a JDK that renamed them) every thread counts as
 * settled, which is what checkdead assumed before.
 */
public final class VirtualThreadState {
    private static final int STARTED = 1, PARKED = 4, TIMED_PARKED = 7, UNPARKED = 9, YIELDED = 11,
            UNBLOCKED = 14, SUSPENDED = 1 << 8;
    private static final VarHandle STATE, PARK_PERMIT;

    static {
        VarHandle state = null, permit = null;
        try {
            Class<?> vt = Class.forName("java.lang.VirtualThread");
            MethodHandles.Lookup l = MethodHandles.privateLookupIn(vt, MethodHandles.lookup());
            state = l.findVarHandle(vt, "state", int.class);
            permit = l.findVarHandle(vt, "parkPermit", boolean.class);
        } catch (ReflectiveOperationException | RuntimeException e) {
            state = permit = null;
        }
        STATE = state;
        PARK_PERMIT = permit;
    }

    private VirtualThreadState() {}

    /**
     * True if {@code t} is a virtual thread parked with no wake-up pending and no stack
     * sample holding it; false if it may yet be submitted without anyone else's help.
     * Platform threads and unreadable JDK internals count as settled.
     */
    public static boolean settledParked(Thread t) {
        if (STATE == null || t == null || !t.isVirtual()) return true;
        int s = (int) STATE.getVolatile(t);
        if ((s & SUSPENDED) != 0) return false;
        if (s != PARKED && s != TIMED_PARKED) return false;
        return !(boolean) PARK_PERMIT.getVolatile(t);
    }

    /**
     * True if virtual thread {@code t} was woken from a wait (a park, a monitor entry or
     * wait: state UNPARKED or UNBLOCKED) and has not run since; false for a new thread, a
     * yield, and anything not runnable.
     */
    public static boolean wokenFromWait(Thread t) {
        if (STATE == null || t == null || !t.isVirtual()) return false;
        int s = (int) STATE.getVolatile(t) & ~SUSPENDED;
        return s == UNPARKED || s == UNBLOCKED;
    }

    /**
     * False if a submission of {@code t} to its scheduler cannot be what makes it run: its
     * state is neither STARTED, UNPARKED, YIELDED nor UNBLOCKED (a stack sample's SUSPENDED
     * bit aside). The JDK sets one of those before every submit it makes for a new run, and
     * only the run itself (runContinuation's CAS to RUNNING) leaves it; so a submit that
     * finds the thread mounted, parking or parked again is stale: {@code tryGetStackTrace}
     * resubmits a thread it found UNPARKED "as the task may have run while suspended", and
     * that resubmit can come after the run it was meant to make sure of. Unreadable JDK
     * internals and platform threads count as runnable.
     */
    public static boolean runnable(Thread t) {
        if (STATE == null || t == null || !t.isVirtual()) return true;
        int s = (int) STATE.getVolatile(t) & ~SUSPENDED;
        return s == UNPARKED || s == YIELDED || s == STARTED || s == UNBLOCKED;
    }
}
