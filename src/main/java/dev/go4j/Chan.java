package dev.go4j;

import dev.go4j.internal.chan.ChanAccess;
import dev.go4j.internal.chan.HChan;
import dev.go4j.internal.chan.NilChan;

import java.util.Objects;

/**
 * A channel: Go's {@code chan T}. Works from goroutines (a blocked goroutine parks, its
 * thread runs other goroutines) and from plain Java threads (they simply block).
 *
 * <pre>{@code
 * var ch = Chan.<String>make();        // ch := make(chan string)
 * go(() -> ch.send("hi"));             // go func() { ch <- "hi" }()
 * String s = ch.recv();                // s := <-ch
 * var r = ch.recvOk();                 // s, ok := <-ch
 * }</pre>
 *
 * Null is never an element: {@code send(null)} throws, and {@code null} from a receive
 * means the channel is closed and drained (Go's zero value); {@link #recvOk()} says so as
 * Go's {@code ok}. {@link #nil()} is Go's nil channel. The algorithm is in {@link HChan}.
 *
 * @param <T> the element type
 */
public final class Chan<T> implements Sender<T>, Receiver<T> {
    static {
        ChanAccess.install(new ChanAccess.Bridge() {
            @Override
            public <U> Chan<U> wrap(HChan h) { return new Chan<>(h); }

            @Override
            public HChan unwrap(Chan<?> c) { return c.h; }
        });
    }

    /** Go's nil channel: the one Chan without an HChan. */
    private static final Chan<?> NIL = new Chan<>(null);

    /** The channel; null only for {@link #NIL}. */
    final HChan h;
    /** h.id(), kept here for select's lock order: this object's cache line is never written. */
    final long id;

    private Chan(HChan h) {
        this.h = h;
        this.id = h == null ? 0 : h.id();
    }

    /**
     * An unbuffered channel: {@code make(chan T)}.
     *
     * @param <T> the element type
     * @return a new channel
     */
    public static <T> Chan<T> make() {
        return new Chan<>(new HChan(0));
    }

    /**
     * A channel with a buffer of {@code capacity}: {@code make(chan T, capacity)}.
     *
     * @param capacity the number of values the channel buffers
     * @param <T>      the element type
     * @return a new channel
     * @throws IllegalArgumentException if capacity is negative
     */
    public static <T> Chan<T> make(int capacity) {
        if (capacity < 0) throw new IllegalArgumentException("makechan: size out of range: " + capacity);
        return new Chan<>(new HChan(capacity));
    }

    /**
     * Go's nil channel ({@code var c chan T}): a send or receive on it blocks forever (a
     * goroutine shows as {@code [chan send (nil chan)]} or {@code [chan receive (nil chan)]}
     * in dumps and counts as asleep for deadlock detection); {@code trySend} returns false,
     * {@code tryRecv} returns {@code null}, {@code len} and {@code cap} are 0, and
     * {@code close} throws {@code close of nil channel}. In a select its case is never
     * ready, which is what makes it useful: set a channel variable to {@code Chan.nil()}
     * to switch its case off. There is one nil channel ({@code Chan.nil() == Chan.nil()}),
     * and it is what go4j returns where Go returns a nil channel
     * ({@code Context.background().done()}, {@code Time.tick(0)}). A {@code null} channel in a
     * select case means the same.
     *
     * @param <T> the element type
     * @return the nil channel
     */
    @SuppressWarnings("unchecked")
    public static <T> Chan<T> nil() {
        return (Chan<T>) NIL;
    }

    @Override
    public void send(T v) {
        Objects.requireNonNull(v, "send of null: null is never a channel element");
        HChan h = this.h;
        if (h == null) NilChan.sendForever();
        h.send(v, true);
    }

    @Override
    public boolean trySend(T v) {
        Objects.requireNonNull(v, "send of null: null is never a channel element");
        HChan h = this.h;
        return h != null && h.send(v, false);
    }

    @SuppressWarnings("unchecked")
    @Override
    public T recv() {
        HChan h = this.h;
        if (h == null) NilChan.recvForever();
        return (T) h.recv(true);
    }

    @SuppressWarnings("unchecked")
    @Override
    public T tryRecv() {
        HChan h = this.h;
        if (h == null) return null;
        Object v = h.recv(false);
        return v == HChan.NOT_READY ? null : (T) v;
    }

    @SuppressWarnings("unchecked")
    @Override
    public Received<T> tryRecvOk() {
        HChan h = this.h;
        if (h == null) return null;
        Object v = h.recv(false);
        return v == HChan.NOT_READY ? null : new Received<>(this, (T) v, v != null);
    }

    @Override
    public void close() {
        HChan h = this.h;
        if (h == null) throw new IllegalStateException("close of nil channel");
        h.close();
    }

    @Override
    public int len() {
        HChan h = this.h;
        return h == null ? 0 : h.len();
    }

    @Override
    public int cap() {
        HChan h = this.h;
        return h == null ? 0 : h.cap();
    }

    @Override
    public String toString() {
        if (h == null) return "Chan[nil]";
        return "Chan[len=" + len() + ", cap=" + cap() + (h.isClosed() ? ", closed]" : "]");
    }
}
