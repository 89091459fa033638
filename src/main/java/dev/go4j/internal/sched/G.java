package dev.go4j.internal.sched;

import dev.go4j.internal.carrier.CarrierAdapter;
import dev.go4j.internal.carrier.VirtualThreadState;

import java.util.concurrent.Executor;

/**
 * A goroutine: one virtual thread plus the runtime's record of it (Go's {@code g}).
 *
 * <p>Every G is its own virtual-thread scheduler: the JDK calls {@link #execute} each time
 * this G's virtual thread becomes runnable (start, unpark, Thread.yield), so the runtime
 * always knows which G a continuation task belongs to without a lookup. That call is
 * Go's newproc (first time) and goready (after a park).
 *
 * <p>Memory ordering on the switch path. {@link #status}, {@link #waitReason},
 * {@link #waitSince}, {@link #m} and {@link #queued} are volatile so that any thread
 * (sysmon, dumps, checkdead) reads a recent value, but the scheduler's hot path writes
 * them with release stores (a plain {@code mov} on x86, where a volatile store is a
 * {@code lock}-prefixed fence): about a dozen such fences per switch were go4j's own
 * cost above the JDK's. What makes that safe is that each of those stores is followed,
 * before anyone depends on it, by a volatile write or CAS of the same thread (which, being
 * a release, keeps every earlier access before it): mounting or unmounting the virtual
 * thread (the JDK's CAS on its state), a CAS on the P's status ({@link P#lockOwned}), or
 * the sched lock. A thread that learns of the switch through one of those (the readier's
 * CAS on the virtual thread's state, checkdead under the sched lock) therefore sees the
 * stores. Go writes the same fields with plain or release stores too ({@code casgstatus}
 * is the exception, and it is a CAS because Go's GC scans stacks; go4j's GC does not).
 * The one StoreLoad fence Go needs on this path, between publishing a G to a run queue
 * and reading {@code nmspinning} in {@code wakep}, stays: see {@link Sched#ready}.
 */
public final class G implements Executor, Runnable {
    /** The runtime this G belongs to. */
    final Sched sched;
    /** Goroutine id: counts from 1 in each runtime, never reused. */
    public final long goid;
    /** Goid of the goroutine that started this one; 0 for goroutine 1 and plain-thread spawns. */
    public final long parentGoid;
    /** What the creator ran: shown as "created by ..." in dumps. */
    final Class<?> startClass;
    /** The virtual thread that carries this goroutine's stack. */
    Thread thread;
    /** The JDK's continuation task, captured on the first {@link #execute}. */
    Runnable task;
    /**
     * This G's own continuation task (the JDK passes the same object on every execute).
     * A virtual thread created inside a goroutine without an explicit scheduler inherits
     * this G as its scheduler (VirtualThread's constructor), e.g. the JDK's socket
     * pollers; such foreign tasks must not replace {@link #task}: they are adopted as
     * goroutines of their own ({@link ChildThreads}).
     */
    volatile Runnable ownTask;
    /** Set when this G adopted a virtual thread the runtime did not create (ChildThreads); else null. */
    ChildThread adopted;

    /**
     * Submitted by the JDK and not yet started by an M: set by {@link Sched#ready} with a
     * CAS, cleared by {@link Schedule#execute} before it runs the continuation. The JDK
     * may submit a runnable virtual thread twice: {@code Thread.getStackTrace} of an
     * unmounted one (a goroutine dump, sysmon's sample) suspends it and then resubmits
     * it "as the task may have run while suspended". A second queue entry for one G
     * would corrupt the global queue's links, so ready() drops a submission while one is
     * pending; the pending one runs the G. A resubmit that comes after that run has
     * cleared this flag is dropped by the thread's state instead
     * ({@code VirtualThreadState.runnable}).
     */
    private volatile boolean queued;
    private static final java.lang.invoke.VarHandle QUEUED, STATUS, WAIT_REASON, WAIT_SINCE, M_, OWN_TASK;
    static {
        try {
            java.lang.invoke.MethodHandles.Lookup l = java.lang.invoke.MethodHandles.lookup();
            QUEUED = l.findVarHandle(G.class, "queued", boolean.class);
            STATUS = l.findVarHandle(G.class, "status", int.class);
            WAIT_REASON = l.findVarHandle(G.class, "waitReason", WaitReason.class);
            WAIT_SINCE = l.findVarHandle(G.class, "waitSince", long.class);
            M_ = l.findVarHandle(G.class, "m", M.class);
            OWN_TASK = l.findVarHandle(G.class, "ownTask", Runnable.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    /** Claims the one pending submission; false if one is already queued. */
    boolean markQueued() { return !queued && QUEUED.compareAndSet(this, false, true); }

    /** Whether a submission is pending (diagnostics). */
    boolean isQueued() { return queued; }

    /**
     * An M is about to run this G: later submissions queue it again. A release store: the
     * mount that follows (a CAS on the virtual thread's state) publishes it before the G
     * can park and be submitted again.
     */
    void clearQueued() { QUEUED.setRelease(this, false); }

    /**
     * Gives back a claim that {@link Sched#ready} found stale. A volatile store: the
     * caller reads the thread's state next, and a readier that lost the claim to it wrote
     * that state before it read this flag (a Dekker pair; a release store could be passed
     * by the read).
     */
    void unmarkQueued() { QUEUED.setVolatile(this, false); }

    /**
     * The caller holds the claim ({@link #markQueued}); true if the thread is runnable, so
     * the claim is good. Otherwise the claim is stale (its run already happened) and is
     * given back, unless a ready that lost the claim to the caller made the thread
     * runnable meanwhile: then the caller takes it again and keeps it.
     */
    boolean claimStillRunnable() {
        while (!VirtualThreadState.runnable(thread)) {
            unmarkQueued();
            if (!VirtualThreadState.runnable(thread) || !markQueued()) return false;
        }
        return true;
    }

    /** One of {@link GStatus}; written by the G itself, its M and the readier. */
    volatile int status;

    /** Release store of {@link #status} for the switch path (see the class comment). */
    void setStatusRelease(int s) { STATUS.setRelease(this, s); }

    /** gopark's record of why and since when (release stores: read only by dumps). */
    void setWaiting(WaitReason reason, long since) {
        WAIT_REASON.setRelease(this, reason);
        WAIT_SINCE.setRelease(this, since);
    }

    /** Release store of {@link #waitReason}. */
    void setWaitReasonRelease(WaitReason reason) { WAIT_REASON.setRelease(this, reason); }

    /** Release store of {@link #m}. */
    void setMRelease(M mp) { M_.setRelease(this, mp); }
    /** Why it waits, while {@code status == WAITING}. */
    volatile WaitReason waitReason; // ZERO from the constructor on
    /** When it parked (the runtime's coarse clock, System.nanoTime scale), or 0 (Go's g.waitsince). */
    volatile long waitSince;
    /** Sysmon asks the G to yield at its next runtime call or checkpoint (Go's g.preempt). */
    volatile boolean preempt;
    /** Readies of this G, to time one in {@link SchedLatency#PERIOD} (Go's g.trackingSeq). */
    byte trackingSeq;
    /** When a timed ready made this G runnable (nanoTime), 0 if this one is not timed (Go's g.trackingStamp). */
    long runnableSince;
    /** The G is yielding because of {@link #preempt}: its M starts a new time slice next. */
    boolean preemptYield;
    /** Sysmon found it ignoring preemption with no stuck allowance left: dumps say so. */
    volatile boolean notPreemptible;
    /** The next ready of this G goes to the global queue: set by gosched and preemption. */
    boolean toGlobal;
    /** The M running this G, or null. */
    volatile M m;
    /** The M this G is wired to by lockOSThread, or null. */
    M lockedm;
    /** Nesting count of lockOSThread. */
    int lockedCount;
    /**
     * The channel package's per-goroutine waiter (its gp.param / selectDone / cached
     * sudog), kept here so a blocking send or receive allocates nothing and needs no
     * ThreadLocal lookup. Owned by dev.go4j.internal.chan; only this G touches it.
     */
    public Object chanWaiter;
    /** Link in the global run queue (Go's schedlink); guarded by the sched lock. */
    G schedlink;
    /** The user's code, until the G starts. */
    private Runnable body;
    /** The G's entry in {@link AllGs} once listed (its M's list), and whether it is listed. */
    volatile AllGs.Entry allgEntry;
    volatile boolean listed;
    /**
     * A waiter record the semaphore table reuses for this G's next wait (in the spirit of
     * Go's sudog cache); touched only by this G. Typed Object to keep internal.sema's
     * types out of the scheduler.
     */
    public Object waiterCache;

    G(Sched sched, long goid, long parentGoid, Class<?> startClass) {
        this(sched, goid, parentGoid, startClass, null);
    }

    G(Sched sched, long goid, long parentGoid, Class<?> startClass, Runnable body) {
        this.body = body;
        this.sched = sched;
        this.goid = goid;
        this.parentGoid = parentGoid;
        this.startClass = startClass;
        this.trackingSeq = (byte) goid; // Go starts it at random: G's started together are timed at different readies
        // Plain stores: a new G reaches other threads only through a run queue's release
        // store or CAS (a volatile store per field was a fence per spawn).
        STATUS.set(this, GStatus.RUNNABLE);
        WAIT_REASON.set(this, WaitReason.ZERO);
    }

    /** The goroutine the caller runs in, or null on a plain thread or a non-go4j virtual thread. */
    public static G current() {
        Thread t = Thread.currentThread();
        if (!t.isVirtual()) return null;
        if (CarrierAdapter.currentCarrierThread() instanceof M m) {
            G g = m.curg;
            if (g != null && g.thread == t) return g;
        }
        return null;
    }

    /**
     * The G whose virtual thread the caller is, wherever that thread runs: on an M, as
     * {@link #current}, and also on the side pool once its runtime abandoned it
     * ({@link Abandoned}), where {@link #current} is null. Null for a plain thread and
     * for a virtual thread that is no goroutine: one whose scheduler is the G of the
     * goroutine that built it (a child thread on the side pool) is that G's thread only
     * in name. Not for hot paths: off an M it reads the thread's scheduler reflectively.
     */
    public static G ofCurrentThread() {
        G g = current();
        if (g != null) return g;
        Thread t = Thread.currentThread();
        if (!t.isVirtual()) return null;
        return CarrierAdapter.virtualThreadScheduler(t) instanceof G gp && gp.thread == t ? gp : null;
    }

    /**
     * The M carrying the calling thread (Go's {@code getg().m}), or null off go4j's M's.
     * A goroutine asking about itself uses this, not its {@link #m}: the M a G last left
     * clears that field after the G's task returned, and the JDK may by then have handed
     * the G back (an unpark that landed while it parked) to an M that already runs it.
     */
    static M callerM() {
        return CarrierAdapter.currentCarrierThread() instanceof M m ? m : null;
    }

    /** Called by the JDK when this G's virtual thread is runnable: Go's goready/newproc. */
    @Override
    public void execute(Runnable task) {
        Runnable own = ownTask;
        if (own == null) {
            // The first execute is VirtualThread.start's, before the G is queued: the queue's
            // release store or CAS publishes it to every later execute (a child thread can
            // only be started by the running G), so no fence of its own.
            own = task;
            OWN_TASK.setRelease(this, task);
            this.task = task;
        }
        if (task != own || adopted != null) {
            ChildThreads.execute(this, task); // a child virtual thread, or an adopted one
            return;
        }
        sched.ready(this);
    }

    /** The virtual thread's task: the goroutine's whole life (user code, then goexit). */
    @Override
    public void run() {
        Runnable b = body;
        body = null;
        sched.goexit(this, b);
    }

    public int status() { return status; }

    public WaitReason waitReason() { return waitReason; }

    public long waitSince() { return waitSince; }

    /** Whether sysmon found this G ignoring preemption and could not move it off its P. */
    public boolean notPreemptible() { return notPreemptible; }

    public Thread thread() { return thread; }

    public Sched sched() { return sched; }

    @Override
    public String toString() { return "goroutine " + goid + " [" + GStatus.name(status) + "]"; }
}
