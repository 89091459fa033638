package dev.go4j.bench;

import java.util.concurrent.ArrayBlockingQueue;

/**
 * B8 fan-in (JDK): the JDK has no select, so its closest idiom is used: 8 producers put
 * n/8 items each into one shared ArrayBlockingQueue (capacity 8 x 128); one consumer takes them all.
 */
public final class B8SelectJdk {
    static final int PRODUCERS = 8, CAP = 128;

    public static void main(String[] args) {
        Harness.jdk("B8", args, n -> {
            long per = n / PRODUCERS;
            var q = new ArrayBlockingQueue<Integer>(PRODUCERS * CAP);
            for (int p = 0; p < PRODUCERS; p++) {
                Thread.ofVirtual().start(() -> {
                    try {
                        for (int i = 0; i < per; i++) q.put(i);
                    } catch (InterruptedException e) {
                        throw new IllegalStateException(e);
                    }
                });
            }
            long sum = 0;
            long total = per * PRODUCERS;
            for (long k = 0; k < total; k++) sum += q.take();
            long want = PRODUCERS * (per * (per - 1) / 2);
            Harness.check(sum == want, "sum " + sum + ", want " + want);
            return new Harness.Result(total);
        });
    }
}
