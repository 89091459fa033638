package dev.go4j;

/**
 * The sending side of a channel: Go's {@code chan<- T}. Null is never a value.
 *
 * @param <T> the element type
 */
public interface Sender<T> {
    /**
     * Sends v, blocking until a receiver takes it (unbuffered) or there is buffer room.
     *
     * @param v the value (not {@code null})
     * @throws NullPointerException  if v is null
     * @throws IllegalStateException {@code send on closed channel}, also when the channel
     *                               is closed while the sender waits
     */
    void send(T v);

    /**
     * Sends v only if that can happen now without blocking.
     *
     * @param v the value (not {@code null})
     * @return false if the send would block
     * @throws NullPointerException  if v is null
     * @throws IllegalStateException {@code send on closed channel}
     */
    boolean trySend(T v);

    /**
     * Closes the channel: every waiting receiver gets {@code null}, every waiting sender
     * throws.
     *
     * @throws IllegalStateException {@code close of closed channel}
     */
    void close();

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
}
