package dev.go4j.internal.sched;

import dev.go4j.internal.carrier.CarrierAdapter;
import dev.go4j.internal.jfr.Deadlock;
import dev.go4j.internal.jfr.GomaxprocsChange;
import dev.go4j.internal.jfr.GoroutineCreate;
import dev.go4j.internal.jfr.GoroutineEnd;
import dev.go4j.internal.jfr.GoroutinePark;
import dev.go4j.internal.jfr.GoroutinePreempt;
import dev.go4j.internal.jfr.GoroutineSteal;
import dev.go4j.internal.jfr.JfrSwitch;
import dev.go4j.internal.jfr.ProcHandoff;
import dev.go4j.internal.trace.TraceEvent;
import dev.go4j.internal.trace.TraceSwitch;
import dev.go4j.internal.trace.Tracer;

/**
 * What the scheduler tells the outside world: one call per scheduler event (goroutine
 * create, start, stop, park, wake-up, end; steal, P hand-off, preemption, GOMAXPROCS
 * change, deadlock), fanned out to the JMX counters ({@link SchedCounters}), JFR events
 * ({@code dev.go4j.internal.jfr}) and the execution trace ({@code dev.go4j.internal.trace}).
 *
 * <p>Implementation overview. Each hook is called from a single line in the scheduler.
 * With nothing listening a hook costs what it checks: the trace switch is a JIT
 * constant ({@link TraceSwitch}); JFR's is one too ({@link JfrSwitch}, off until JFR is
 * initialized, so the event classes and JFR's metadata cost nothing at start-up), and
 * then a JFR event's {@code isEnabled()} is false by construction until a recording
 * enables go4j's events, and the JIT removes the event allocation too. The counters that JMX shows are always kept, but only on paths
 * that are not per-goroutine hot (steals, hand-offs, preemptions), plus one
 * {@code LongAdder} add per park.
 */
public final class SchedEvents {
    static {
        // Resolved here, by whoever starts the first runtime, not by an M on its first
        // event: class loading takes the class loader's and the jar's locks, and an M that
        // blocks there while spinning held up a goroutine that owed it a JDK monitor (see
        // Sysmon.strandedWork, the net behind this). The event classes themselves are
        // initialized only once JFR is (JfrSwitch).
        try {
            Class.forName(JfrSwitch.class.getName(), true, JfrSwitch.class.getClassLoader());
        } catch (ClassNotFoundException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private final Sched sched;
    /** The JMX counters. */
    public final SchedCounters counters;

    /**
     * The runtime's JDK thread container (see CarrierAdapter), or null; set once when the
     * runtime is constructed, before its first goroutine.
     */
    Object container;

    SchedEvents(Sched sched) {
        this.sched = sched;
        this.counters = new SchedCounters(sched);
    }

    /** The runtime is constructed: its goroutines get a thread container of their own. */
    void runtimeStarted() {
        String name = "go4j runtime " + sched.runtimeId + (sched.isDefault ? " (default)" : " (Go.run)");
        container = CarrierAdapter.newContainer(name, () -> sched.allgs().stream().map(G::thread));
    }

    /** The runtime shut down. */
    void runtimeEnded() {
        CarrierAdapter.closeContainer(container);
    }

    /**
     * gp's task returned for the first time with gp alive (it parked): name its virtual
     * thread {@code goroutine N} for debuggers, JFR and JDK thread dumps. Naming at spawn
     * would cost a string per goroutine; one that never parks is seldom seen by a tool.
     */
    void firstPark(G gp) {
        name(gp);
    }

    /** Names gp's virtual thread {@code goroutine N} if it has no name yet. */
    static void name(G gp) {
        Thread t = gp.thread;
        if (t != null && t.getName().isEmpty()) t.setName("goroutine " + gp.goid);
    }

    /** newproc: gp was created by the goroutine running on mp (null: a plain thread). */
    void goCreate(G gp) {
        if (TraceSwitch.on()) Tracer.record(TraceEvent.GO_CREATE, sched.runtimeId, -1, gp.goid, gp.parentGoid);
        if (!JfrSwitch.on()) return;
        GoroutineCreate e = new GoroutineCreate();
        if (e.isEnabled()) {
            e.runtime = sched.runtimeId;
            e.goid = gp.goid;
            e.parentGoid = gp.parentGoid;
            e.commit();
        }
    }

    /** goexit: gp's body returned or threw. */
    void goEnd(G gp) {
        if (TraceSwitch.on()) Tracer.record(TraceEvent.GO_END, sched.runtimeId, -1, gp.goid, 0);
        if (!JfrSwitch.on()) return;
        GoroutineEnd e = new GoroutineEnd();
        if (e.isEnabled()) {
            e.runtime = sched.runtimeId;
            e.goid = gp.goid;
            e.commit();
        }
    }

    /** execute: mp starts running gp on pp. */
    void goStart(M mp, P pp, G gp) {
        if (TraceSwitch.on()) Tracer.record(TraceEvent.GO_START, sched.runtimeId, pp.id, gp.goid, mp.mid);
    }

    /** execute: gp's task returned to mp (it parked, yielded, or ended). */
    void goStop(M mp, G gp) {
        if (TraceSwitch.on()) {
            if (gp.status == GStatus.RUNNING) { // not parked by go4j: the JDK parked it (or it already runs again)
                Object blocker = java.util.concurrent.locks.LockSupport.getBlocker(gp.thread);
                if (blocker != null) Tracer.record(TraceEvent.GO_BLOCK, sched.runtimeId, -1, gp.goid, Tracer.reasonIndex(jdkBlockerName(blocker)));
            }
            Tracer.record(TraceEvent.GO_STOP, sched.runtimeId, -1, gp.goid, mp.mid);
        }
    }

    /** A short name for what the JDK parked a goroutine on, from the park's blocker object. */
    static String jdkBlockerName(Object blocker) {
        Class<?> c = blocker.getClass();
        if (c.getName().startsWith("dev.go4j.internal.chan.")) return "chan lock";
        if (c.getName().endsWith("$ConditionObject")) return WaitReason.JDK_CONDITION_WAIT.text();
        while (c.getEnclosingClass() != null) c = c.getEnclosingClass(); // ReentrantLock$NonfairSync -> ReentrantLock
        if (c.getName().startsWith("java.util.concurrent.locks.")) return WaitReason.JDK_LOCK.text();
        return c.getSimpleName();
    }

    /**
     * gopark, before the park: counts it, traces the block with its reason, and starts
     * the JFR park event (returned, to pass to {@link #parkEnd}; null when JFR is off).
     */
    Object parkBegin(G gp, WaitReason reason) {
        counters.park(gp, reason);
        if (TraceSwitch.on()) Tracer.record(TraceEvent.GO_BLOCK, sched.runtimeId, -1, gp.goid, reason.ordinal());
        if (!JfrSwitch.on()) return null;
        GoroutinePark e = new GoroutinePark();
        if (!e.isEnabled()) return null;
        e.begin();
        return e;
    }

    /** gopark, after the park: commits the JFR event if the park was long enough. */
    void parkEnd(G gp, Object event) {
        if (event instanceof GoroutinePark e) {
            e.end();
            if (e.shouldCommit()) {
                e.runtime = sched.runtimeId;
                e.goid = gp.goid;
                e.reason = gp.waitReason == WaitReason.ZERO ? "" : gp.waitReason.text();
                e.commit();
            }
        }
    }

    /**
     * ready: gp becomes runnable. The waker is the goroutine mounted on this carrier: the
     * JDK unparks a virtual thread from the carrier (switchToCarrierThread), so the
     * current thread here is the M, not the waking goroutine.
     */
    void unpark(G gp) {
        if (TraceSwitch.on()) {
            G waker = CarrierAdapter.currentCarrierThread() instanceof M m ? m.curg : null;
            Tracer.record(TraceEvent.GO_UNBLOCK, sched.runtimeId, -1, gp.goid, waker == null || waker == gp ? 0 : waker.goid);
        }
    }

    /** stealWork: the M on {@code thief} took gp (and maybe more) from {@code victim}. */
    void steal(P thief, P victim, G gp) {
        counters.steals.increment();
        if (TraceSwitch.on()) Tracer.record(TraceEvent.STEAL, sched.runtimeId, thief.id, gp.goid, victim.id);
        if (!JfrSwitch.on()) return;
        GoroutineSteal e = new GoroutineSteal();
        if (e.isEnabled()) {
            e.runtime = sched.runtimeId;
            e.thief = thief.id;
            e.victim = victim.id;
            e.goid = gp.goid;
            e.commit();
        }
    }

    /** handoffp: pp leaves an M that blocks, for another M (or the idle list). */
    void handoff(P pp) {
        counters.handoffs.increment();
        if (TraceSwitch.on()) Tracer.record(TraceEvent.HANDOFF, sched.runtimeId, pp.id, 0, 0);
        if (!JfrSwitch.on()) return;
        ProcHandoff e = new ProcHandoff();
        if (e.isEnabled()) {
            e.runtime = sched.runtimeId;
            e.p = pp.id;
            e.commit();
        }
    }

    /** preemptone: sysmon asked gp (running on pp; null between two G's) to yield. */
    void preempt(P pp, G gp) {
        counters.preemptions.increment();
        if (gp == null) return;
        name(gp);
        if (TraceSwitch.on()) Tracer.record(TraceEvent.PREEMPT, sched.runtimeId, pp.id, gp.goid, 0);
        if (!JfrSwitch.on()) return;
        GoroutinePreempt e = new GoroutinePreempt();
        if (e.isEnabled()) {
            e.runtime = sched.runtimeId;
            e.goid = gp.goid;
            e.commit();
        }
    }

    /** GOMAXPROCS changed from {@code old} to {@code n}. */
    void procs(int old, int n) {
        counters.procChanges.increment();
        if (TraceSwitch.on()) Tracer.record(TraceEvent.PROCS, sched.runtimeId, -1, 0, n);
        if (!JfrSwitch.on()) return;
        GomaxprocsChange e = new GomaxprocsChange();
        if (e.isEnabled()) {
            e.runtime = sched.runtimeId;
            e.oldProcs = old;
            e.newProcs = n;
            e.commit();
        }
    }

    /** checkdead found a deadlock. */
    void deadlock() {
        if (TraceSwitch.on()) Tracer.record(TraceEvent.DEADLOCK, sched.runtimeId, -1, 0, 0);
        if (!JfrSwitch.on()) return;
        Deadlock e = new Deadlock();
        if (e.isEnabled()) {
            e.runtime = sched.runtimeId;
            e.goroutines = sched.numGoroutine();
            e.commit();
        }
    }
}
