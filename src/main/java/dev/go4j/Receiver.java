package dev.go4j;

import java.util.Iterator;
import java.util.NoSuchElementException;

/**
 * The receiving side of a channel: Go's {@code <-chan T}. {@code for (T v : ch)} is Go's
 * {@code for v := range ch}: it ends when the channel is closed and drained.
 *
 * @param <T> the element type
 */
public interface Receiver<T> extends Iterable<T> {
    /**
     * Blocks until a value arrives; returns {@code null} once the channel is closed and drained.
     *
     * @return the value, or {@code null} when the channel is closed and drained
     */
    T recv();

    /**
     * A value if one is ready now, else {@code null} (also when closed and drained).
     *
     * @return the value, or {@code null}
     */
    T tryRecv();

    /**
     * The number of buffered values.
     *
     * @return how many values wait in the buffer
     */
    int len();

    /**
     * The buffer capacity.
     *
     * @return the capacity; 0 for an unbuffered channel
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
