package dev.go4j;

import dev.go4j.internal.chan.HChan;
import dev.go4j.internal.chan.Selector;

import java.util.Objects;
import java.util.function.Consumer;

/**
 * Go's {@code select} statement.
 *
 * <pre>{@code
 * Select.select(                                  // select {
 *     Select.recv(in, v -> handle(v)),            // case v := <-in: handle(v)
 *     Select.send(out, x, () -> sent++),          // case out <- x: sent++
 *     Select.otherwise(() -> idle()));            // default: idle()
 * }</pre>
 *
 * When several cases are ready one is picked uniformly at random. A {@code null} channel
 * is Go's nil channel: its case is never ready. The algorithm is in {@link Selector}.
 */
public final class Select {
    private Select() {}

    /**
     * Waits until one case can proceed, runs its handler and returns its index. With an
     * {@link #otherwise} case it does not wait. With no cases it blocks forever.
     *
     * @throws NullPointerException     if cases or a case is null
     * @throws IllegalArgumentException if there is more than one otherwise case
     * @throws IllegalStateException    {@code send on closed channel} if the chosen send
     *                                  case's channel is closed
     */
    @SuppressWarnings("unchecked")
    public static int select(Case... cases) {
        Objects.requireNonNull(cases, "cases");
        int n = cases.length;
        HChan[] cs = new HChan[n];
        boolean[] isSend = new boolean[n];
        Object[] vals = new Object[n];
        int dflt = -1;
        for (int i = 0; i < n; i++) {
            Case c = cases[i];
            if (c == null) throw new NullPointerException("case " + i + " is null");
            switch (c.kind) {
                case Case.DEFAULT -> {
                    if (dflt >= 0) {
                        throw new IllegalArgumentException("multiple otherwise cases in select: " + dflt + " and " + i);
                    }
                    dflt = i;
                }
                case Case.SEND -> {
                    isSend[i] = true;
                    vals[i] = c.value;
                    if (c.ch != null) cs[i] = c.ch.h;
                }
                default -> {
                    if (c.ch != null) cs[i] = c.ch.h;
                }
            }
        }
        int chosen = Selector.selectgo(cs, isSend, vals, dflt < 0);
        if (chosen < 0) chosen = dflt;
        Case c = cases[chosen];
        if (c.kind == Case.RECV) {
            if (c.onRecv != null) c.onRecv.accept(vals[chosen]);
        } else if (c.onDone != null) {
            c.onDone.run();
        }
        return chosen;
    }

    /** A receive case; {@code then} gets the value, or {@code null} if the channel is closed. */
    @SuppressWarnings("unchecked")
    public static <T> Case recv(Receiver<T> ch, Consumer<? super T> then) {
        Objects.requireNonNull(then, "then");
        return new Case(Case.RECV, chan(ch), null, (Consumer<Object>) then, null);
    }

    /** A receive case that discards the value. */
    public static <T> Case recv(Receiver<T> ch) {
        return new Case(Case.RECV, chan(ch), null, null, null);
    }

    /** A send case; {@code then} runs after the value is sent. */
    public static <T> Case send(Sender<T> ch, T value, Runnable then) {
        Objects.requireNonNull(then, "then");
        return sendCase(ch, value, then);
    }

    /** A send case without a handler. */
    public static <T> Case send(Sender<T> ch, T value) {
        return sendCase(ch, value, null);
    }

    /** Go's {@code default}: makes the select non-blocking. */
    public static Case otherwise(Runnable then) {
        Objects.requireNonNull(then, "then");
        return new Case(Case.DEFAULT, null, null, null, then);
    }

    private static <T> Case sendCase(Sender<T> ch, T value, Runnable then) {
        Objects.requireNonNull(value, "send of null: null is never a channel element");
        return new Case(Case.SEND, chan(ch), value, null, then);
    }

    private static Chan<?> chan(Object ch) {
        if (ch == null || ch instanceof Chan<?>) return (Chan<?>) ch;
        throw new IllegalArgumentException("not a go4j channel: " + ch.getClass().getName());
    }
}
