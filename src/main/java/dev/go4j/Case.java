package dev.go4j;

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
    /**
     * The channel, or null for a nil channel (never ready) and the default case. A
     * non-null one is the very object the user gave, which Received and Sent report.
     */
    final Chan<?> ch;
    /** The value of a send case. */
    final Object value;
    /** Handler of a receive case, or null. */
    final Consumer<Object> onRecv;
    /** Handler of a send or default case, or null. */
    final Runnable onDone;

    Case(int kind, Chan<?> ch, Object value, Consumer<Object> onRecv, Runnable onDone) {
        this.kind = kind;
        this.ch = ch;
        this.value = value;
        this.onRecv = onRecv;
        this.onDone = onDone;
    }

    /** A receive case: Go's {@code case v := <-ch:} or {@code case v, ok := <-ch:}. */
    public static final class Recv extends Case {
        Recv(Chan<?> ch, Consumer<Object> onRecv) {
            super(RECV, ch, null, onRecv, null);
        }
    }

    /** A send case: Go's {@code case ch <- v:}. */
    public static final class Send extends Case {
        Send(Chan<?> ch, Object value, Runnable onDone) {
            super(SEND, ch, value, null, onDone);
        }
    }

    @Override
    public String toString() {
        return switch (kind) {
            case RECV -> "recv(" + ch + ")";
            case SEND -> "send(" + ch + ", " + value + ")";
            default -> "otherwise";
        };
    }
}
