package dev.go4j;

import java.util.Objects;

/**
 * The outcome of a receive: Go's {@code v, ok := <-ch}. Returned by
 * {@link Receiver#recvOk()} and {@link Receiver#tryRecvOk()}, and by {@link Select#of} when a
 * receive case fired.
 *
 * <p>{@code ok} is true if {@code value} was sent on the channel, false if the channel is
 * closed and drained; then {@code value} is {@code null} (Go's zero value). Since
 * {@code null} is never a channel element, {@code ok == (value != null)}.
 *
 * <p>In a {@code switch} over {@link Select#of}, match the channel that fired with a guard,
 * and get its value with its own type through {@link #value(Receiver)}:
 *
 * <pre>{@code
 * switch (Select.of(recv(jobs), recv(quit))) {
 *     case Received<?> r when r.from(jobs) -> process(r.value(jobs)); // typed as jobs' T
 *     case Received<?> r -> { return; }                                // quit
 * }
 * }</pre>
 *
 * or deconstruct it: {@code case Received(var c, var v, var ok) when c == jobs && !ok -> ...}.
 *
 * @param <T>   the element type
 * @param ch    the channel received from, exactly the object given to the receive case
 * @param value the value received, or {@code null} if {@code ok} is false
 * @param ok    false if the channel is closed and drained
 */
public record Received<T>(Receiver<T> ch, T value, boolean ok) implements Selected {
    /**
     * Whether this value came from {@code c} (identity: the very channel object given to the
     * case).
     *
     * @param c a channel
     * @return true if {@code c} is the channel this value was received from
     */
    public boolean from(Receiver<?> c) {
        return ch == c;
    }

    /**
     * This receive's value, typed as the element type of {@code c}: the type-checked way to
     * use the value of a {@code Received<?>} from {@link Select#of}.
     *
     * @param c   the channel this value was received from
     * @param <U> the element type of {@code c}
     * @return the value, or {@code null} if the channel is closed ({@code ok} is false)
     * @throws IllegalArgumentException if the value came from another channel
     */
    @SuppressWarnings("unchecked")
    public <U> U value(Receiver<U> c) {
        if (ch != c) {
            throw new IllegalArgumentException("received from " + ch + ", not from " + c);
        }
        return (U) value;
    }

    /**
     * The value, or {@code orElse} if the channel is closed and drained: Go's zero value made
     * explicit ({@code v := <-ch} on a closed {@code chan int} gives 0).
     *
     * @param orElse the value to use when {@code ok} is false
     * @return {@code value} if {@code ok}, else {@code orElse}
     */
    public T valueOr(T orElse) {
        return ok ? value : orElse;
    }

    @Override
    public String toString() {
        return "Received[" + (ok ? Objects.toString(value) : "closed") + " from " + ch + "]";
    }
}
