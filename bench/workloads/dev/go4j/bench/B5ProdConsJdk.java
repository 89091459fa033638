package dev.go4j.bench;

import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicLong;

/**
 * B5 producer/consumer (JDK): 4 producers, 4 consumers, one ArrayBlockingQueue of
 * capacity 128; a poison value per consumer stands in for close(). ns per item.
 */
public final class B5ProdConsJdk {
    static final int PRODUCERS = 4, CONSUMERS = 4, CAP = 128;
    static final Integer POISON = -1;

    public static void main(String[] args) {
        Harness.jdk("B5", args, n -> {
            long per = n / PRODUCERS;
            var q = new ArrayBlockingQueue<Integer>(CAP);
            var producers = new CountDownLatch(PRODUCERS);
            var consumers = new CountDownLatch(CONSUMERS);
            var total = new AtomicLong();
            var count = new AtomicLong();
            for (int p = 0; p < PRODUCERS; p++) {
                Thread.ofVirtual().start(() -> {
                    try {
                        for (int i = 0; i < per; i++) q.put(i);
                    } catch (InterruptedException e) {
                        throw new IllegalStateException(e);
                    }
                    producers.countDown();
                });
            }
            for (int c = 0; c < CONSUMERS; c++) {
                Thread.ofVirtual().start(() -> {
                    long sum = 0, k = 0;
                    try {
                        for (Integer v; (v = q.take()) != POISON; ) {
                            sum += v;
                            k++;
                        }
                    } catch (InterruptedException e) {
                        throw new IllegalStateException(e);
                    }
                    total.addAndGet(sum);
                    count.addAndGet(k);
                    consumers.countDown();
                });
            }
            producers.await();
            for (int c = 0; c < CONSUMERS; c++) q.put(POISON);
            consumers.await();
            long want = PRODUCERS * (per * (per - 1) / 2);
            Harness.check(count.get() == per * PRODUCERS && total.get() == want,
                    "count " + count + " sum " + total + ", want " + per * PRODUCERS + " " + want);
            return new Harness.Result(per * PRODUCERS);
        });
    }
}
