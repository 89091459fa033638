package dev.go4j;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import static dev.go4j.Go.go;
import static org.junit.jupiter.api.Assertions.*;

/**
 * Go's select tests from runtime/chan_test.go run with plain Java threads on one side:
 * the README says every channel operation and select works from them, parking the thread.
 * The goroutines here are started from plain threads, so they run on the shared default
 * runtime (no deadlock detection, which cannot see plain threads anyway).
 */
@Timeout(120)
class SelectPlainThreadsTest {

    /** Runs body on a new platform thread, recording what it throws. */
    private static Thread thread(Runnable body, AtomicReference<Throwable> failure) {
        return Thread.ofPlatform().start(() -> {
            try {
                body.run();
            } catch (Throwable t) {
                failure.compareAndSet(null, t);
            }
        });
    }

    /** Runs body as a goroutine of the default runtime, counting down when it ends. */
    private static void goroutine(Runnable body, CountDownLatch done, AtomicReference<Throwable> failure) {
        go(() -> {
            try {
                body.run();
            } catch (Throwable t) {
                failure.compareAndSet(null, t);
            } finally {
                done.countDown();
            }
        });
    }

    /**
     * TestSelectStress: four channels (two unbuffered, two buffered), one sender and one
     * receiver per channel, plus a select that sends N values on each and a select that
     * receives N on each, switching a channel's case off (nil) once its N are done. Here
     * both selects run on plain threads, the senders and receivers of channels 0 and 2
     * are goroutines and those of 1 and 3 plain threads. Each select must complete each
     * channel's N exactly.
     */
    @Test
    void selectStress() throws Exception {
        final int N = 20_000;
        int[][] counts = new int[2][4];
        AtomicReference<Throwable> failure = new AtomicReference<>();
        List<Chan<Integer>> c = List.of(Chan.make(), Chan.make(), Chan.make(2), Chan.make(3));
        CountDownLatch goroutinesDone = new CountDownLatch(4);
        List<Thread> threads = new ArrayList<>();
        for (int k = 0; k < 4; k++) {
            Chan<Integer> ck = c.get(k);
            Runnable sender = () -> { for (int i = 0; i < N; i++) ck.send(0); };
            Runnable receiver = () -> { for (int i = 0; i < N; i++) assertEquals(0, ck.recv()); };
            if (k % 2 == 0) {
                goroutine(sender, goroutinesDone, failure);
                goroutine(receiver, goroutinesDone, failure);
            } else {
                threads.add(thread(sender, failure));
                threads.add(thread(receiver, failure));
            }
        }
        threads.add(thread(() -> SelectTest.selectSends(c, counts[0], N), failure));
        threads.add(thread(() -> SelectTest.selectRecvs(c, counts[1], N), failure));
        for (Thread t : threads) t.join();
        goroutinesDone.await();
        assertNull(failure.get());
        for (int[] n : counts) for (int v : n) assertEquals(N, v);
        for (Chan<Integer> ck : c) assertEquals(0, ck.len());
    }

    /**
     * TestSelfSelect: a plain thread and a goroutine each select between a send and a
     * receive on one channel; on an unbuffered channel neither may receive its own value.
     */
    @Test
    void selfSelect() throws Exception {
        for (int cap : new int[] {0, 10}) {
            AtomicInteger selfReceives = new AtomicInteger();
            AtomicInteger sent = new AtomicInteger(), received = new AtomicInteger();
            AtomicReference<Throwable> failure = new AtomicReference<>();
            Chan<Integer> c = Chan.make(cap);
            Runnable[] bodies = new Runnable[2];
            for (int p = 0; p < 2; p++) {
                int me = p;
                bodies[p] = () -> {
                    for (int i = 0; i < 2000; i++) {
                        java.util.function.Consumer<Integer> check = v -> {
                            received.incrementAndGet();
                            if (cap == 0 && v == me) selfReceives.incrementAndGet();
                        };
                        if (me == 0 || i % 2 == 0) Select.select(Select.send(c, me, sent::incrementAndGet), Select.recv(c, check));
                        else Select.select(Select.recv(c, check), Select.send(c, me, sent::incrementAndGet));
                    }
                };
            }
            CountDownLatch done = new CountDownLatch(1);
            goroutine(bodies[0], done, failure);
            Thread t = thread(bodies[1], failure);
            t.join();
            done.await();
            assertNull(failure.get());
            assertEquals(0, selfReceives.get(), "self receive, cap " + cap);
            assertEquals(4000, sent.get() + received.get(), "cap " + cap);
            assertEquals(sent.get() - received.get(), c.len(), "what was sent and not received is buffered, cap " + cap);
        }
    }

    /**
     * TestNonblockSelectRace and TestNonblockSelectRace2 with a plain thread making the
     * channels ready and a goroutine selecting: from the moment the goroutine starts,
     * c1 or c2 is always ready, so its select must never take the default case.
     */
    @Test
    void nonblockSelectRace() {
        for (boolean closeC2 : new boolean[] {false, true}) {
            assertEquals(0, ChanTest.nonblockSelectRaceFailures(5_000, closeC2), "no chan is ready (closeC2=" + closeC2 + ")");
        }
    }

    /**
     * The same race with the roles swapped: a goroutine makes the channels ready while a
     * plain thread selects, so the plain thread's non-blocking select is the one that
     * must see a single moment.
     */
    @Test
    void nonblockSelectRaceOnAPlainThread() throws Exception {
        AtomicInteger failures = new AtomicInteger();
        AtomicReference<Throwable> failure = new AtomicReference<>();
        for (int i = 0; i < 1_000; i++) {
            Chan<Integer> c1 = Chan.make(1);
            Chan<Integer> c2 = Chan.make(1);
            c1.send(1);
            AtomicInteger taken = new AtomicInteger();
            Thread t = thread(() -> {
                int k = Select.select(Select.recv(c1), Select.recv(c2), Select.otherwise(() -> {}));
                if (k == 2) failures.incrementAndGet();
                else taken.incrementAndGet();
            }, failure);
            CountDownLatch madeReady = new CountDownLatch(1);
            goroutine(() -> {
                c2.send(1);
                if (c1.tryRecv() != null) taken.incrementAndGet();
            }, madeReady, failure);
            t.join();
            madeReady.await();
            assertEquals(2, taken.get() + c1.len() + c2.len(), "round " + i + ": each value taken once or left");
        }
        assertNull(failure.get());
        assertEquals(0, failures.get(), "no chan is ready");
    }
}
