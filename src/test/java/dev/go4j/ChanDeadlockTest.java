package dev.go4j;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.concurrent.atomic.AtomicBoolean;

import static dev.go4j.Go.go;
import static org.junit.jupiter.api.Assertions.*;

/**
 * Deadlock detection (Go's checkdead) with channels and select: a Go.run whose goroutines
 * are all blocked for good gets DeadlockError with a Go-style dump; goroutines asleep in
 * the JDK (sleep, socket accept) are not deadlocked.
 */
@Timeout(60)
class ChanDeadlockTest {

    private static DeadlockError deadlock(Runnable main) {
        return assertThrows(DeadlockError.class, () -> Go.run(main));
    }

    private static void mainRecvs() {
        Chan<Integer> c = Chan.make();
        c.recv();
    }

    @Test
    void mainBlockedOnReceive() {
        DeadlockError e = deadlock(ChanDeadlockTest::mainRecvs);
        assertEquals("all goroutines are asleep - deadlock!", e.getMessage());
        String dump = e.dump();
        assertTrue(dump.contains("goroutine 1 [chan receive]:"), dump);
        // the Java frames of the blocked goroutine, down to the user's method
        assertTrue(dump.contains("dev.go4j.Chan.recv"), dump);
        assertTrue(dump.contains("ChanDeadlockTest.mainRecvs"), dump);
    }

    @Test
    void mainBlockedOnSendWhileOthersReceiveElsewhere() {
        // the second goid is not always 3: main may move to another M (another goid cache)
        java.util.concurrent.atomic.AtomicLongArray ids = new java.util.concurrent.atomic.AtomicLongArray(2);
        DeadlockError e = deadlock(() -> {
            Chan<Integer> a = Chan.make(), b = Chan.make(1);
            go(() -> { ids.set(0, Go.goid()); a.recv(); });
            go(() -> { ids.set(1, Go.goid()); a.recv(); });
            b.send(1);
            b.send(2); // full: blocks forever, and so do the two receivers
        });
        String dump = e.dump();
        assertTrue(dump.contains("goroutine 1 [chan send]:"), dump);
        assertTrue(dump.contains("goroutine " + ids.get(0) + " [chan receive]:"), dump);
        assertTrue(dump.contains("goroutine " + ids.get(1) + " [chan receive]:"), dump);
    }

    @Test
    void cycleOfGoroutines() {
        DeadlockError e = deadlock(() -> {
            Chan<Integer> a = Chan.make(), b = Chan.make();
            go(() -> { a.recv(); b.send(1); });
            b.recv();
            a.send(1);
        });
        assertTrue(e.dump().contains("goroutine 1 [chan receive]:"), e.dump());
    }

    @Test
    void blockedSelect() {
        DeadlockError e = deadlock(() -> {
            Chan<Integer> a = Chan.make(), b = Chan.make();
            Select.select(Select.recv(a), Select.send(b, 1));
        });
        assertTrue(e.dump().contains("goroutine 1 [select]:"), e.dump());
        assertTrue(e.dump().contains("dev.go4j.Select.select"), e.dump());
    }

    @Test
    void emptySelect() {
        DeadlockError e = deadlock(() -> Select.select());
        assertTrue(e.dump().contains("goroutine 1 [select (no cases)]:"), e.dump());
    }

    /** Go: a select of several nil channels parks in selectgo as [select]. */
    @Test
    void selectOfNilChannels() {
        DeadlockError e = deadlock(() -> Select.select(Select.recv((Chan<Integer>) null), Select.send(Chan.nil(), 1)));
        assertTrue(e.dump().contains("goroutine 1 [select]:"), e.dump());
    }

    /** Go compiles a one-case select to a plain channel operation: on a nil channel, [chan receive (nil chan)]. */
    @Test
    void oneCaseSelectOfNilChannel() {
        DeadlockError e = deadlock(() -> Select.select(Select.recv((Chan<Integer>) null)));
        assertTrue(e.dump().contains("goroutine 1 [chan receive (nil chan)]:"), e.dump());
        e = deadlock(() -> Select.of(Select.send(Chan.nil(), 1)));
        assertTrue(e.dump().contains("goroutine 1 [chan send (nil chan)]:"), e.dump());
    }

    @Test
    void rangeOverNeverClosedChannel() {
        DeadlockError e = deadlock(() -> {
            Chan<Integer> c = Chan.make(10);
            go(() -> { for (int i = 0; i < 10; i++) c.send(i); });
            int n = 0;
            for (int v : c) n += v; // never closed
        });
        assertTrue(e.dump().contains("goroutine 1 [chan receive]:"), e.dump());
    }

    /** No false positive: a goroutine in Thread.sleep will wake up and send. */
    @Test
    void sleepingGoroutineIsNotDeadlocked() {
        AtomicBoolean got = new AtomicBoolean();
        Go.run(() -> {
            Chan<Integer> c = Chan.make();
            go(() -> {
                try {
                    Thread.sleep(300);
                } catch (InterruptedException e) {
                    throw new RuntimeException(e);
                }
                c.send(1);
            });
            got.set(c.recv() == 1);
        });
        assertTrue(got.get());
    }

    /** No false positive: a goroutine blocked in a (loopback) socket accept is not asleep for good. */
    @Test
    void socketAcceptIsNotDeadlocked() throws Exception {
        try (ServerSocket ss = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            Thread client = Thread.ofPlatform().start(() -> {
                try {
                    Thread.sleep(300); // let main and the acceptor block first
                    try (Socket s = new Socket(InetAddress.getLoopbackAddress(), ss.getLocalPort())) {
                        s.getOutputStream().write(7);
                    }
                } catch (Exception e) {
                    throw new RuntimeException(e);
                }
            });
            AtomicBoolean got = new AtomicBoolean();
            Go.run(() -> {
                Chan<Integer> c = Chan.make();
                go(() -> {
                    try (Socket s = ss.accept()) {
                        c.send(s.getInputStream().read());
                    } catch (Exception e) {
                        throw new RuntimeException(e);
                    }
                });
                got.set(c.recv() == 7);
            });
            client.join();
            assertTrue(got.get());
        }
    }

    /** A deadlocked program after lots of traffic is still detected. */
    @Test
    void deadlockAfterTraffic() {
        DeadlockError e = deadlock(() -> {
            Chan<Integer> c = Chan.make();
            for (int g = 0; g < 10; g++) go(() -> { for (int i = 0; i < 1000; i++) c.send(i); });
            for (int i = 0; i < 10 * 1000 + 1; i++) c.recv();
        });
        assertTrue(e.dump().contains("goroutine 1 [chan receive]:"), e.dump());
    }

    /** A goroutine wired to its thread (lockOSThread) and blocked is still a deadlock. */
    @Test
    void lockedGoroutineDeadlock() {
        DeadlockError e = deadlock(() -> {
            Go.lockOSThread();
            Chan<Integer> c = Chan.make();
            go(() -> { Go.lockOSThread(); c.recv(); });
            c.recv();
        });
        // Go's format for a locked goroutine: [chan receive, locked to thread]
        assertTrue(e.dump().contains("goroutine 1 [chan receive"), e.dump());
        assertTrue(e.dump().contains("goroutine 2 [chan receive"), e.dump());
    }
}
