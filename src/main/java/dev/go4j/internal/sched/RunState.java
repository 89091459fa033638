package dev.go4j.internal.sched;

import java.util.concurrent.locks.LockSupport;

/**
 * How a {@code Go.run} ends: main returned, a goroutine panicked, the runtime found a
 * deadlock, or a fatal runtime error. The first of these wins; the thread blocked in
 * {@code Go.run} wakes up at once (Go kills the program at the panic, not when main
 * returns).
 */
public final class RunState {
    public static final int RUNNING = 0, MAIN_DONE = 1, PANIC = 2, DEADLOCK = 3, FATAL = 4;

    private final Sched sched;
    private volatile int state = RUNNING;
    private volatile Thread waiter;
    private Throwable cause;
    private G culprit;
    private String message;
    private String dump;

    RunState(Sched sched) { this.sched = sched; }

    private synchronized boolean finish(int s, G g, Throwable t, String msg) {
        if (state != RUNNING) return false;
        culprit = g;
        cause = t;
        message = msg;
        state = s;
        Thread w = waiter;
        if (w != null) LockSupport.unpark(w);
        return true;
    }

    void mainDone() { finish(MAIN_DONE, null, null, null); }

    /** False if the run was already over (a panic of an abandoned goroutine, or a second one). */
    boolean panic(G g, Throwable t) { return finish(PANIC, g, t, null); }

    /** checkdead said dead (sched lock not held): reported once {@link CheckDead#confirm} agrees. */
    void deadlock() {
        if (state != RUNNING || !sched.checkdead.confirm()) return;
        sched.events.deadlock();
        String d = Traceback.dumpAll(sched, null);
        synchronized (this) { dump = d; }
        finish(DEADLOCK, null, null, "all goroutines are asleep - deadlock!");
    }

    void fatal(String msg, Throwable t) { finish(FATAL, null, t, msg); }

    public boolean finished() { return state != RUNNING; }

    /** Blocks the calling (non-goroutine) thread until the run is over; returns the state. */
    public int await() {
        waiter = Thread.currentThread();
        boolean interrupted = false;
        while (state == RUNNING) {
            LockSupport.park(this);
            if (Thread.interrupted()) interrupted = true;
        }
        if (interrupted) Thread.currentThread().interrupt();
        return state;
    }

    public int state() { return state; }

    public synchronized Throwable cause() { return cause; }

    public synchronized G culprit() { return culprit; }

    public synchronized String message() { return message; }

    public synchronized String dump() { return dump; }
}
