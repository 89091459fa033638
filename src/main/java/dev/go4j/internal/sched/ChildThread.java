package dev.go4j.internal.sched;

import dev.go4j.internal.carrier.CarrierAdapter;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.concurrent.CountDownLatch;

/**
 * The record of a virtual thread that a runtime adopted as a goroutine (see
 * {@link ChildThreads}), and the task an M runs for it.
 *
 * <p>A goroutine go4j creates runs {@link G#run}, which ends in goexit. An adopted thread
 * runs the user's own task inside the JDK's continuation, so go4j cannot wrap its body;
 * instead the M runs this wrapper, which runs the JDK's continuation task and, when the
 * task returns with the thread terminated, does what goexit does: marks the G dead and
 * uncounts it.
 *
 * <p>That moment comes too late for a joiner: the JDK releases a thread's joiners at
 * its end, before the task returns to the M, so a {@code join} followed by
 * {@code Go.numGoroutine()} could still count the thread. So each adopted thread is given
 * an {@link End} as the latch its joiners wait on, whose count-down does goexit's part
 * first; the task's return is then the fallback for a thread that had a latch already.
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
        if (!g.thread.isAlive()) ended();
    }

    /** goexit's part, once: on the M, in the thread's End or after its last return. */
    void ended() {
        if (!EXITED.compareAndSet(this, false, true)) return;
        Sched s = g.sched;
        s.events.goEnd(g); // goexit's traceGoEnd, as for a goroutine go4j started
        s.allgs.exited(g, CarrierAdapter.currentCarrierThread() instanceof M m && m.sched == s ? m : null);
        if (system) s.allgs.system.decrementAndGet();
    }

    /**
     * The latch an adopted thread's joiners wait on. The JDK counts it down once, on the
     * carrier (the M) as the thread ends, with the thread already TERMINATED
     * ({@code VirtualThread.afterDone}); goexit's part goes first, so a joiner finds the
     * goroutine gone. One instant is left: a {@code join} that starts between the JDK's
     * TERMINATED store and this count-down returns without waiting, before goexit's part
     * (two statements of the JDK's, against the whole unmount and return to the M before).
     */
    static final class End extends CountDownLatch {
        private final ChildThread child;

        End(ChildThread child) {
            super(1);
            this.child = child;
        }

        @Override
        public void countDown() {
            try {
                if (!child.g.thread.isAlive()) child.ended();
            } finally {
                super.countDown();
            }
        }
    }
}
