package dev.go4j;

import dev.go4j.context.Context;
import dev.go4j.internal.sched.WaitReason;
import dev.go4j.runtime.Goroutines;
import dev.go4j.time.Time;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import static dev.go4j.Go.go;
import static org.junit.jupiter.api.Assertions.*;

/**
 * Go's nil channel: Chan.nil(), what go4j returns where Go returns a nil channel, its wait
 * reasons in dumps and its part in deadlock detection.
 */
@Timeout(60)
class NilChanTest {

    @Test
    void nonBlockingOperations() {
        Chan<Integer> n = Chan.nil();
        assertSame(n, Chan.<String>nil(), "one nil channel");
        assertEquals(0, n.len());
        assertEquals(0, n.cap());
        assertFalse(n.trySend(1));
        assertNull(n.tryRecv());
        assertNull(n.tryRecvOk(), "never ready");
        IllegalStateException e = assertThrows(IllegalStateException.class, n::close);
        assertEquals("close of nil channel", e.getMessage());
        assertThrows(NullPointerException.class, () -> n.send(null));
        assertEquals("Chan[nil]", n.toString());
    }

    @Test
    void goReturnsNilWhereGoDoes() {
        assertSame(Chan.nil(), Context.background().done());
        assertSame(Chan.nil(), Context.todo().done());
        assertSame(Chan.nil(), Context.withoutCancel(Context.withCancel(Context.background())).done());
        assertSame(Chan.nil(), Context.withValue(Context.background(), "k", "v").done());
        assertSame(Chan.nil(), Time.tick(Duration.ZERO));
        var t = Time.afterFunc(Duration.ofHours(1), () -> { });
        assertSame(Chan.nil(), t.c());
        t.stop();
    }

    @Test
    void neverReadyInSelect() {
        Chan<Integer> ready = Chan.make(1);
        for (int i = 0; i < 100; i++) {
            ready.send(i);
            int k = i;
            assertEquals(1, Select.select(Select.recv(Chan.<Integer>nil()), Select.recv(ready, v -> assertEquals(k, v))));
            assertSame(Otherwise.OTHERWISE, Select.of(Select.recv(Chan.nil()), Select.send(Chan.nil(), 1), Select.otherwise()));
            assertSame(Otherwise.OTHERWISE, Select.of(Select.recv(Context.background().done()), Select.otherwise()));
        }
    }

    private static DeadlockError deadlock(int procs, Runnable main) {
        return assertThrows(DeadlockError.class, () -> Go.run(() -> {
            Go.gomaxprocs(procs);
            main.run();
        }));
    }

    /** A goroutine blocked on a nil channel and main blocked elsewhere: Go's deadlock, with Go's wait reasons. */
    @Test
    void deadlockWithNilChannelReceiver() {
        for (int procs : new int[] {1, 4}) {
            // goids come from the spawning M's cache (Go's per-P goidcache): main may move
            // to another M between its two go statements, so the second is not always 3
            java.util.concurrent.atomic.AtomicLongArray ids = new java.util.concurrent.atomic.AtomicLongArray(2);
            DeadlockError e = deadlock(procs, () -> {
                Chan<Integer> c = Chan.make();
                go(() -> { ids.set(0, Go.goid()); Chan.<Integer>nil().recv(); });
                go(() -> { ids.set(1, Go.goid()); Chan.<Integer>nil().send(1); });
                Parked.await(1, WaitReason.CHAN_RECEIVE_NIL_CHAN);
                Parked.await(1, WaitReason.CHAN_SEND_NIL_CHAN);
                c.recv();
            });
            assertEquals("all goroutines are asleep - deadlock!", e.getMessage());
            String dump = e.dump();
            assertTrue(dump.contains("goroutine 1 [chan receive]:"), dump);
            assertTrue(dump.contains("goroutine " + ids.get(0) + " [chan receive (nil chan)]:"), dump);
            assertTrue(dump.contains("goroutine " + ids.get(1) + " [chan send (nil chan)]:"), dump);
            assertTrue(dump.contains("dev.go4j.Chan.recv"), dump);
        }
    }

    /** Go: {@code <-context.Background().Done()} blocks forever; in main alone that is a deadlock. */
    @Test
    void mainOnBackgroundDone() {
        for (int procs : new int[] {1, 2}) {
            DeadlockError e = deadlock(procs, () -> Context.background().done().recv());
            assertTrue(e.dump().contains("goroutine 1 [chan receive (nil chan)]:"), e.dump());
        }
        DeadlockError e = deadlock(1, () -> {
            for (var t : Time.tick(Duration.ZERO)) fail("a nil channel yields nothing: " + t);
        });
        assertTrue(e.dump().contains("goroutine 1 [chan receive (nil chan)]:"), e.dump());
    }

    /** A goroutine parked on a nil channel while others run: not a deadlock; shows in a live dump. */
    @Test
    void parkedNilIsVisibleAndNotDeadlockedWhileOthersRun() {
        AtomicReference<String> dump = new AtomicReference<>();
        AtomicInteger returned = new AtomicInteger();
        Go.run(() -> {
            go(() -> { Chan.<Integer>nil().recv(); returned.incrementAndGet(); });
            Parked.await(1, WaitReason.CHAN_RECEIVE_NIL_CHAN);
            Chan<Integer> c = Chan.make();
            go(() -> { for (int i = 0; i < 100; i++) c.send(i); c.close(); });
            int n = 0;
            for (int v : c) n += v;
            assertEquals(4950, n);
            dump.set(Goroutines.dump());
        });
        assertEquals(0, returned.get());
        assertTrue(dump.get().contains("[chan receive (nil chan)]"), dump.get());
    }

    /** A plain thread on a nil channel parks for good; an interrupt does not end the wait. */
    @Test
    void plainThreadBlocksForever() throws Exception {
        AtomicInteger returned = new AtomicInteger();
        Thread t = Thread.ofPlatform().daemon().start(() -> {
            Chan.<Integer>nil().recv();
            returned.incrementAndGet();
        });
        awaitParkedInNilChan(t);
        t.interrupt();
        for (int i = 0; i < 100; i++) Thread.yield();
        awaitParkedInNilChan(t);
        assertTrue(t.isAlive());
        assertEquals(0, returned.get());
    }

    private static void awaitParkedInNilChan(Thread t) {
        for (;;) {
            if (t.getState() == Thread.State.WAITING) {
                for (StackTraceElement e : t.getStackTrace()) {
                    if (e.getClassName().endsWith("NilChan")) return;
                }
            }
            Thread.onSpinWait();
        }
    }
}
