package dev.go4j;

import org.jetbrains.lincheck.Lincheck;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

/**
 * Lincheck model checking of the blocking paths (park, direct hand-off, close waking
 * waiters, select enqueue/dequeue): small fixed programs on plain threads whose every
 * interleaving Lincheck explores, each with an exact expected outcome.
 */
// Model checking is CPU-bound and slow at one CPU: RunQueueLincheckTest's modelChecking
// alone passed 120 s in a one-CPU suite run beside other load (63 s for the class on a
// quiet CPU). A hang is still caught, later.
@Timeout(300)
class ChanBlockingLincheckTest {
    private static final int INVOCATIONS = 200;

    private static Thread start(Runnable r) {
        Thread t = new Thread(r);
        t.start();
        return t;
    }

    private static void join(Thread... ts) {
        for (Thread t : ts) {
            try {
                t.join();
            } catch (InterruptedException e) {
                throw new AssertionError(e);
            }
        }
    }

    /** Unbuffered and one-slot: two sends then close; the receiver sees 1, 2, then null. */
    @Test
    void sendSendCloseVersusRange() {
        for (int cap : new int[] {0, 1}) {
            Lincheck.runConcurrentTest(INVOCATIONS, () -> {
                Chan<Integer> c = Chan.make(cap);
                Integer[] got = new Integer[3];
                Thread s = start(() -> {
                    c.send(1);
                    c.send(2);
                    c.close();
                });
                Thread r = start(() -> {
                    for (int i = 0; i < 3; i++) got[i] = c.recv();
                });
                join(s, r);
                assertArrayEquals(new Integer[] {1, 2, null}, got);
            });
        }
    }

    /** Close while a sender and a receiver may be parked: the receiver gets the value or null, never lost. */
    @Test
    void closeRacesWithSendAndRecv() {
        Lincheck.runConcurrentTest(INVOCATIONS, () -> {
            Chan<Integer> c = Chan.make();
            String[] sendResult = new String[1];
            Integer[] got = new Integer[1];
            Thread s = start(() -> {
                try {
                    c.send(7);
                    sendResult[0] = "sent";
                } catch (IllegalStateException e) {
                    sendResult[0] = e.getMessage();
                }
            });
            Thread r = start(() -> got[0] = c.recv());
            Thread k = start(c::close);
            join(s, r, k);
            if ("sent".equals(sendResult[0])) {
                assertEquals(7, got[0]); // a completed send was received
            } else {
                assertEquals("send on closed channel", sendResult[0]);
                assertNull(got[0]);
            }
        });
    }

    /** A select on two channels takes exactly one value; the other stays for a plain receiver. */
    @Test
    void selectTakesExactlyOne() {
        Lincheck.runConcurrentTest(INVOCATIONS, () -> {
            Chan<Integer> a = Chan.make(), b = Chan.make();
            List<Integer> got = new ArrayList<>();
            Thread sa = start(() -> a.send(1));
            Thread sb = start(() -> b.send(2));
            Thread sel = start(() -> Select.select(Select.recv(a, v -> { synchronized (got) { got.add(v); } }),
                    Select.recv(b, v -> { synchronized (got) { got.add(v); } })));
            join(sel);
            // drain whichever value the select did not take
            Integer other = got.get(0) == 1 ? b.recv() : a.recv();
            join(sa, sb);
            got.add(other);
            got.sort(null);
            assertEquals(Arrays.asList(1, 2), got);
        });
    }

    /** Two selects, one sending and one receiving, on the same two channels: they meet exactly once. */
    @Test
    void selectMeetsSelect() {
        Lincheck.runConcurrentTest(INVOCATIONS, () -> {
            Chan<Integer> a = Chan.make(), b = Chan.make();
            int[] sent = {-1};
            Integer[] got = {null};
            Thread s = start(() -> sent[0] = Select.select(Select.send(a, 1), Select.send(b, 2)));
            Thread r = start(() -> Select.select(Select.recv(a, v -> got[0] = v), Select.recv(b, v -> got[0] = v)));
            join(s, r);
            assertEquals(sent[0] + 1, got[0]);
            assertNull(a.tryRecv());
            assertNull(b.tryRecv());
        });
    }
}
