package dev.go4j;

/**
 * What {@link Select#of} returns when a send case fired: Go's {@code case ch <- v:}.
 *
 * <pre>{@code
 * switch (Select.of(send(out, x), recv(quit))) {
 *     case Sent<?> s -> count++;          // x went out
 *     case Received<?> r -> { return; }   // quit
 *     default -> { }
 * }
 * }</pre>
 *
 * @param <T>   the element type
 * @param ch    the channel sent on, exactly the object given to the send case
 * @param value the value that was sent
 */
public record Sent<T>(Sender<T> ch, T value) implements Selected {
    /**
     * Whether the value went to {@code c} (identity: the very channel object given to the
     * case).
     *
     * @param c a channel
     * @return true if {@code c} is the channel this value was sent on
     */
    public boolean to(Sender<?> c) {
        return ch == c;
    }
}
