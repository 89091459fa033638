package dev.go4j;

import dev.go4j.internal.chan.HChan;
import dev.go4j.internal.chan.NilChan;
import dev.go4j.internal.chan.SelectFrame;
import dev.go4j.internal.chan.Selector;

import java.util.Objects;
import java.util.function.BiConsumer;
import java.util.function.Consumer;

/**
 * Go's {@code select} statement, in two forms.
 *
 * <p>As a statement: {@link #of} waits like {@code select} and returns the case that fired
 * as a {@link Selected} ({@link Received}, {@link Sent} or {@link Otherwise}), for a
 * {@code switch} whose branches are plain Java code, so {@code break}, {@code continue},
 * {@code return} and assignments to locals work as in Go:
 *
 * <pre>{@code
 * import static dev.go4j.Select.*;
 *
 * for (;;) {
 *     switch (Select.of(recv(in), send(out, x), otherwise())) { // select
 *         case Received<?> r when !r.ok() -> { return; }          // case v, ok := <-in: if !ok { return }
 *         case Received<?> r -> x = r.value(in);                   //     x = v
 *         case Sent<?> s -> sent++;                                 // case out <- x: sent++
 *         case Otherwise o -> idle();                               // default: idle()
 *     }
 * }
 * }</pre>
 *
 * <p>With handlers: {@link #select} runs the chosen case's lambda and returns its index.
 *
 * <pre>{@code
 * Select.select(                                  // select {
 *     Select.recv(in, v -> handle(v)),            // case v := <-in: handle(v)
 *     Select.send(out, x, () -> sent++),          // case out <- x: sent++
 *     Select.otherwise(() -> idle()));            // default: idle()
 *                                                 // }
 * }</pre>
 *
 * <p>When several cases are ready one is picked uniformly at random. A {@code null}
 * channel or {@link Chan#nil()} is Go's nil channel: its case is never ready. The
 * algorithm is in {@link Selector}; a select allocates nothing in it.
 */
public final class Select {
    private Select() {}

    /**
     * Waits until one case can proceed, runs its handler and returns its index. With an
     * {@link #otherwise} case it does not wait. With no cases it blocks forever.
     *
     * @param cases the cases, made by {@link #recv}, {@link #recvOk}, {@link #send} and
     *              {@link #otherwise}
     * @return the index of the case that ran
     * @throws NullPointerException     if cases or a case is null
     * @throws IllegalArgumentException if there is more than one otherwise case
     * @throws IllegalStateException    {@code send on closed channel} if the chosen send
     *                                  case's channel is closed
     */
    public static int select(Case... cases) {
        int dflt = check(cases);
        int n = cases.length;
        // Go's compiler turns a one-case select into a plain channel operation and a
        // one-case select with default into selectnbsend/selectnbrecv (walkSelectCases):
        // the lock-free fast paths, no select machinery.
        if (n == 1 && dflt < 0) {
            Case c = cases[0];
            if (c.kind == Case.SEND) {
                send1(c);
                if (c.onDone != null) c.onDone.run();
            } else {
                handleRecv(c, recv1(c));
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
                    handleRecv(c, v);
                    return k;
                }
            }
            Runnable then = cases[dflt].onDone; // null for otherwise() without a handler
            if (then != null) then.run();
            return dflt;
        }
        SelectFrame f = fill(cases, n);
        int chosen;
        Object received;
        try {
            chosen = Selector.selectgo(f, n, dflt < 0);
            received = chosen < 0 ? null : f.vals[chosen];
        } finally {
            f.clear(n); // the handler may select again with the same frame
        }
        if (chosen < 0) chosen = dflt;
        Case c = cases[chosen];
        if (c.kind == Case.RECV) {
            handleRecv(c, received);
        } else if (c.onDone != null) {
            c.onDone.run();
        }
        return chosen;
    }

    /**
     * Go's {@code select} as a statement: waits until one case can proceed and returns what
     * it did, for a {@code switch} (see {@link Selected}). A case's handler, if it was made
     * with one, runs first. With an {@link #otherwise()} case it does not wait; with no
     * cases it blocks forever.
     *
     * <pre>{@code
     * switch (Select.of(recv(jobs), send(results, r), otherwise())) {
     *     case Received<?> j when j.ok() -> process(j.value(jobs));
     *     case Received<?> j -> { return; }            // jobs closed
     *     case Sent<?> s -> r = next();
     *     case Otherwise o -> { }
     * }
     * }</pre>
     *
     * @param cases the cases, made by {@link #recv}, {@link #send} and {@link #otherwise}
     * @return a {@link Received} whose {@code ch} is the receive case's channel (the same
     *         object), a {@link Sent}, or {@link Otherwise#OTHERWISE}
     * @throws NullPointerException     if cases or a case is null
     * @throws IllegalArgumentException if there is more than one otherwise case
     * @throws IllegalStateException    {@code send on closed channel} if the chosen send
     *                                  case's channel is closed
     */
    public static Selected of(Case... cases) {
        int dflt = check(cases);
        int n = cases.length;
        // The same fast paths as select (Go's walkSelectCases).
        if (n == 1 && dflt < 0) {
            Case c = cases[0];
            if (c.kind == Case.SEND) {
                send1(c);
                return sent(c);
            }
            return received(c, recv1(c));
        }
        if (n == 2 && dflt >= 0 && cases[1 - dflt].ch != null) {
            Case c = cases[1 - dflt];
            if (c.kind == Case.SEND) {
                if (c.ch.h.send(c.value, false)) return sent(c);
            } else {
                Object v = c.ch.h.recv(false);
                if (v != HChan.NOT_READY) return received(c, v);
            }
            return otherwise(cases[dflt]);
        }
        SelectFrame f = fill(cases, n);
        int chosen;
        Object received;
        try {
            chosen = Selector.selectgo(f, n, dflt < 0);
            received = chosen < 0 ? null : f.vals[chosen];
        } finally {
            f.clear(n); // a handler may select again with the same frame
        }
        if (chosen < 0) return otherwise(cases[dflt]);
        Case c = cases[chosen];
        return c.kind == Case.RECV ? received(c, received) : sent(c);
    }

    /**
     * {@link #of(Case...)} over receive cases only: the result is always a
     * {@link Received}, so a {@code switch} needs no other branches.
     *
     * <pre>{@code
     * var timeout = Time.after(Duration.ofSeconds(1));
     * for (;;) {
     *     switch (Select.of(recv(results), recv(timeout))) {
     *         case Received<?> r when r.from(results) -> System.out.println(r.value(results));
     *         case Received<?> r -> { System.out.println("timed out"); return; }
     *     }
     * }
     * }</pre>
     *
     * @param cases receive cases, made by {@link #recv}
     * @return the receive that fired: its channel (the same object as in the case), the
     *         value, and {@code ok == false} if that channel is closed and drained
     * @throws NullPointerException if cases or a case is null
     */
    public static Received<?> of(Case.Recv... cases) {
        return (Received<?>) of((Case[]) cases);
    }

    /**
     * A receive case; {@code then} gets the value, or {@code null} if the channel is closed.
     *
     * @param ch   the channel; {@code null} or {@link Chan#nil()} is a nil channel (never ready)
     * @param then runs with the value received
     * @param <T>  the element type
     * @return the case
     */
    @SuppressWarnings("unchecked")
    public static <T> Case.Recv recv(Receiver<T> ch, Consumer<? super T> then) {
        Objects.requireNonNull(then, "then");
        return new Case.Recv(chan(ch), (Consumer<Object>) then);
    }

    /**
     * A receive case without a handler: for {@link #of}, or to discard the value.
     *
     * @param ch  the channel; {@code null} or {@link Chan#nil()} is a nil channel (never ready)
     * @param <T> the element type
     * @return the case
     */
    public static <T> Case.Recv recv(Receiver<T> ch) {
        return new Case.Recv(chan(ch), null);
    }

    /**
     * A receive case whose handler also gets Go's {@code ok}: {@code case v, ok := <-ch:}.
     * {@code ok} is false (and {@code v} is {@code null}) if the channel is closed and
     * drained.
     *
     * @param ch   the channel; {@code null} or {@link Chan#nil()} is a nil channel (never ready)
     * @param then runs with the value received and {@code ok}
     * @param <T>  the element type
     * @return the case
     */
    @SuppressWarnings("unchecked")
    public static <T> Case.Recv recvOk(Receiver<T> ch, BiConsumer<? super T, Boolean> then) {
        Objects.requireNonNull(then, "then");
        BiConsumer<Object, Boolean> h = (BiConsumer<Object, Boolean>) then;
        return new Case.Recv(chan(ch), v -> h.accept(v, v != null));
    }

    /**
     * A send case; {@code then} runs after the value is sent.
     *
     * @param ch    the channel; {@code null} or {@link Chan#nil()} is a nil channel (never ready)
     * @param value the value to send
     * @param then  runs once the value is sent
     * @param <T>   the element type
     * @return the case
     * @throws NullPointerException if value is null
     */
    public static <T> Case.Send send(Sender<T> ch, T value, Runnable then) {
        Objects.requireNonNull(then, "then");
        return sendCase(ch, value, then);
    }

    /**
     * A send case without a handler.
     *
     * @param ch    the channel; {@code null} or {@link Chan#nil()} is a nil channel (never ready)
     * @param value the value to send
     * @param <T>   the element type
     * @return the case
     * @throws NullPointerException if value is null
     */
    public static <T> Case.Send send(Sender<T> ch, T value) {
        return sendCase(ch, value, null);
    }

    /**
     * Go's {@code default}: makes the select non-blocking; {@code then} runs if no other
     * case is ready.
     *
     * @param then what to do when no case is ready
     * @return the case
     */
    public static Case otherwise(Runnable then) {
        Objects.requireNonNull(then, "then");
        return new Case(Case.DEFAULT, null, null, null, then);
    }

    /**
     * Go's {@code default} for {@link #of}: makes the select non-blocking; then
     * {@link #of} returns {@link Otherwise#OTHERWISE} if no other case is ready.
     *
     * @return the case
     */
    public static Case otherwise() {
        return OTHERWISE_CASE;
    }

    private static final Case OTHERWISE_CASE = new Case(Case.DEFAULT, null, null, null, null);

    // ------------------------------------------------------------------ helpers

    /** Checks the cases; returns the index of the default case, or -1. */
    private static int check(Case[] cases) {
        Objects.requireNonNull(cases, "cases");
        int dflt = -1;
        for (int i = 0; i < cases.length; i++) {
            Case c = cases[i];
            if (c == null) throw new NullPointerException("case " + i + " is null");
            if (c.kind == Case.DEFAULT) {
                if (dflt >= 0) {
                    throw new IllegalArgumentException("multiple otherwise cases in select: " + dflt + " and " + i);
                }
                dflt = i;
            }
        }
        return dflt;
    }

    /** The caller's select frame, filled with the cases. */
    private static SelectFrame fill(Case[] cases, int n) {
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
        return f;
    }

    /** A one-case select's send: a plain send; on a nil channel, Go's nil-channel send. */
    private static void send1(Case c) {
        if (c.ch == null) NilChan.sendForever();
        c.ch.h.send(c.value, true);
    }

    /** A one-case select's receive: a plain receive; on a nil channel, Go's nil-channel receive. */
    private static Object recv1(Case c) {
        if (c.ch == null) NilChan.recvForever();
        return c.ch.h.recv(true);
    }

    private static void handleRecv(Case c, Object v) {
        if (c.onRecv != null) c.onRecv.accept(v);
    }

    @SuppressWarnings("unchecked")
    private static Received<?> received(Case c, Object v) {
        handleRecv(c, v);
        return new Received<>((Receiver<Object>) c.ch, v, v != null);
    }

    @SuppressWarnings("unchecked")
    private static Sent<?> sent(Case c) {
        if (c.onDone != null) c.onDone.run();
        return new Sent<>((Sender<Object>) c.ch, c.value);
    }

    private static Otherwise otherwise(Case c) {
        if (c.onDone != null) c.onDone.run();
        return Otherwise.OTHERWISE;
    }

    private static <T> Case.Send sendCase(Sender<T> ch, T value, Runnable then) {
        Objects.requireNonNull(value, "send of null: null is never a channel element");
        return new Case.Send(chan(ch), value, then);
    }

    /** The Chan behind a case's channel; null for a nil channel (null or Chan.nil()). */
    private static Chan<?> chan(Object ch) {
        if (ch == null) return null;
        if (ch instanceof Chan<?> c) return c.h == null ? null : c;
        throw new IllegalArgumentException("not a go4j channel: " + ch.getClass().getName());
    }
}
