package dev.go4j.internal.chan;

import dev.go4j.internal.sched.Parking;
import dev.go4j.internal.sched.WaitReason;

/**
 * Operations on Go's nil channel ({@code var c chan T}): a send or receive blocks forever.
 * Mirrors the {@code c == nil} branches of chansend and chanrecv, which
 * {@code gopark(nil, nil, waitReasonChanSendNilChan)} (or ReceiveNilChan) and never return.
 * The goroutine stays {@code _Gwaiting} with that reason, so it shows as
 * {@code [chan receive (nil chan)]} in dumps and counts as asleep for deadlock detection;
 * a plain thread just parks for good (an interrupt does not end the wait, as everywhere in
 * go4j).
 */
public final class NilChan {
    private NilChan() {}

    private static final Object BLOCKER = new Object() {
        @Override
        public String toString() { return "nil chan"; }
    };

    /** A receive from a nil channel: never returns. */
    public static void recvForever() {
        blockForever(WaitReason.CHAN_RECEIVE_NIL_CHAN);
    }

    /** A send on a nil channel: never returns. */
    public static void sendForever() {
        blockForever(WaitReason.CHAN_SEND_NIL_CHAN);
    }

    /** Parks for good with {@code reason} (Go's gopark with no way to be readied). */
    static void blockForever(WaitReason reason) {
        for (;;) Parking.gopark(BLOCKER, reason);
    }
}
