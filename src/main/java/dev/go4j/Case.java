package dev.go4j;

import java.util.function.BiConsumer;
import java.util.function.Consumer;

/**
 * One case of a select: made by {@link Select#recv}, {@link Select#recvOk},
 * {@link Select#send} or {@link Select#otherwise}, and used by {@link Select#select} (the
 * form with handlers) and {@link Select#of} (the statement form). A receive case is a
 * {@link Case.Recv} and a send case a {@link Case.Send}, so that {@link Select#of} over
 * receive cases only is typed as returning {@link Received}.
 */
public sealed class Case permits Case.Recv, Case.Send {
    static final int RECV = 0, SEND = 1, DEFAULT = 2;

    final int kind;
    /** The channel, or null (Go's nil channel: never ready). */
    final Chan<?> ch;
    /** The channel as the user gave it (what Received and Sent report). */
    final Object userCh;
    /** The value of a send case. */
    final Object value;
    /** Handler of a receive case, or null. */
    final Consumer<Object> onRecv;
    /** Handler of a receive-with-ok case, or null. */
    final BiConsumer<Object, Boolean> onRecvOk;
    /** Handler of a send or default case, or null. */
    final Runnable onDone;

    Case(int kind, Chan<?> ch, Object userCh, Object value, Consumer<Object> onRecv,
         BiConsumer<Object, Boolean> onRecvOk, Runnable onDone) {
        this.kind = kind;
        this.ch = ch;
        this.userCh = userCh;
        this.value = value;
        this.onRecv = onRecv;
        this.onRecvOk = onRecvOk;
        this.onDone = onDone;
    }

    /** A receive case: Go's {@code case v := <-ch:} or {@code case v, ok := <-ch:}. */
    public static final class Recv extends Case {
        Recv(Chan<?> ch, Object userCh, Consumer<Object> onRecv, BiConsumer<Object, Boolean> onRecvOk) {
            super(RECV, ch, userCh, null, onRecv, onRecvOk, null);
        }
    }

    /** A send case: Go's {@code case ch <- v:}. */
    public static final class Send extends Case {
        Send(Chan<?> ch, Object userCh, Object value, Runnable onDone) {
            super(SEND, ch, userCh, value, null, null, onDone);
        }
    }

    @Override
    public String toString() {
        return switch (kind) {
            case RECV -> "recv(" + userCh + ")";
            case SEND -> "send(" + userCh + ", " + value + ")";
            default -> "otherwise";
        };
    }
}
