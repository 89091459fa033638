package dev.go4j.bench;

import dev.go4j.Chan;
import dev.go4j.Go;
import dev.go4j.sync.WaitGroup;

import java.util.concurrent.atomic.AtomicLong;

/**
 * B5 producer/consumer (go4j): 4 producers send n items in all into one channel of
 * capacity 128; 4 consumers range over it; the channel is closed when the producers are
 * done. ns per item.
 */
public final class B5ProdCons {
    static final int PRODUCERS = 4, CONSUMERS = 4, CAP = 128;

    public static void main(String[] args) {
        Harness.go4j("B5", args, n -> {
            long per = n / PRODUCERS;
            Chan<Integer> ch = Chan.make(CAP);
            var producers = new WaitGroup();
            var consumers = new WaitGroup();
            var total = new AtomicLong();
            var count = new AtomicLong();
            producers.add(PRODUCERS);
            for (int p = 0; p < PRODUCERS; p++) {
                Go.go(() -> {
                    for (int i = 0; i < per; i++) ch.send(i);
                    producers.done();
                });
            }
            consumers.add(CONSUMERS);
            for (int c = 0; c < CONSUMERS; c++) {
                Go.go(() -> {
                    long sum = 0, k = 0;
                    for (Integer v : ch) {
                        sum += v;
                        k++;
                    }
                    total.addAndGet(sum);
                    count.addAndGet(k);
                    consumers.done();
                });
            }
            producers.await();
            ch.close();
            consumers.await();
            long want = PRODUCERS * (per * (per - 1) / 2);
            Harness.check(count.get() == per * PRODUCERS && total.get() == want,
                    "count " + count + " sum " + total + ", want " + per * PRODUCERS + " " + want);
            return new Harness.Result(per * PRODUCERS);
        });
    }
}
