package dev.go4j;

/**
 * The one value of an element type that carries no information: Go's {@code struct{}}, for
 * signal channels ({@code chan struct{}}).
 *
 * <pre>{@code
 * var done = Chan.<Unit>make();        // done := make(chan struct{})
 * go(() -> { work(); done.send(UNIT); }); // done <- struct{}{}
 * done.recv();                         // <-done
 *
 * var sem = Chan.<Unit>make(3);        // sem := make(chan struct{}, 3)
 * sem.send(UNIT);                      // sem <- struct{}{}
 * sem.recv();                          // <-sem
 * }</pre>
 *
 * A channel that is only ever closed (a broadcast: "stop", "done") can use the same type:
 * receivers get {@code null} once it is closed, as from any closed channel.
 * {@code Chan<Void>} cannot carry a value at all, since {@code null} is never a channel
 * element; use {@code Chan<Unit>} instead. Go4j's own signal channels
 * ({@code Context.done()}) are {@code Receiver<Unit>}.
 */
public enum Unit {
    /** The unit value: Go's {@code struct{}{}}. */
    UNIT;

    @Override
    public String toString() { return "{}"; }
}
