package dev.go4j.internal.sched;

import dev.go4j.internal.carrier.CarrierAdapter;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * The record of a virtual thread that a runtime adopted as a goroutine (see
 * {@link ChildThreads}), and the task an M runs for it.
 *
 * <p>A goroutine go4j creates runs {@link G#run}, which ends in goexit. An adopted thread
 * runs the user's own task inside the JDK's continuation, so go4j cannot wrap its body;
 * instead the M runs this wrapper, which runs the JDK's continuation task and, when the
 * task returns with the thread terminated, does what goexit does: marks the G dead and
 * uncounts it.
 */
final class ChildThread implements Runnable {
    final G g;
    /** The JDK's continuation task of the thread ({@code VirtualThread.runContinuation}). */
    final Runnable jdkTask;
    /** A system goroutine: the JDK's own (socket sub-pollers). */
    final boolean system;
    /** For a system goroutine of a runtime that ended: the G in the default runtime that carries on. */
    volatile G successor;
    private volatile boolean exited;

    private static final VarHandle EXITED;
    static {
        try {
            EXITED = MethodHandles.lookup().findVarHandle(ChildThread.class, "exited", boolean.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    ChildThread(G g, Runnable jdkTask, boolean system) {
        this.g = g;
        this.jdkTask = jdkTask;
        this.system = system;
    }

    @Override
    public void run() {
        jdkTask.run();
        // The continuation returned: the thread parked, yielded, or ended. A thread is
        // alive from start until its task is done (VirtualThread.alive()).
        if (!g.thread.isAlive() && EXITED.compareAndSet(this, false, true)) {
            Sched s = g.sched;
            s.events.goEnd(g); // goexit's traceGoEnd, as for a goroutine go4j started
            s.allgs.exited(g, CarrierAdapter.currentCarrierThread() instanceof M m && m.sched == s ? m : null);
            if (system) s.allgs.system.decrementAndGet();
        }
    }
}
