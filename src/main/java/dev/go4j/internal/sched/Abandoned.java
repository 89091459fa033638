package dev.go4j.internal.sched;

import dev.go4j.internal.carrier.VirtualThreadState;

/**
 * What becomes of a goroutine that its runtime abandoned ({@code Go.run} returned) and
 * that is then woken from a wait: it runs on {@link ForeignVirtualThreads}' side pool, as
 * a plain virtual thread would.
 *
 * <p>Implementation overview. Go's abandoned goroutines die with the process. A JVM goes
 * on, and cannot stop a thread; a goroutine that simply never ran again would keep
 * whatever it holds or is queued for, for ever. Most queues it can be in hand on to the
 * next in line only: a monitor's exit picks one successor and wakes nobody else while
 * that one has not run (HotSpot); an AQS release, and go4j's own Mutex, wake only the
 * first waiter; a socket's close waits for its reader to finish the close; a
 * {@code Selector} is held by its selecting thread. A wake-up dropped there strands
 * every thread behind, platform threads and other runtimes' goroutines included: the
 * JDK's socket poller map (a {@code ConcurrentHashMap}, whose bins are monitors) hung a
 * live runtime that way in CI (NetpollTakeoverTest). So a wake-up from a wait is
 * delivered: a value sent to an abandoned goroutine is received, a lock handed to it is
 * passed on.
 *
 * <p>Two kinds of run are not wake-ups and stay abandoned, as in Go: a goroutine that
 * was started and never ran, and one that yielded (Gosched, a preemption). Neither was
 * handed anything, and running them would start, or keep going, the program's loops
 * after its main returned: CPU-bound goroutines queued behind a busy P would all run on,
 * and a busy side pool starves the abandoned goroutines that do need to run (a CI run
 * on one CPU hung that way). An abandoned goroutine that nothing wakes stays parked, and
 * the runtime does not count, dump or check it any more.
 *
 * <p>A wake-up can find the runtime ended in three ways: it arrives after the shutdown
 * ({@link Sched#ready} calls {@link #ready}); it was queued on a P or the global queue
 * that no M serves any more ({@link #rescueQueued}, from the shutdown, from a put that
 * raced with it, and from an M on its way out); or an M held it in hand (a netpoll list,
 * a locked M's hand-over) when it saw the shutdown. The side pool runs the JDK's own
 * runContinuation, which runs a thread only if its state says it is runnable, so a
 * thread submitted twice (found queued and readied) runs once.
 */
final class Abandoned {
    private Abandoned() {}

    /** A run of gp, whose runtime has ended: delivered if gp was woken from a wait. */
    static void ready(G gp) {
        if (gp == null) return; // a ring slot cleared while rescueQueued looked at it
        Runnable task = gp.ownTask;
        if (task != null && VirtualThreadState.wokenFromWait(gp.thread)) ForeignVirtualThreads.execute(task);
    }

    /** Each G of a schedlink list that an M held when it saw the shutdown. */
    static void readyList(G head) {
        while (head != null) {
            G next = head.schedlink;
            head.schedlink = null;
            ready(head);
            head = next;
        }
    }

    /**
     * Delivers the wake-ups queued on runtime {@code s}, which has ended. The queues are
     * only looked at: no M takes from them any more.
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
}
