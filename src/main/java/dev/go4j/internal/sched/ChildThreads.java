package dev.go4j.internal.sched;

import dev.go4j.internal.carrier.CarrierAdapter;

import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * Virtual threads started inside a runtime are goroutines of it: adoption.
 *
 * <p>Implementation overview. The JDK gives a virtual thread built without an explicit
 * scheduler the scheduler of the virtual thread that creates it (VirtualThread's
 * constructor), so a {@code Thread.ofVirtual().start(..)} inside a goroutine -- a
 * library's thread-per-task executor, a server's connection handler, the JDK's socket
 * sub-pollers -- submits its continuation to the creating goroutine's {@link G}. When a
 * G's {@code execute} sees a task that is not its own, it lands here, once, on the
 * thread's start: go4j makes a new G for that thread (a goid from the creator's M, the
 * starter as parent, counted in NumGoroutine, found by dumps and checkdead) and
 * re-points the thread's {@code scheduler} field at that new G through the carrier
 * adapter. Every later submit of the thread (unpark, yield) then goes straight to its
 * own G, with no lookup, exactly like a goroutine go4j created. The M runs a
 * {@link ChildThread} wrapper for it, which notices the thread's end (goexit).
 *
 * <p>The alternative, keeping the thread's scheduler at the creator's G and mapping task
 * to G in an identity map on every submit, costs a concurrent-map lookup per wake-up and a
 * removal hook at the end, and makes every descendant's wake-up go through one ancestor.
 *
 * <p><b>System goroutines.</b> The JDK's socket poller ({@code sun.nio.ch.Poller}, in its
 * default VTHREAD_POLLERS mode on Linux) starts its {@code SubPoller-N} virtual threads
 * lazily, in whichever virtual thread first blocks on a socket; inside a runtime they
 * inherit a G. Like Go's runtime goroutines they are adopted as <em>system</em>
 * goroutines: left out of NumGoroutine, never keeping checkdead from reporting a deadlock
 * (a poller is always parked), and hidden from dumps unless {@code -Dgo4j.traceback=system}
 * (Go's GOTRACEBACK=system). The sub-pollers serve the whole JVM forever, while a
 * {@code Go.run} runtime ends: when it does, each of its system goroutines moves to the
 * default runtime (which never ends) under a new G.
 *
 * <p>{@code -Dgo4j.childThreads=pool} restores the earlier behaviour: such threads run on
 * a side pool ({@link ForeignVirtualThreads}) and are not goroutines. So does a JDK that
 * refuses the field write (the thread then runs on the pool).
 */
final class ChildThreads {
    private ChildThreads() {}

    /** {@code -Dgo4j.childThreads=pool}: child virtual threads run on a side pool. */
    static final boolean POOL = "pool".equals(System.getProperty("go4j.childThreads"));
    /** {@code -Dgo4j.traceback=system}: dumps include system goroutines. */
    static final boolean SHOW_SYSTEM = "system".equals(System.getProperty("go4j.traceback"));

    /** Every live system goroutine of every runtime (a handful: the JDK's sub-pollers). */
    private static final ConcurrentLinkedQueue<G> SYSTEM = new ConcurrentLinkedQueue<>();

    static boolean isSystem(G g) {
        ChildThread c = g.adopted;
        return c != null && c.system;
    }

    static boolean shownInDumps(G g) {
        return SHOW_SYSTEM || !isSystem(g);
    }

    /**
     * G.execute's slow path: {@code task} is a child thread's first submit to its
     * creator's G, or gp is itself an adopted thread's G.
     */
    static void execute(G gp, Runnable task) {
        ChildThread c = gp.adopted;
        if (c != null && task == c.jdkTask) {
            if (c.system && gp.sched.shutdown) {
                G next = rehome(gp);
                if (next != null) {
                    next.sched.ready(next);
                    return;
                }
            }
            gp.sched.ready(gp);
            return;
        }
        adopt(gp, task);
    }

    /** Mirrors newproc for a thread the JDK started: makes it a G of gp's runtime and readies it. */
    private static void adopt(G creator, Runnable task) {
        Thread t = POOL ? null : CarrierAdapter.virtualThreadOf(task);
        if (t == null) {
            ForeignVirtualThreads.execute(task);
            return;
        }
        boolean system = isJdkPoller(t);
        if (system) Netpoll.pollersStarted();
        Sched s = creator.sched;
        if (s.shutdown) {
            // Started after its runtime ended (built inside it, started later): a program
            // that has exited runs no goroutines, but the JDK's pollers must run somewhere.
            if (!system) {
                ForeignVirtualThreads.execute(task);
                return;
            }
            s = DefaultRuntime.get();
        }
        // The starter's M, if the starter is a goroutine of this runtime (Go's getg().m).
        M mp = CarrierAdapter.currentCarrierThread() instanceof M m && m.sched == s ? m : null;
        G starter = mp != null && Thread.currentThread().isVirtual() ? mp.curg : null;
        G gp = newG(s, mp, starter != null ? starter.goid : 0,
                starter != null ? starter.startClass : creator.startClass, t, task, system);
        if (gp == null) {
            ForeignVirtualThreads.execute(task);
            return;
        }
        if (system && s.shutdown) {
            // s ended between the check above and newG's listing of gp: its shutdown may
            // have looked at the system goroutines before gp was among them, and s readies
            // nothing more, so gp moves on here (found by review). Both sides may see it:
            // the successor is made once, and a second submit of it is ignored.
            G next = rehome(gp);
            if (next != null) {
                next.sched.ready(next);
                return;
            }
        }
        if (!system && !s.isDefault && t.getUncaughtExceptionHandler() == t.getThreadGroup()) {
            // No handler of its own: an exception ends the run like any goroutine's panic.
            G panicking = gp;
            Sched owner = s;
            t.setUncaughtExceptionHandler((th, e) -> owner.panic(panicking, e));
        }
        s.ready(gp);
    }

    /** A G for thread t, its scheduler field pointed at it; null if the JDK refuses. */
    private static G newG(Sched s, M mp, long parentGoid, Class<?> startClass, Thread t, Runnable task, boolean system) {
        G gp = new G(s, s.newGoid(mp), parentGoid, startClass);
        gp.thread = t;
        ChildThread c = new ChildThread(gp, task, system);
        gp.adopted = c;
        gp.ownTask = task;
        gp.task = c;
        if (!CarrierAdapter.setVirtualThreadScheduler(t, gp)) return null;
        // A thread that already has a latch (joined before its first run, or a system
        // goroutine moving on) ends through ChildThread.run alone.
        CarrierAdapter.setVirtualThreadTermination(t, new ChildThread.End(c));
        s.allgs.created(mp);
        s.events.goCreate(gp); // newproc's traceGoCreate: the trace and JFR see adopted threads too
        if (system) {
            s.allgs.system.incrementAndGet();
            SYSTEM.add(gp);
        }
        return gp;
    }

    /**
     * The default-runtime G that carries on system goroutine {@code old} of a runtime that
     * ended; made once. Null if the JDK refused the move (the old G then keeps it).
     */
    private static G rehome(G old) {
        ChildThread c = old.adopted;
        G next = c.successor;
        if (next != null) return next;
        synchronized (c) {
            next = c.successor;
            if (next == null) {
                Sched d = DefaultRuntime.get();
                M mp = CarrierAdapter.currentCarrierThread() instanceof M m && m.sched == d ? m : null;
                next = newG(d, mp, 0, old.startClass, old.thread, c.jdkTask, true);
                if (next == null) return null;
                c.successor = next;
                SYSTEM.remove(old);
                old.sched.allgs.system.decrementAndGet();
            }
            return next;
        }
    }

    /**
     * Called as runtime {@code s} shuts down: moves its system goroutines to the default
     * runtime. One may sit in a run queue of s that no M will serve any more, so each is
     * submitted once to its new G; the JDK's runContinuation ignores a submit of a thread
     * that is not runnable (its state CAS fails), so a parked or running poller is not
     * disturbed, and its next wake-up goes to the new G.
     */
    static void shutdown(Sched s) {
        if (s.isDefault) return;
        for (G g : SYSTEM) {
            if (g.sched != s || g.status == GStatus.DEAD) continue;
            G next = rehome(g);
            if (next != null) next.sched.ready(next);
        }
    }

    /** The JDK's socket sub-pollers: named SubPoller-N, with sun.nio.ch.Poller's own handler. */
    private static boolean isJdkPoller(Thread t) {
        if (!t.getName().startsWith("SubPoller-")) return false;
        Thread.UncaughtExceptionHandler h = t.getUncaughtExceptionHandler();
        return h != null && h.getClass().getName().startsWith("sun.nio.ch.Poller");
    }
}
