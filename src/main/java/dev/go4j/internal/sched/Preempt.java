package dev.go4j.internal.sched;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Yielding and cooperative preemption (Go's Gosched, gopreempt_m and the preemption
 * check of a function prologue), and the bound on threads that run goroutine code.
 *
 * <p>Implementation overview.
 * <ul>
 * <li>Sysmon flags a G that has held its P for 10 ms, time inherited through runnext
 *     included ({@code g.preempt}); the request is made of the P's time slice
 *     ({@code P.preemptSlice}), so every G that inherits the slice gets it, not only the
 *     one that was running when sysmon looked. The JVM cannot stop it, so the G checks
 *     the flag at every runtime call that can park, ready or yield: {@code gopark} (every
 *     channel, select, sema, Mutex, WaitGroup, Cond and sleep wait), {@code goready},
 *     every channel and select operation on entry (one that completes at once neither
 *     parks nor readies, yet in Go it is a call with a prologue), {@code gosched} and
 *     {@code Go.checkpoint()}. A flagged G yields to the global queue
 *     ({@link #preemptYield}), and the next G on its M starts a new time slice. That
 *     breaks hand-off chains (two goroutines ping-ponging from runnext) exactly where Go
 *     breaks them, so whatever else is runnable gets the P within a few slices. A chain
 *     that switches only through the JDK (a child virtual thread started and joined, a
 *     {@code SynchronousQueue} between two goroutines) makes no such call; the scheduler
 *     ends its slice at the next switch instead: the G that would inherit it from runnext
 *     goes to the global queue ({@code Schedule.findRunnable}).
 * <li>A G that never reaches such a call (a CPU-bound loop) cannot be preempted. Go
 *     bounds the threads running Go code by GOMAXPROCS through async preemption; go4j
 *     has none, so sysmon may take the P of such a G and let its M run on without a P
 *     (once the M's thread has burnt 10 ms of CPU ignoring the request: one that merely
 *     got no core is not CPU-bound, see {@link ThreadCpuClock}), but only for
 *     {@link #STUCK_ALLOWANCE} G's at a time ({@code -Dgo4j.stuckthreads}, default 2). Beyond that the G keeps its P and a dump shows it
 *     {@code [running, not preemptible]}; sysmon moves the G's queued on that P to the
 *     global queue and runs its due timers ({@code Sysmon.releaseQueued}), so they are
 *     not stranded behind it. An M blocked in native code (an undeclared
 *     blocking call: a native frame on top, its thread using no CPU and asleep in the kernel, see
 *     {@code Sysmon.nativeState}) or parked by the JDK does not run goroutine code: its
 *     P is handed off like a syscall's, outside the allowance, as Go does for syscalls.
 *     One caught in native code while its thread keeps using CPU (a loop of file or
 *     socket calls that never parks) runs goroutine code between the calls: it takes a
 *     slot of the allowance while one is free and is handed off outside it once they are
 *     taken, since in Go each of its calls is a syscall whose P sysmon can retake.
 * </ul>
 */
final class Preempt {
    /**
     * How many M's may run goroutine code without a P, beyond GOMAXPROCS: G's that ignored
     * preemption and whose P sysmon handed to another M.
     */
    static final int STUCK_ALLOWANCE = Integer.getInteger("go4j.stuckthreads", 2);

    private final Sched sched;
    /** M's running a stuck G without a P (at most {@link #STUCK_ALLOWANCE}). */
    final AtomicInteger nstuck = new AtomicInteger();

    /** {@link M#stuck}: whoever clears it gives the slot back, once. */
    private static final VarHandle STUCK;

    static {
        try {
            STUCK = MethodHandles.lookup().findVarHandle(M.class, "stuck", boolean.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    Preempt(Sched sched) { this.sched = sched; }

    /** Mirrors Gosched/goschedImpl: the G goes to the global queue and its M schedules. */
    static void gosched(G gp) {
        gp.toGlobal = true;
        Thread.yield();
        gp.toGlobal = false; // if the yield did not happen (pinned), the G runs on
    }

    /**
     * Mirrors gopreempt_m: like gosched, and the next G on this M starts a new time slice.
     * Called by the G itself when it finds its preempt flag set.
     */
    static void preemptYield(G gp) {
        gp.preempt = false;
        gp.sched.events.counters.preemptYields.increment();
        gp.preemptYield = true;
        gosched(gp);
        gp.preemptYield = false;
    }

    /** The preemption check (Go's stack-bound check on preempt): yields if sysmon asked. */
    static void check(G gp) {
        if (gp.preempt) preemptYield(gp);
    }

    /** Sysmon may let one more G run on without a P: reserves a slot. */
    boolean tryReserveStuck() {
        for (;;) {
            int n = nstuck.get();
            if (n >= STUCK_ALLOWANCE) return false;
            if (nstuck.compareAndSet(n, n + 1)) return true;
        }
    }

    /**
     * Clears mp's stuck mark and gives its slot back, once, whoever comes first: mp's G
     * returning to the scheduler (it parked, yielded or ended), or sysmon when the
     * hand-off it marked mp for did not happen.
     */
    void unstuck(M mp) {
        if (STUCK.compareAndSet(mp, true, false)) nstuck.decrementAndGet();
    }
}
