package dev.go4j;

import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.concurrent.atomic.AtomicLong;

import static dev.go4j.Go.go;
import static org.junit.jupiter.api.Assertions.*;

/**
 * Exactly-once accounting under load: 100 producers and 100 consumers over one channel,
 * closed at the end; every value must be received exactly once.
 */
@Timeout(120)
class ChanExactlyOnceTest {
    static final int PRODUCERS = 100, CONSUMERS = 100, PER = 200;

    @ParameterizedTest
    @ValueSource(ints = {0, 1, 128})
    void goroutines(int cap) {
        AtomicIntegerArray seen = new AtomicIntegerArray(PRODUCERS * PER);
        AtomicLong sum = new AtomicLong();
        Go.run(() -> {
            Chan<Integer> c = Chan.make(cap);
            Chan<Boolean> producersDone = Chan.make(PRODUCERS);
            Chan<Boolean> consumersDone = Chan.make(CONSUMERS);
            for (int p = 0; p < PRODUCERS; p++) {
                int base = p * PER;
                go(() -> {
                    for (int i = 0; i < PER; i++) c.send(base + i);
                    producersDone.send(true);
                });
            }
            for (int k = 0; k < CONSUMERS; k++) {
                go(() -> {
                    for (int v : c) {
                        seen.incrementAndGet(v);
                        sum.addAndGet(v);
                    }
                    consumersDone.send(true);
                });
            }
            for (int p = 0; p < PRODUCERS; p++) producersDone.recv();
            c.close();
            for (int k = 0; k < CONSUMERS; k++) consumersDone.recv();
        });
        check(seen, sum);
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 1, 128})
    void plainThreads(int cap) throws Exception {
        AtomicIntegerArray seen = new AtomicIntegerArray(PRODUCERS * PER);
        AtomicLong sum = new AtomicLong();
        Chan<Integer> c = Chan.make(cap);
        int producers = 16, consumers = 16;
        int per = PRODUCERS * PER / producers;
        CountDownLatch pdone = new CountDownLatch(producers);
        Thread[] cons = new Thread[consumers];
        for (int p = 0; p < producers; p++) {
            int base = p * per;
            Thread.ofPlatform().start(() -> {
                for (int i = 0; i < per; i++) c.send(base + i);
                pdone.countDown();
            });
        }
        for (int k = 0; k < consumers; k++) {
            cons[k] = Thread.ofPlatform().start(() -> {
                for (int v : c) {
                    seen.incrementAndGet(v);
                    sum.addAndGet(v);
                }
            });
        }
        pdone.await();
        c.close();
        for (Thread t : cons) t.join();
        check(seen, sum);
    }

    private static void check(AtomicIntegerArray seen, AtomicLong sum) {
        int n = seen.length();
        for (int i = 0; i < n; i++) assertEquals(1, seen.get(i), "value " + i);
        assertEquals((long) n * (n - 1) / 2, sum.get());
    }
}
