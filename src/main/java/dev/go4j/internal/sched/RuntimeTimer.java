package dev.go4j.internal.sched;

import java.lang.ref.Reference;
import java.lang.ref.ReferenceQueue;
import java.lang.ref.WeakReference;

/**
 * A runtime timer (Go's {@code timer} in runtime/time.go): a deadline, an optional period
 * and a function run by the scheduler when the deadline passes.
 *
 * <p>Implementation overview.
 * <ul>
 * <li>A pending timer sits in exactly one P's {@link TimerHeap} ({@link #ts}); it is run by
 *     that P's M in findRunnable, or by another M that steals from the P. There is no timer
 *     thread. A timer that is not pending is in no heap, so the runtime holds no reference
 *     to it: a fired or stopped timer is garbage as soon as its user drops it.
 * <li>Locks: the heap's lock, then the timer's lock (Go's ts.mu, then t.mu). Fields that
 *     describe the deadline change only with the timer's lock held, and, while the timer
 *     is in a heap, with the heap's lock held too, so the heap can order by {@link #when}.
 *     Unlike Go, stop and reset take the timer out of its heap at once (Go marks it and
 *     lets the owning P clean up later): simpler, and it keeps stopped timers collectable.
 * <li>{@link #fire} runs outside every lock, on an M (in the scheduler, never in a
 *     goroutine), and must not park: it may ready goroutines or start one.
 * <li>Channel timers (Go 1.23 synchronous timer channels): every stop and reset bumps
 *     {@link #seq}; the scheduler notes the seq and counts a prepared send under the
 *     lock before it fires. A send whose seq is stale is skipped; a stop or reset waits for
 *     sends already under way and then drains the channel, so that no value prepared
 *     before the call is received after it returns (Go uses t.sendLock for the same).
 * <li>A timer may be given a weakly held owner ({@link #weakOwner}): when the owner (a
 *     timer channel) is collected, the next {@link TimerHeap#check} anywhere removes the
 *     timer from its heap. That is how an unreferenced, unstopped {@code Time.after} or
 *     ticker becomes garbage (Go 1.23 does it by keeping such timers out of the heap).
 * </ul>
 */
public abstract class RuntimeTimer extends SpinLock {
    /** The deadline meaning "never" (Go's maxWhen). */
    public static final long MAX_WHEN = Long.MAX_VALUE;

    /** The heap this timer is in, or null (Go's t.ts with timerHeaped). */
    volatile TimerHeap ts;
    /** Position in {@link #ts}; guarded by the heap's lock. */
    int index = -1;
    /** Deadline (System.nanoTime), 0 when not pending. */
    long when;
    /** Period for tickers, 0 for one-shot timers. */
    long period;
    /** Bumped by every stop and reset: a send prepared under an older seq is stale. */
    volatile long seq;
    /** Channel sends the scheduler decided on but not yet committed to (guarded by the lock). */
    int preparing;
    /** Channel sends committed under the current seq and still under way. */
    volatile int committed;
    /** Whether {@link #fire} sends on a timer channel (Go's t.isChan). */
    final boolean isChan;
    /**
     * go4j only: the timer was pending when its runtime ended, and was moved to the default
     * runtime to fire there ({@link TimerHeap#adoptOrphans}). It keeps another runtime
     * alive only where {@link #canWakeOrphaned} says so. A reset makes it an ordinary
     * timer again, unless the resetter is itself abandoned: then a timer that stays in its
     * heap keeps what it was, and one that moves is an orphan ({@link #reset}).
     * Written under the timer's lock (and its heap's, while it is in one); read by
     * {@link TimerHeap#anyCanWake} under the heap lock.
     */
    boolean orphaned;

    protected RuntimeTimer(boolean isChan) {
        this.isChan = isChan;
    }

    /**
     * Runs the timer's action; called by the scheduler on an M, with no lock held.
     *
     * @param sched the runtime whose P ran the timer (start goroutines there)
     * @param seq   the timer's seq when the scheduler decided to fire (see {@link #seq})
     * @param delay how late the timer runs, in nanoseconds
     */
    protected abstract void fire(Sched sched, long seq, long delay);

    /**
     * Whether firing can make a goroutine runnable, for deadlock detection. True for
     * sleeps, function timers and contexts; a timer channel's timer overrides it: only
     * while someone is blocked on the channel (Go 1.23 keeps it out of the heap otherwise).
     */
    protected boolean canWake() { return true; }

    /**
     * {@link #canWake} for an {@linkplain #orphaned orphan}: only if firing is sure to wake
     * a goroutine of a live run. False unless overridden (a timer channel with such a
     * receiver, a context deadline such a goroutine waits for): an abandoned hour-long
     * sleep or {@code afterFunc} must not hide every later run's deadlock for an hour.
     * Called under scheduler and heap locks: reads without taking any other lock.
     */
    protected boolean canWakeOrphaned() { return false; }

    /** Channel timers: drops a buffered value; true if there was one. */
    protected boolean drain() { return false; }

    /** Go's when(d): the deadline d nanoseconds from now; now for {@code d <= 0}; never on overflow. */
    public static long when(long nanos) {
        long now = System.nanoTime();
        if (nanos <= 0) return Math.max(now, 1);
        long t = now + nanos;
        if (t < 0 || t < now) return MAX_WHEN; // overflow
        return Math.max(t, 1);
    }

    // ------------------------------------------------------------------ stop, reset

    /**
     * Mirrors timer.stop: prevents the timer from firing. True if the call stopped a
     * pending timer (for a channel timer also: a send under way was cancelled, or a value
     * not yet received was drained).
     */
    public final boolean stop() {
        TimerHeap h = lockWithHeap();
        boolean pending = when > 0;
        when = 0;
        if (h != null) h.deleteLocked(this);
        seq++;
        // A send prepared but not committed is now stale and will be skipped: the timer
        // did not deliver, so report it stopped (Go's isSending check).
        if (isChan && period == 0 && preparing > 0) pending = true;
        unlock();
        if (h != null) h.unlock();
        if (isChan) {
            awaitSends();
            if (drain()) pending = true;
        }
        return pending;
    }

    /**
     * Mirrors timer.modify (Timer.Reset, Ticker.Reset, and the first start): the timer
     * fires at {@code when} (nanoTime, > 0), then every {@code period} if that is > 0.
     * Returns whether the timer was pending before (Go's return value).
     */
    public final boolean reset(long when, long period) {
        if (when <= 0) throw new IllegalArgumentException("timer when must be positive: " + when);
        if (period < 0) throw new IllegalArgumentException("timer period must be non-negative: " + period);
        TimerHeap h = lockWithHeap();
        // Read under the heap lock: a runtime ends (shutdown) before adoptOrphans takes
        // its heaps' locks, so a run that ends meanwhile is seen here, or its timers are
        // moved and marked after this reset.
        boolean byAbandoned = calledByAbandonedGoroutine();
        boolean pending = this.when > 0;
        long oldPeriod = this.period;
        this.when = when;
        this.period = period;
        // A timer that stays in its heap keeps its owner when an abandoned goroutine resets
        // it (a live run's, a plain thread's); one that moves is marked where it lands
        // (addIfCurrent).
        if (h == null || isChan || !byAbandoned) orphaned = false;
        long mySeq = ++seq;
        if (isChan && oldPeriod == 0 && preparing > 0) pending = true;
        boolean wake = false;
        boolean outOfHeap = false;
        if (h != null && !isChan) {
            // Still pending in its heap: reposition it there (Go leaves it in its heap).
            h.deleteLocked(this);
            h.addLocked(this);
            wake = index == 0;
        } else if (h != null) {
            // A channel timer must not fire again before the drain below: out of the heap.
            CHAN_RESETS_STARTED.getAndIncrement();
            outOfHeap = true;
            h.deleteLocked(this);
        }
        unlock();
        if (h != null) h.unlock();
        if (wake) h.p.sched.wakeNetPoller(when);
        try {
            if (isChan) {
                awaitSends();
                if (drain()) pending = true;
            }
            if (h == null || isChan) addIfCurrent(mySeq, byAbandoned);
        } finally {
            if (outOfHeap) CHAN_RESETS_FINISHED.getAndIncrement();
        }
        return pending;
    }

    /**
     * go4j only, for deadlock detection: a reset of a pending channel timer takes it out of
     * its heap while it drains the channel, then puts it back, so for a moment the timer is
     * in no heap and {@link CheckDead} could see nothing that will wake the goroutine
     * blocked on it (a plain thread resetting such a timer in a loop made a run's
     * goroutine "deadlocked"; so could a plain thread's receive that runs a due timer,
     * {@link #maybeRunChan}). Counted: started before the timer leaves the heap, finished
     * after it is back. A check reads the finished count before it looks at any heap and
     * the started count after: if they differ, a reset was under way (or began) while it
     * looked, and the run counts as alive for now. If they match, every reset that took a
     * timer out before the heaps were read had put it back before.
     */
    private static final java.util.concurrent.atomic.AtomicLong CHAN_RESETS_STARTED = new java.util.concurrent.atomic.AtomicLong(),
            CHAN_RESETS_FINISHED = new java.util.concurrent.atomic.AtomicLong();

    static long chanResetsStarted() { return CHAN_RESETS_STARTED.get(); }

    static long chanResetsFinished() { return CHAN_RESETS_FINISHED.get(); }

    /**
     * Whether the caller is a goroutine whose run has ended: one still on an M of its
     * runtime after main returned, or one woken later on the side pool ({@link Abandoned}).
     * Its timers go to the default runtime ({@link #addIfCurrent}, {@link TimerHeap#forCaller})
     * as orphans: armed after {@link TimerHeap#adoptOrphans} moved the rest, an abandoned
     * goroutine's hour-long sleep or {@code afterFunc} would otherwise keep every later run
     * from its deadlock verdict for an hour (EndedRunTimersTest hung that way, 1 run in 9).
     */
    private static boolean calledByAbandonedGoroutine() {
        G g = G.ofCurrentThread(); // null for a plain thread: its timers count
        return g != null && g.sched.shutdown;
    }

    /**
     * Mirrors maybeAdd: puts the timer in the caller's P's heap unless it changed since
     * mySeq; an orphan if an abandoned goroutine armed it, or if its runtime ended since
     * (the caller's check of that came first).
     */
    private void addIfCurrent(long mySeq, boolean byAbandoned) {
        boolean orphan = byAbandoned;
        TimerHeap heap = TimerHeap.forCaller();
        for (;;) {
            heap.lock();
            if (heap.p.id >= heap.p.sched.gomaxprocs) {
                // That P is being destroyed by a GOMAXPROCS shrink: P0 always stays.
                heap.unlock();
                heap = heap.p.sched.allp[0].timers;
                continue;
            }
            if (heap.p.sched.shutdown) {
                // Its runtime ended (an abandoned goroutine still on one of its M's), and
                // moved its timers out already (TimerHeap.adoptOrphans): nothing runs this heap.
                heap.unlock();
                heap = TimerHeap.anyP(DefaultRuntime.get());
                orphan = true;
                continue;
            }
            lock();
            boolean wake = false;
            long w = when;
            if (seq == mySeq && w > 0 && ts == null) {
                orphaned = orphan;
                heap.addLocked(this);
                wake = index == 0;
            }
            unlock();
            heap.unlock();
            if (wake) heap.p.sched.wakeNetPoller(w);
            return;
        }
    }

    /** Locks the timer and the heap it is in (heap first); returns that heap or null. */
    private TimerHeap lockWithHeap() {
        for (;;) {
            TimerHeap h = ts;
            if (h != null) h.lock();
            lock();
            if (ts == h) return h;
            unlock();
            if (h != null) h.unlock();
        }
    }

    /**
     * Called by {@link TimerHeap#check} with no lock held, for a timer it took off as due
     * under {@code seq}: runs {@link #fire}. A channel timer first commits to the send under
     * its lock, unless a stop or reset came in between (then the send is skipped); stop and
     * reset wait for committed sends to finish before they drain (Go's sendLock).
     */
    final void run(Sched sched, long seq, long delay) {
        if (!isChan) {
            fire(sched, seq, delay);
            return;
        }
        lock();
        preparing--;
        boolean send = this.seq == seq;
        if (send) committed++;
        unlock();
        if (!send) return;
        try {
            fire(sched, seq, delay);
        } finally {
            lock();
            committed--;
            unlock();
        }
    }

    /**
     * Mirrors maybeRunChan: a receive or select on a timer's channel after its deadline
     * runs the timer there and then, so it finds the value even while the P whose heap
     * holds the timer runs something else (the timer would fire at that P's next
     * findRunnable, a thief's steal or sysmon's look). Go keeps a channel timer in no heap
     * while nobody is blocked on its channel and skips a heaped one here; a pending timer
     * of go4j is always heaped, so this takes it from its heap as {@link TimerHeap#check}
     * would. A timer in no heap is in the middle of a stop or reset, which decides its value.
     */
    public final void maybeRunChan() {
        long w = when; // a racy hint, so that a receive before the deadline takes no lock
        if (w == 0 || ts == null || w > System.nanoTime()) return;
        TimerHeap h = lockWithHeap();
        if (h == null) {
            unlock();
            return;
        }
        long now = System.nanoTime();
        w = when;
        if (w == 0 || w > now) {
            unlock();
            h.unlock();
            return;
        }
        // Out of the heap until its send is done, on a thread that may hold no P (a plain
        // thread): counted as a reset in flight for deadlock detection (see below).
        CHAN_RESETS_STARTED.getAndIncrement();
        long mySeq;
        try {
            mySeq = h.takeDueLocked(this, now);
        } finally {
            unlock();
            h.unlock();
        }
        try {
            run(h.p.sched, mySeq, now - w);
        } finally {
            CHAN_RESETS_FINISHED.getAndIncrement();
        }
    }

    /** Waits for committed channel sends (run by an M, briefly) to finish. */
    private void awaitSends() {
        for (int spins = 0; committed > 0; spins++) {
            if ((spins & 63) == 63) Thread.yield(); // no lock is held here: a goroutine may yield
            else Thread.onSpinWait();
        }
    }

    // ------------------------------------------------------------------ collection

    private static final ReferenceQueue<Object> COLLECTED = new ReferenceQueue<>();

    /** A weak reference to a timer's owner; when it is cleared the timer is stopped. */
    private static final class OwnerRef<T> extends WeakReference<T> {
        final RuntimeTimer timer;

        OwnerRef(T owner, RuntimeTimer timer) {
            super(owner, COLLECTED);
            this.timer = timer;
        }
    }

    /**
     * A weak reference to {@code owner} for this timer to use in {@link #fire}: once the
     * owner is garbage, the timer is removed from its heap (see {@link TimerHeap#check}).
     */
    protected final <T> WeakReference<T> weakOwner(T owner) {
        return new OwnerRef<>(owner, this);
    }

    /** Stops the timers whose owners were collected. Cheap when there are none. */
    static void reapCollected() {
        Reference<?> r;
        while ((r = COLLECTED.poll()) != null) {
            if (r instanceof OwnerRef<?> o) o.timer.stop();
        }
    }

    /** Whether the timer is pending (a snapshot). */
    public final boolean pending() {
        lock();
        try {
            return when > 0;
        } finally {
            unlock();
        }
    }
}
