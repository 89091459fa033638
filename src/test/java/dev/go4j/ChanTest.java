package dev.go4j;

import dev.go4j.internal.sched.WaitReason;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import static dev.go4j.Go.go;
import static org.junit.jupiter.api.Assertions.*;

/** Behaviours of Go's src/runtime/chan_test.go (TestChan, TestMultiConsumer, ...) on Chan. */
@Timeout(120)
class ChanTest {

    /** TestChan: for each capacity, blocking, non-blocking, close, FIFO, many goroutines, len/cap. */
    @Test
    void chanForEachCapacity() {
        Go.run(() -> {
            Go.gomaxprocs(4);
            for (int cap = 0; cap < 20; cap++) {
                emptyChanBlocksReceivers(cap);
                fullChanBlocksSenders(cap);
                closedChanGivesBufferedThenNull(cap);
                closeUnblocksReceive(cap);
                fifoAndManyGoroutines(cap);
                lenCap(cap);
            }
        });
    }

    private static void emptyChanBlocksReceivers(int cap) {
        Chan<Integer> c = Chan.make(cap);
        AtomicInteger received = new AtomicInteger();
        Chan<Boolean> done = Chan.make(2);
        for (int i = 0; i < 2; i++) {
            go(() -> {
                c.recv();
                received.incrementAndGet();
                done.send(true);
            });
        }
        Parked.await(2, WaitReason.CHAN_RECEIVE);
        assertEquals(0, received.get(), "chan[" + cap + "]: receive from empty chan");
        assertNull(c.tryRecv(), "chan[" + cap + "]: non-blocking receive from empty chan");
        assertEquals(1, Select.select(Select.recv(c), Select.otherwise(() -> {})));
        c.send(0);
        c.send(0);
        done.recv();
        done.recv();
        assertEquals(2, received.get());
    }

    private static void fullChanBlocksSenders(int cap) {
        Chan<Integer> c = Chan.make(cap);
        for (int i = 0; i < cap; i++) c.send(i);
        AtomicBoolean sent = new AtomicBoolean();
        Chan<Boolean> done = Chan.make(1);
        go(() -> {
            c.send(0);
            sent.set(true);
            done.send(true);
        });
        Parked.await(1, WaitReason.CHAN_SEND);
        assertFalse(sent.get(), "chan[" + cap + "]: send to full chan");
        assertFalse(c.trySend(0), "chan[" + cap + "]: non-blocking send to full chan");
        assertEquals(1, Select.select(Select.send(c, 0), Select.otherwise(() -> {})));
        c.recv();
        done.recv();
        assertTrue(sent.get());
    }

    private static void closedChanGivesBufferedThenNull(int cap) {
        Chan<Integer> c = Chan.make(cap);
        for (int i = 0; i < cap; i++) c.send(i);
        c.close();
        for (int i = 0; i < cap; i++) assertEquals(i, c.recv(), "chan[" + cap + "]");
        assertNull(c.recv());
        assertNull(c.recv());
        assertNull(c.tryRecv());
    }

    private static void closeUnblocksReceive(int cap) {
        Chan<Integer> c = Chan.make(cap);
        Chan<Boolean> done = Chan.make();
        go(() -> done.send(c.recv() == null));
        Parked.await(1, WaitReason.CHAN_RECEIVE);
        c.close();
        assertTrue(done.recv(), "chan[" + cap + "]: received non-null from closed chan");
    }

    private static void fifoAndManyGoroutines(int cap) {
        Chan<Integer> c = Chan.make(cap);
        go(() -> { for (int i = 0; i < 100; i++) c.send(i); });
        for (int i = 0; i < 100; i++) assertEquals(i, c.recv(), "chan[" + cap + "]");

        final int P = 4, L = 1000;
        for (int p = 0; p < P; p++) go(() -> { for (int i = 0; i < L; i++) c.send(i); });
        Chan<Map<Integer, Integer>> done = Chan.make();
        for (int p = 0; p < P; p++) {
            go(() -> {
                Map<Integer, Integer> m = new HashMap<>();
                for (int i = 0; i < L; i++) m.merge(c.recv(), 1, Integer::sum);
                done.send(m);
            });
        }
        Map<Integer, Integer> all = new HashMap<>();
        for (int p = 0; p < P; p++) done.recv().forEach((k, v) -> all.merge(k, v, Integer::sum));
        assertEquals(L, all.size(), "chan[" + cap + "]");
        all.values().forEach(v -> assertEquals(P, v));
    }

    private static void lenCap(int cap) {
        Chan<Integer> c = Chan.make(cap);
        assertEquals(0, c.len());
        assertEquals(cap, c.cap());
        for (int i = 0; i < cap; i++) c.send(i);
        assertEquals(cap, c.len());
        assertEquals(cap, c.cap());
    }

    /** TestNonblockRecvRace: a value sent before close is seen by a non-blocking receive. */
    @Test
    void nonblockRecvRace() {
        AtomicInteger failures = new AtomicInteger();
        Go.run(() -> {
            for (int i = 0; i < 2000; i++) {
                Chan<Integer> c = Chan.make(1);
                c.send(1);
                Chan<Boolean> done = Chan.make(1);
                go(() -> {
                    Select.select(Select.recv(c), Select.otherwise(failures::incrementAndGet));
                    done.send(true);
                });
                c.close();
                c.recv();
                done.recv();
            }
        });
        assertEquals(0, failures.get(), "chan is not ready");
    }

    /** TestNonblockSelectRace (and 2): select sees the channels at one moment, not smeared. */
    @Test
    void nonblockSelectRace() {
        for (boolean closeC2 : new boolean[] {false, true}) {
            AtomicInteger failures = new AtomicInteger();
            Go.run(() -> failures.set(nonblockSelectRaceFailures(10000, closeC2)));
            assertEquals(0, failures.get(), "no chan is ready (closeC2=" + closeC2 + ")");
        }
    }

    /**
     * TestNonblockSelectRace's rounds, the channels made ready by the calling thread (a
     * goroutine, or a plain thread in SelectPlainThreadsTest) while a goroutine selects
     * with a default: c1 or c2 is always ready, so the default is never right. Returns how
     * many rounds took it.
     */
    static int nonblockSelectRaceFailures(int rounds, boolean closeC2) {
        int failures = 0;
        Chan<Boolean> done = Chan.make(1);
        for (int i = 0; i < rounds; i++) {
            Chan<Integer> c1 = Chan.make(1);
            Chan<Integer> c2 = closeC2 ? Chan.make() : Chan.make(1);
            c1.send(1);
            go(() -> {
                int k = Select.select(Select.recv(c1), Select.recv(c2), Select.otherwise(() -> {}));
                done.send(k != 2);
            });
            if (closeC2) c2.close();
            else c2.send(1);
            c1.tryRecv();
            if (!done.recv()) failures++;
        }
        return failures;
    }

    /** TestMultiConsumer: workers over a buffered queue, close, sum and count checked. */
    @Test
    void multiConsumer() {
        final int nwork = 23, niter = 27183;
        int[] pn = {2, 3, 7, 11, 13, 17, 19, 23, 27, 31};
        long[] result = new long[3];
        Go.run(() -> {
            Chan<Integer> q = Chan.make(nwork * 3);
            Chan<Integer> r = Chan.make(nwork * 3);
            Chan<Boolean> workersDone = Chan.make(nwork);
            for (int i = 0; i < nwork; i++) {
                int w = i;
                go(() -> {
                    for (int v : q) {
                        if (pn[w % pn.length] == v) Go.gosched();
                        r.send(v);
                    }
                    workersDone.send(true);
                });
            }
            go(() -> {
                long expect = 0;
                for (int i = 0; i < niter; i++) {
                    int v = pn[i % pn.length];
                    expect += v;
                    q.send(v);
                }
                result[2] = expect;
                q.close();
                for (int i = 0; i < nwork; i++) workersDone.recv();
                r.close();
            });
            for (int v : r) {
                result[0]++;
                result[1] += v;
            }
        });
        assertEquals(niter, result[0]);
        assertEquals(result[2], result[1]);
    }

    /** Range until closed: for (v : ch) ends after the last buffered value. */
    @Test
    void rangeUntilClosed() {
        Chan<Integer> c = Chan.make(5);
        for (int i = 0; i < 5; i++) c.send(i);
        c.close();
        int n = 0;
        for (int v : c) assertEquals(n++, v);
        assertEquals(5, n);
        assertFalse(c.iterator().hasNext());
        assertThrows(java.util.NoSuchElementException.class, () -> c.iterator().next());
    }

    /** Close wakes every parked receiver and sender, on unbuffered and buffered channels. */
    @Test
    void closeWakesAll() {
        for (int cap : new int[] {0, 3}) {
            AtomicInteger nulls = new AtomicInteger(), panics = new AtomicInteger();
            Go.run(() -> {
                Chan<Integer> r = Chan.make(cap);
                Chan<Integer> s = Chan.make(cap);
                for (int i = 0; i < cap; i++) s.send(i);
                Chan<Boolean> done = Chan.make(100);
                for (int i = 0; i < 50; i++) {
                    go(() -> {
                        if (r.recv() == null) nulls.incrementAndGet();
                        done.send(true);
                    });
                    go(() -> {
                        try {
                            s.send(9);
                        } catch (IllegalStateException e) {
                            if (e.getMessage().equals("send on closed channel")) panics.incrementAndGet();
                        }
                        done.send(true);
                    });
                }
                Parked.await(50, WaitReason.CHAN_RECEIVE);
                Parked.await(50, WaitReason.CHAN_SEND);
                r.close();
                s.close();
                for (int i = 0; i < 100; i++) done.recv();
                // values buffered before the close are still delivered
                for (int i = 0; i < cap; i++) assertEquals(i, s.recv());
                assertNull(s.recv());
            });
            assertEquals(50, nulls.get(), "cap " + cap);
            assertEquals(50, panics.get(), "cap " + cap);
        }
    }

    /** A plain thread interrupted while blocked keeps waiting and keeps its interrupt status. */
    @Test
    void interruptedPlainThreadKeepsWaiting() throws Exception {
        Chan<Integer> c = Chan.make();
        AtomicReference<Integer> got = new AtomicReference<>();
        AtomicBoolean flag = new AtomicBoolean();
        Thread t = Thread.ofPlatform().start(() -> {
            got.set(c.recv());
            flag.set(Thread.currentThread().isInterrupted());
        });
        while (t.getState() != Thread.State.WAITING) Thread.onSpinWait();
        t.interrupt();
        // still waiting for a value: it takes the send
        c.send(42);
        t.join();
        assertEquals(42, got.get());
        assertTrue(flag.get(), "interrupt status restored");
    }

    /** Buffered hand-off order: a parked sender's value goes behind the buffered ones. */
    @Test
    void fullBufferWithParkedSendersStaysFifo() {
        Go.run(() -> {
            Chan<Integer> c = Chan.make(2);
            c.send(0);
            c.send(1);
            go(() -> c.send(2));
            Parked.await(1, WaitReason.CHAN_SEND);
            go(() -> c.send(3));
            Parked.await(2, WaitReason.CHAN_SEND);
            for (int i = 0; i < 4; i++) assertEquals(i, c.recv());
            assertEquals(0, c.len());
        });
    }

    @Test
    void badInput() {
        Chan<Integer> c = Chan.make(1);
        assertThrows(NullPointerException.class, () -> c.send(null));
        assertThrows(NullPointerException.class, () -> c.trySend(null));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Chan.make(-1));
        assertTrue(e.getMessage().contains("-1"), e.getMessage());
        c.close();
        assertEquals("close of closed channel", assertThrows(IllegalStateException.class, c::close).getMessage());
        assertEquals("send on closed channel", assertThrows(IllegalStateException.class, () -> c.send(1)).getMessage());
        assertEquals(0, c.len());
    }

    /** A request object with plain (not final) fields, as Go's test sends a pointer to one. */
    private static final class Async {
        Object resp;
        Exception err;
    }

    /**
     * Go's TestChanSendBarrier and TestChanSendSelectBarrier: a fresh object handed across
     * an unbuffered channel, by a plain send or a select's send, arrives with the fields
     * its sender wrote, while the receivers make garbage between hand-offs. The channel is
     * the only thing that orders the sender's writes before the receiver's reads.
     */
    @ParameterizedTest(name = "through select: {0}")
    @ValueSource(booleans = {false, true})
    void aSentObjectArrivesWithItsFieldsWritten(boolean useSelect) {
        int outer = 10, inner = 2_000;
        AtomicInteger good = new AtomicInteger();
        AtomicInteger bad = new AtomicInteger();
        Go.run(() -> {
            var wg = new dev.go4j.sync.WaitGroup();
            for (int i = 0; i < outer; i++) {
                wg.go(() -> {
                    byte[] garbage = null;
                    for (int j = 0; j < inner; j++) {
                        Chan<Async> ch = Chan.make();
                        Chan<Boolean> done = Chan.make();
                        go(() -> {
                            var a = new Async();
                            a.err = new IllegalStateException("my error");
                            if (useSelect) Select.select(Select.send(ch, a), Select.recv(done));
                            else ch.send(a);
                        });
                        Async r = ch.recv();
                        Go.gosched();
                        if (r != null && r.resp == null && r.err instanceof IllegalStateException e && "my error".equals(e.getMessage())) good.incrementAndGet();
                        else bad.incrementAndGet();
                        garbage = new byte[1 << 10];
                    }
                    assertEquals(1 << 10, garbage.length);
                });
            }
            wg.await();
        });
        assertEquals(0, bad.get());
        assertEquals(outer * inner, good.get());
    }
}
