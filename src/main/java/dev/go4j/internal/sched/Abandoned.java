package dev.go4j.internal.sched;

import dev.go4j.internal.carrier.VirtualThreadState;

import java.util.concurrent.locks.AbstractQueuedLongSynchronizer;
import java.util.concurrent.locks.AbstractQueuedSynchronizer;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.locks.StampedLock;

/**
 * What becomes of a goroutine that its runtime abandoned ({@code Go.run} returned) and
 * that is then woken.
 *
 * <p>Implementation overview. Go's abandoned goroutines die with the process. In a JVM
 * the process goes on, and a goroutine may be abandoned <em>inside a queue of the
 * JDK's</em>: blocked entering a {@code synchronized} monitor, or parked in a
 * {@code java.util.concurrent} lock, latch or semaphore. Those queues hand ownership on:
 * a monitor's exit picks its next owner and only wakes that one (HotSpot's successor),
 * an AQS release signals only the first waiter, which wakes the next in its turn. A
 * wake-up dropped there strands every thread queued behind, platform threads and other
 * runtimes' goroutines included; the JDK's own socket poller map (a
 * {@code ConcurrentHashMap}, whose bins are monitors) hung a live runtime that way (in
 * CI, NetpollTakeoverTest). So such a wake-up is delivered: the thread runs on
 * {@link ForeignVirtualThreads}' side pool, takes what it was handed and passes it on,
 * and goes on until it parks on anything else (a channel, go4j's sync, a socket, a
 * sleep), which stays abandoned as before.
 *
 * <p>A wake-up can find the runtime ended in two ways: it arrives after the shutdown
 * ({@link Sched#ready} calls {@link #ready}), or it was queued on a P or the global
 * queue that no M serves any more ({@link #rescueQueued}, from the shutdown and from a
 * ready that raced with it). The side pool's run is the JDK's own runContinuation,
 * which runs a thread only if its state says it is runnable, so a thread submitted
 * twice (found queued and readied) runs once.
 */
final class Abandoned {
    private Abandoned() {}

    /** A wake-up of gp, whose runtime has ended. */
    static void ready(G gp) {
        if (handsOn(gp.thread)) {
            Runnable task = gp.ownTask;
            if (task != null) ForeignVirtualThreads.execute(task);
        }
    }

    /**
     * Delivers the queued wake-ups of runtime {@code s}, which has ended, that other
     * threads wait behind. The queues are only looked at: no M takes from them any more.
     */
    static void rescueQueued(Sched s) {
        for (P pp : s.allp) {
            if (pp != null) pp.runq.forEach(g -> { ready(g); return true; });
        }
        s.lock.lock();
        try {
            s.runq.forEach(Abandoned::ready);
        } finally {
            s.lock.unlock();
        }
    }

    /**
     * True if thread t was woken to take over a monitor or a java.util.concurrent
     * synchronizer: others may be queued behind it.
     */
    static boolean handsOn(Thread t) {
        if (t == null) return false;
        if (VirtualThreadState.unblocked(t)) return true; // a monitor's chosen successor
        if (!VirtualThreadState.unparked(t)) return false;
        // The blocker is still set: the park clears it only once the thread runs again.
        Object b = LockSupport.getBlocker(t);
        return b instanceof AbstractQueuedSynchronizer || b instanceof AbstractQueuedLongSynchronizer
                || b instanceof AbstractQueuedSynchronizer.ConditionObject
                || b instanceof AbstractQueuedLongSynchronizer.ConditionObject
                || b instanceof StampedLock;
    }
}
