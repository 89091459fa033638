package dev.go4j;

import dev.go4j.internal.chan.HChan;
import dev.go4j.internal.chan.SelectFrame;
import dev.go4j.internal.chan.Selector;

import java.util.Objects;
import java.util.function.Consumer;

/**
 * Go's {@code select} statement.
 *
 * <pre>
 * Select.select(                                  // select {
 *     Select.recv(in, v -&gt; handle(v)),            // case v := &lt;-in: handle(v)
 *     Select.send(out, x, () -&gt; sent++),          // case out &lt;- x: sent++
 *     Select.otherwise(() -&gt; idle()));            // default: idle()
 *                                                 // }
 * </pre>
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
     * @param cases the cases; a {@code null} channel in a case is never ready
     * @return the index of the case that ran
     * @throws NullPointerException     if cases or a case is null
     * @throws IllegalArgumentException if there is more than one otherwise case
     * @throws IllegalStateException    {@code send on closed channel} if the chosen send
     *                                  case's channel is closed
     */
    @SuppressWarnings("unchecked")
    public static int select(Case... cases) {
        Objects.requireNonNull(cases, "cases");
        int n = cases.length;
        int dflt = -1;
        for (int i = 0; i < n; i++) {
            Case c = cases[i];
            if (c == null) throw new NullPointerException("case " + i + " is null");
            if (c.kind == Case.DEFAULT) {
                if (dflt >= 0) {
                    throw new IllegalArgumentException("multiple otherwise cases in select: " + dflt + " and " + i);
                }
                dflt = i;
            }
        }
        // Go's compiler turns a one-case select into a plain channel operation and a
        // one-case select with default into selectnbsend/selectnbrecv (walkSelectCases):
        // the lock-free fast paths, no select machinery.
        if (n == 1 && cases[0].ch != null) {
            Case c = cases[0];
            if (c.kind == Case.SEND) {
                c.ch.h.send(c.value, true);
                if (c.onDone != null) c.onDone.run();
            } else {
                Object v = c.ch.h.recv(true);
                if (c.onRecv != null) c.onRecv.accept(v);
            }
            return 0;
        }
        if (n == 2 && dflt >= 0 && cases[1 - dflt].ch != null) {
            int k = 1 - dflt;
            Case c = cases[k];
            if (c.kind == Case.SEND) {
                if (c.ch.h.send(c.value, false)) {
                    if (c.onDone != null) c.onDone.run();
                    return k;
                }
            } else {
                Object v = c.ch.h.recv(false);
                if (v != HChan.NOT_READY) {
                    if (c.onRecv != null) c.onRecv.accept(v);
                    return k;
                }
            }
            cases[dflt].onDone.run();
            return dflt;
        }
        SelectFrame f = Selector.frame(n);
        HChan[] cs = f.cs;
        boolean[] isSend = f.isSend;
        Object[] vals = f.vals;
        long[] ids = f.ids;
        for (int i = 0; i < n; i++) {
            Case c = cases[i];
            Chan<?> ch = c.ch;
            if (ch != null) { // a default case has no channel
                cs[i] = ch.h;
                ids[i] = ch.id;
            } else {
                cs[i] = null;
            }
            isSend[i] = c.kind == Case.SEND;
            vals[i] = c.value;
        }
        int chosen;
        Object received;
        try {
            chosen = Selector.selectgo(f, n, dflt < 0);
            received = chosen < 0 ? null : vals[chosen];
        } finally {
            f.clear(n); // the handler may select again with the same frame
        }
        if (chosen < 0) chosen = dflt;
        Case c = cases[chosen];
        if (c.kind == Case.RECV) {
            if (c.onRecv != null) c.onRecv.accept(received);
        } else if (c.onDone != null) {
            c.onDone.run();
        }
        return chosen;
    }

    /**
     * A receive case; {@code then} gets the value, or {@code null} if the channel is closed.
     *
     * @param <T> the element type
     * @param ch the channel; {@code null} is a nil channel
     * @param then gets the received value
     * @return the case
     */
    @SuppressWarnings("unchecked")
    public static <T> Case recv(Receiver<T> ch, Consumer<? super T> then) {
        Objects.requireNonNull(then, "then");
        return new Case(Case.RECV, chan(ch), null, (Consumer<Object>) then, null);
    }

    /**
     * A receive case that discards the value.
     *
     * @param <T> the element type
     * @param ch the channel; {@code null} is a nil channel
     * @return the case
     */
    public static <T> Case recv(Receiver<T> ch) {
        return new Case(Case.RECV, chan(ch), null, null, null);
    }

    /**
     * A send case; {@code then} runs after the value is sent.
     *
     * @param <T> the element type
     * @param ch the channel; {@code null} is a nil channel
     * @param value the value to send (not {@code null})
     * @param then runs after the send
     * @return the case
     */
    public static <T> Case send(Sender<T> ch, T value, Runnable then) {
        Objects.requireNonNull(then, "then");
        return sendCase(ch, value, then);
    }

    /**
     * A send case without a handler.
     *
     * @param <T> the element type
     * @param ch the channel; {@code null} is a nil channel
     * @param value the value to send (not {@code null})
     * @return the case
     */
    public static <T> Case send(Sender<T> ch, T value) {
        return sendCase(ch, value, null);
    }

    /**
     * Go's {@code default}: makes the select non-blocking.
     *
     * @param then runs when no other case is ready
     * @return the case
     */
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
