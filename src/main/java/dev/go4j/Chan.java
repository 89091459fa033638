package dev.go4j;

import dev.go4j.internal.chan.ChanAccess;
import dev.go4j.internal.chan.HChan;

import java.util.Objects;

/**
 * A channel: Go's {@code chan T}. Works from goroutines (a blocked goroutine parks, its
 * thread runs other goroutines) and from plain Java threads (they simply block).
 *
 * <pre>{@code
 * var ch = Chan.<String>make();        // ch := make(chan string)
 * go(() -> ch.send("hi"));             // go func() { ch <- "hi" }()
 * String s = ch.recv();                // s := <-ch
 * }</pre>
 *
 * Null is never an element: {@code send(null)} throws, and {@code null} from a receive
 * means the channel is closed and drained (Go's zero value). The algorithm is in
 * {@link HChan}.
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

    final HChan h;
    /** h.id(), kept here for select's lock order: this object's cache line is never written. */
    final long id;

    private Chan(HChan h) {
        this.h = h;
        this.id = h.id();
    }

    /**
     * An unbuffered channel: {@code make(chan T)}.
     *
     * @param <T> the element type
     * @return a new channel with no buffer
     */
    public static <T> Chan<T> make() {
        return new Chan<>(new HChan(0));
    }

    /**
     * A channel with a buffer of {@code capacity}: {@code make(chan T, capacity)}.
     *
     * @param <T> the element type
     * @param capacity the buffer size; 0 is unbuffered
     * @return a new channel
     * @throws IllegalArgumentException if capacity is negative
     */
    public static <T> Chan<T> make(int capacity) {
        if (capacity < 0) throw new IllegalArgumentException("makechan: size out of range: " + capacity);
        return new Chan<>(new HChan(capacity));
    }

    @Override
    public void send(T v) {
        Objects.requireNonNull(v, "send of null: null is never a channel element");
        h.send(v, true);
    }

    @Override
    public boolean trySend(T v) {
        Objects.requireNonNull(v, "send of null: null is never a channel element");
        return h.send(v, false);
    }

    @SuppressWarnings("unchecked")
    @Override
    public T recv() {
        return (T) h.recv(true);
    }

    @SuppressWarnings("unchecked")
    @Override
    public T tryRecv() {
        Object v = h.recv(false);
        return v == HChan.NOT_READY ? null : (T) v;
    }

    @Override
    public void close() {
        h.close();
    }

    @Override
    public int len() {
        return h.len();
    }

    @Override
    public int cap() {
        return h.cap();
    }

    @Override
    public String toString() {
        return "Chan[len=" + len() + ", cap=" + cap() + (h.isClosed() ? ", closed]" : "]");
    }
}
