package dev.go4j.bench;

import dev.go4j.Case;
import dev.go4j.Chan;
import dev.go4j.Go;
import dev.go4j.Select;

/**
 * B8 select fan-in (go4j): 8 producers each send n/8 items on their own channel
 * (capacity 128); one consumer selects over the 8 channels until it has them all. ns per item.
 */
public final class B8Select {
    static final int PRODUCERS = 8, CAP = 128;

    public static void main(String[] args) {
        Harness.go4j("B8", args, n -> {
            long per = n / PRODUCERS;
            @SuppressWarnings("unchecked") Chan<Integer>[] chans = new Chan[PRODUCERS];
            for (int p = 0; p < PRODUCERS; p++) {
                Chan<Integer> ch = Chan.make(CAP);
                chans[p] = ch;
                Go.go(() -> {
                    for (int i = 0; i < per; i++) ch.send(i);
                });
            }
            long[] sum = new long[1];
            Case[] cases = new Case[PRODUCERS];
            for (int p = 0; p < PRODUCERS; p++) cases[p] = Select.recv(chans[p], v -> sum[0] += v);
            long total = per * PRODUCERS;
            for (long k = 0; k < total; k++) Select.select(cases);
            long want = PRODUCERS * (per * (per - 1) / 2);
            Harness.check(sum[0] == want, "sum " + sum[0] + ", want " + want);
            return new Harness.Result(total);
        });
    }
}
