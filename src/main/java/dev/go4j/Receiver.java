package dev.go4j;

import java.util.Iterator;
import java.util.NoSuchElementException;

/**
 * The receiving side of a channel: Go's {@code <-chan T}. {@code for (T v : ch)} is Go's
 * {@code for v := range ch}: it ends when the channel is closed and drained.
 *
 * <p>What a receive gives on a closed channel: Go gives the zero value, go4j gives
 * {@code null} ({@code null} is never a channel element, so it cannot be mistaken for one).
 * Unboxing it ({@code int v = ch.recv();}) throws {@code NullPointerException}; when the
 * channel may be closed, use {@link #recvOk()} (Go's {@code v, ok := <-ch}) or test for
 * {@code null}.
 *
 * @param <T> the element type
 */
public interface Receiver<T> extends Iterable<T> {
    /**
     * Blocks until a value arrives (Go's {@code v := <-ch}).
     *
     * @return the value, or {@code null} once the channel is closed and drained
     */
    T recv();

    /**
     * Receives without blocking (Go's {@code select} with a receive case and a
     * {@code default}).
     *
     * @return a value if one is ready now, else {@code null}, which also means closed and
     *         drained: use {@link #tryRecvOk()} to tell the two apart
     */
    T tryRecv();

    /**
     * Blocks until a value arrives or the channel is closed and drained: Go's
     * {@code v, ok := <-ch}.
     *
     * <pre>{@code
     * var r = ch.recvOk();          // v, ok := <-ch
     * if (!r.ok()) return;          // if !ok { return }
     * use(r.value());
     * }</pre>
     *
     * @return the value with {@code ok == true}, or {@code ok == false} (and a {@code null}
     *         value) if the channel is closed and drained
     */
    default Received<T> recvOk() {
        T v = recv();
        return new Received<>(this, v, v != null);
    }

    /**
     * Receives without blocking, telling "nothing ready" from "closed": Go's
     * {@code select { case v, ok := <-ch: ...; default: ... }}.
     *
     * @return {@code null} if no value is ready and the channel is open; otherwise the
     *         value with {@code ok == true}, or {@code ok == false} if the channel is closed
     *         and drained
     */
    Received<T> tryRecvOk();

    /**
     * The number of buffered values: Go's {@code len(ch)}.
     *
     * @return the number of values in the buffer now
     */
    int len();

    /**
     * The buffer capacity: Go's {@code cap(ch)}.
     *
     * @return the capacity (0 for an unbuffered or nil channel)
     */
    int cap();

    /** Receives until the channel is closed and drained. */
    @Override
    default Iterator<T> iterator() {
        return new Iterator<>() {
            private T next;
            private boolean done;

            @Override
            public boolean hasNext() {
                if (next != null) return true;
                if (done) return false;
                next = recv();
                if (next == null) done = true;
                return next != null;
            }

            @Override
            public T next() {
                if (!hasNext()) throw new NoSuchElementException("channel closed");
                T v = next;
                next = null;
                return v;
            }
        };
    }
}
