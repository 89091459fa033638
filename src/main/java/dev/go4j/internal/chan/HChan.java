package dev.go4j.internal.chan;

import dev.go4j.internal.sched.Parking;
import dev.go4j.internal.sched.RuntimeTimer;
import dev.go4j.internal.sched.WaitReason;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A channel: Go's {@code hchan} and the algorithm of runtime/chan.go.
 *
 * <p>Implementation overview.
 * <ul>
 * <li>State: a ring buffer ({@code buf}, {@code sendx}, {@code recvx}, {@code qcount}) of
 *     {@code dataqsiz} slots, a queue of parked senders ({@code sendq}) and one of parked
 *     receivers ({@code recvq}), and {@code closed}; all guarded by the channel's own
 *     {@link ChanLock}. {@code qcount} (release stores, acquire loads) and the volatile
 *     {@code closed} are what the non-blocking fast paths read without the lock.</li>
 * <li>Send (chansend): to a parked receiver directly (the value never touches the
 *     buffer), else into the buffer, else park on {@code sendq} until a receiver takes
 *     the value or close wakes us (then throw).</li>
 * <li>Receive (chanrecv): from a parked sender (unbuffered: its value; buffered and full:
 *     the head of the buffer, and the sender's value goes to the tail), else from the
 *     buffer, else park on {@code recvq}. Closed and drained gives {@code null}.</li>
 * <li>Close (closechan): mark closed, take every waiter off both queues, and wake them
 *     all after unlocking: receivers get {@code null}, senders throw.</li>
 * <li>Waking is always done after the lock is released (Go's unlockf then goready).</li>
 * <li>Timer channels (Go 1.23): a hidden one-slot buffer filled by {@link TimerChannels},
 *     while {@link #len()} and {@link #cap()} report 0, so the channel looks
 *     synchronous.</li>
 * </ul>
 * Values are never null: null as a result means "closed and drained" (Go's zero value).
 */
public final class HChan extends ChanLock {
    /** recv(false) result when nothing is ready (not a value, not closed). */
    public static final Object NOT_READY = new Object();

    private static final AtomicLong IDS = new AtomicLong();
    private static final VarHandle QCOUNT;
    static {
        try {
            QCOUNT = MethodHandles.lookup().findVarHandle(HChan.class, "qcount", int.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    /** Fixed order for locking several channels (select), as Go uses the address. */
    final long id = IDS.incrementAndGet();
    final Object[] buf;
    final int dataqsiz;
    final boolean timer;
    /**
     * A timer channel's timer (Go's c.timer), for {@link #maybeRunTimer}; set once, as the
     * timer is made and before the channel is handed out. The channel holds its timer, the
     * timer holds the channel weakly, so a dropped channel still takes its timer with it.
     */
    RuntimeTimer runtimeTimer;
    /** Written under the lock with release stores, read lock-free with acquire loads. */
    int qcount;
    int sendx, recvx;
    volatile boolean closed;
    final WaitQueue recvq = new WaitQueue();
    final WaitQueue sendq = new WaitQueue();

    /** Mirrors makechan; size is checked by the caller. */
    public HChan(int size) {
        this(size, false);
    }

    HChan(int size, boolean timer) {
        this.dataqsiz = size;
        this.buf = size == 0 ? null : new Object[size];
        this.timer = timer;
    }

    // ------------------------------------------------------------------ send

    /**
     * Mirrors chansend. With {@code block == false} never parks and returns false if the
     * send cannot happen now.
     */
    public boolean send(Object v, boolean block) {
        // Go checks for a preemption request in every call's prologue, chansend's too: a
        // loop of sends that never wait (a polling loop, or a buffer with room) never parks
        // nor readies anyone, so this is where it yields when sysmon asks.
        Parking.preemptPoint();
        // Fast path (Go): a non-blocking send on a full open channel fails without the lock.
        // Reading closed before full() is what makes this linearizable (Go's argument): a
        // closed channel never turns from ready to not ready for sending, so the two reads
        // imply a moment when it was both open and full.
        if (!block && !closed && full()) return false;

        lock();
        if (closed) {
            unlock();
            throw sendOnClosed();
        }
        if (deliverLocked(v)) return true;
        if (!block) {
            unlock();
            return false;
        }

        // Park on sendq until a receiver takes the value or close wakes us.
        Sudog me = enqueueAndPark(sendq, v, WaitReason.CHAN_SEND);
        boolean ok = me.success;
        me.elem = null;
        me.c = null;
        if (!ok) throw sendOnClosed();
        return true;
    }

    /**
     * The part of chansend that needs no waiting: hands v straight to a parked receiver
     * (mirrors send()) or puts it in the buffer. Lock held; on success the lock is
     * released and the receiver readied; on failure the lock is still held.
     */
    private boolean deliverLocked(Object v) {
        Sudog sg = recvq.dequeue();
        if (sg != null) {
            Thread t = sendDirect(sg, v);
            unlock();
            Parking.goready(t);
            return true;
        }
        if (qcount < dataqsiz) {
            bufPut(v);
            unlock();
            return true;
        }
        return false;
    }

    /**
     * The blocking tail of chansend and chanrecv: queues the caller's own sudog (carrying
     * elem) on q, drops the channel lock and parks until a partner or close sets the
     * waiter's param. Lock held on entry, not on return.
     */
    private Sudog enqueueAndPark(WaitQueue q, Object elem, WaitReason reason) {
        Waiter w = Waiter.current();
        Sudog me = w.sudog;
        me.elem = elem;
        me.success = false;
        me.isSelect = false;
        me.c = this;
        w.param = null;
        q.enqueue(me);
        unlock();
        boolean interrupted = false;
        while (w.param == null) interrupted |= Parking.gopark(this, reason);
        Parking.restoreInterrupt(interrupted);
        return me;
    }

    /**
     * Mirrors send(): hands v to a parked receiver. Lock held; returns the thread to wake
     * once the caller has unlocked.
     */
    Thread sendDirect(Sudog sg, Object v) {
        sg.elem = v;
        sg.success = true;
        Waiter w = sg.waiter;
        w.param = sg;
        return w.thread;
    }

    void bufPut(Object v) {
        buf[sendx] = v;
        if (++sendx == dataqsiz) sendx = 0;
        QCOUNT.setRelease(this, qcount + 1);
    }

    /**
     * A timer firing (TimerChannels.offer): a non-blocking send that never parks the
     * calling thread, not even on the channel lock, and never throws.
     */
    boolean offer(Object v) {
        if (closed || full()) return false;
        lockNoPark();
        if (closed) {
            unlock();
            return false;
        }
        if (deliverLocked(v)) return true;
        unlock();
        return false;
    }

    // ------------------------------------------------------------------ receive

    /**
     * Mirrors chanrecv: a value, {@code null} if the channel is closed and drained, or
     * (only when {@code block == false}) {@link #NOT_READY}.
     */
    public Object recv(boolean block) {
        Parking.preemptPoint(); // as in send
        if (timer) maybeRunTimer();
        // Fast path (Go): a non-blocking receive on an empty channel answers without the
        // lock. empty() is read before closed; if closed, empty() is checked again, since a
        // value may have been sent just before the close.
        if (!block && empty()) {
            if (!closed) return NOT_READY;
            if (empty()) return null;
        }

        lock();
        if (closed) {
            if (qcount == 0) {
                unlock();
                return null;
            }
            // closed but buffered values remain: fall through to the buffer
        } else {
            Sudog sg = sendq.dequeue();
            if (sg != null) {
                Object v = recvDirect(sg);
                Thread t = sg.waiter.thread;
                unlock();
                Parking.goready(t);
                return v;
            }
        }
        if (qcount > 0) {
            Object v = bufTake();
            unlock();
            return v;
        }
        if (!block) {
            unlock();
            return NOT_READY;
        }

        // Park on recvq until a sender hands us a value or close wakes us.
        Sudog me = enqueueAndPark(recvq, null, WaitReason.CHAN_RECEIVE);
        Object v = me.elem; // null when woken by close
        me.elem = null;
        me.c = null;
        return v;
    }

    /**
     * Mirrors recv(): takes a value given a parked sender sg. Unbuffered: the sender's own
     * value. Buffered (then the buffer is full): the head of the buffer, and the sender's
     * value goes to the tail. Publishes the wake-up; the caller unlocks and readies
     * {@code sg.waiter.thread}.
     */
    Object recvDirect(Sudog sg) {
        Object v;
        if (dataqsiz == 0) {
            v = sg.elem;
        } else {
            v = buf[recvx];
            buf[recvx] = sg.elem;
            if (++recvx == dataqsiz) recvx = 0;
            sendx = recvx;
        }
        sg.elem = null;
        sg.success = true;
        sg.waiter.param = sg;
        return v;
    }

    Object bufTake() {
        Object v = buf[recvx];
        buf[recvx] = null;
        if (++recvx == dataqsiz) recvx = 0;
        QCOUNT.setRelease(this, qcount - 1);
        return v;
    }

    // ------------------------------------------------------------------ close

    /** Mirrors closechan. */
    public void close() {
        lock();
        if (closed) {
            unlock();
            throw new IllegalStateException("close of closed channel");
        }
        closed = true;
        Sudog wake = null;
        for (Sudog sg; (sg = recvq.dequeue()) != null; ) {
            sg.elem = null;
            sg.success = false;
            sg.wakeLink = wake;
            wake = sg;
        }
        for (Sudog sg; (sg = sendq.dequeue()) != null; ) {
            sg.elem = null;
            sg.success = false;
            sg.wakeLink = wake;
            wake = sg;
        }
        unlock();
        // Publish each wake-up only now: until param is set the waiter cannot reuse its
        // sudog, so the wakeLink chain stays intact while we walk it.
        while (wake != null) {
            Sudog next = wake.wakeLink;
            wake.wakeLink = null;
            Waiter w = wake.waiter;
            Thread t = w.thread;
            w.param = wake;
            Parking.goready(t);
            wake = next;
        }
    }

    // ------------------------------------------------------------------ views

    /** chanrecv's and selectgo's {@code c.timer.maybeRunChan()}: a due timer sends now. */
    void maybeRunTimer() {
        RuntimeTimer t = runtimeTimer;
        if (t != null) t.maybeRunChan();
    }

    /** Mirrors chanlen: timer channels report 0 (Go 1.23 synchronous timer channels). */
    public int len() {
        return timer ? 0 : (int) QCOUNT.getAcquire(this);
    }

    /** Mirrors chancap. */
    public int cap() {
        return timer ? 0 : dataqsiz;
    }

    /** The channel's lock-order key for select (Go sorts by the hchan's address). */
    public long id() {
        return id;
    }

    public boolean isClosed() {
        return closed;
    }

    /** Mirrors full(): a send would block now. Read without the lock. */
    private boolean full() {
        if (dataqsiz == 0) return recvq.isEmptyRacy();
        return (int) QCOUNT.getAcquire(this) == dataqsiz;
    }

    /** Mirrors empty(): a receive would block now. Read without the lock. */
    private boolean empty() {
        if (dataqsiz == 0) return sendq.isEmptyRacy();
        return (int) QCOUNT.getAcquire(this) == 0;
    }

    /** Discards any buffered value (timer stop/reset); true if there was one. */
    boolean drain() {
        if ((int) QCOUNT.getAcquire(this) == 0) return false;
        lockNoPark();
        boolean any = qcount > 0;
        while (qcount > 0) bufTake();
        unlock();
        return any;
    }

    static IllegalStateException sendOnClosed() {
        return new IllegalStateException("send on closed channel");
    }
}
