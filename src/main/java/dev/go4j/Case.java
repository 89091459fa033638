package dev.go4j;

import java.util.function.Consumer;

/**
 * One case of a {@link Select#select}: made by {@link Select#recv}, {@link Select#send} or
 * {@link Select#otherwise}.
 */
public final class Case {
    static final int RECV = 0, SEND = 1, DEFAULT = 2;

    final int kind;
    /** The channel, or null (Go's nil channel: never ready). */
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

    @Override
    public String toString() {
        return switch (kind) {
            case RECV -> "recv(" + ch + ")";
            case SEND -> "send(" + ch + ", " + value + ")";
            default -> "otherwise";
        };
    }
}
