package dev.go4j.context;

import dev.go4j.Chan;
import dev.go4j.Go;
import dev.go4j.Receiver;
import dev.go4j.Select;
import dev.go4j.Unit;
import dev.go4j.time.Time;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;

import static org.junit.jupiter.api.Assertions.*;

/** Ports of Go's src/context/context_test.go (x_test.go) behaviours. */
@Timeout(60)
class ContextTest {

    private static boolean isClosed(Receiver<Unit> c) {
        return c != null && Select.select(Select.recv(c), Select.otherwise(() -> { })) == 0;
    }

    @Test
    void background() {
        // TestBackground, TestTODO
        Context c = Context.background();
        assertNotNull(c);
        assertSame(Chan.nil(), c.done(), "a nil channel");
        assertNull(c.err());
        assertEquals(Optional.empty(), c.deadline());
        assertNull(c.value("k"));
        assertEquals("context.Background", c.toString());
        assertEquals("context.TODO", Context.todo().toString());
        assertSame(c, Context.background());
    }

    @Test
    void withCancelPropagatesDownThroughValues() {
        // TestWithCancel
        Context.Cancelable c1 = Context.withCancel(Context.background());
        assertEquals("context.Background.WithCancel", c1.toString());
        Context o = Context.withValue(c1, "k", "v");
        Context.Cancelable c2 = Context.withCancel(o);
        List<Context> contexts = List.of(c1, o, c2);
        for (Context c : contexts) {
            assertNotNull(c.done());
            assertNull(c.err());
            assertFalse(isClosed(c.done()));
        }
        c1.cancel();
        for (Context c : contexts) {
            assertTrue(isClosed(c.done()), c + " should be canceled");
            assertSame(Context.CANCELED, c.err());
        }
        assertEquals("context canceled", Context.CANCELED.getMessage());
        c1.cancel(); // idempotent
        assertSame(Context.CANCELED, c2.err());
    }

    @Test
    void cancelReachesGrandchildrenAndNeverParents() {
        // TestParentFinishesChild / TestChildFinishesFirst
        Context.Cancelable root = Context.withCancel(Context.background());
        Context.Cancelable parent = Context.withCancel(root);
        Context.Cancelable child = Context.withCancel(parent);
        Context.Cancelable grandchild = Context.withTimeout(Context.withValue(child, 1, 2), Duration.ofHours(1));
        Context.Cancelable sibling = Context.withCancel(parent);

        child.cancel();
        assertSame(Context.CANCELED, child.err());
        assertSame(Context.CANCELED, grandchild.err());
        assertTrue(isClosed(grandchild.done()));
        assertNull(parent.err(), "parent must not be canceled by its child");
        assertNull(root.err());
        assertNull(sibling.err());
        assertFalse(isClosed(parent.done()));

        root.cancel();
        assertSame(Context.CANCELED, parent.err());
        assertSame(Context.CANCELED, sibling.err());
    }

    @Test
    void cancelRunsOncePerDescendantUnderConcurrentCancels() {
        // TestSimultaneousCancels + exact counting with AfterFunc on every node
        for (int iter = 0; iter < 20; iter++) {
            Random rnd = new Random(iter);
            Context.Cancelable root = Context.withCancel(Context.background());
            List<Context.Cancelable> nodes = new ArrayList<>();
            nodes.add(root);
            for (int i = 0; i < 200; i++) {
                Context parent = nodes.get(rnd.nextInt(nodes.size()));
                if (rnd.nextBoolean()) parent = Context.withValue(parent, "k" + i, i);
                nodes.add(rnd.nextInt(3) == 0 ? Context.withTimeout(parent, Duration.ofHours(1)) : Context.withCancel(parent));
            }
            AtomicInteger calls = new AtomicInteger();
            var latch = new CountDownLatch(nodes.size());
            for (Context.Cancelable n : nodes) {
                Context.afterFunc(n, () -> {
                    calls.incrementAndGet();
                    latch.countDown();
                });
            }
            int threads = 4;
            Go.run(() -> {
                Chan<Boolean> fin = Chan.make(threads);
                for (int t = 0; t < threads; t++) {
                    int seed = t;
                    Go.go(() -> {
                        Random r = new Random(seed);
                        for (int k = 0; k < 30; k++) nodes.get(r.nextInt(nodes.size())).cancel();
                        root.cancel();
                        fin.send(true);
                    });
                }
                for (int t = 0; t < threads; t++) fin.recv();
                // the afterFunc goroutines belong to this run: wait for them before main returns
                long deadline = System.nanoTime() + 30_000_000_000L;
                while (latch.getCount() > 0 && System.nanoTime() < deadline) Time.sleep(Duration.ofMillis(1));
            });
            assertEquals(0, latch.getCount(), "afterFuncs still to run");
            for (Context.Cancelable n : nodes) {
                assertSame(Context.CANCELED, n.err());
                assertTrue(isClosed(n.done()));
            }
            assertEquals(nodes.size(), calls.get(), "each node's afterFunc ran exactly once");
        }
    }

    @Test
    void deadlineExceededIsReported() {
        // TestDeadline
        Go.run(() -> {
            long t0 = System.nanoTime();
            Context.Cancelable c = Context.withDeadline(Context.background(), Instant.now().plusMillis(50));
            assertTrue(c.toString().startsWith("context.Background.WithDeadline("), c.toString());
            c.done().recv();
            assertTrue(System.nanoTime() - t0 >= 40_000_000L, "deadline came early");
            assertSame(Context.DEADLINE_EXCEEDED, c.err());
            assertTrue(c.err().timeout());
            assertEquals("context deadline exceeded", c.err().getMessage());
            c.cancel();
            assertSame(Context.DEADLINE_EXCEEDED, c.err(), "first cancel wins");

            // a deadline in the past: canceled at once
            Context.Cancelable past = Context.withDeadline(Context.background(), Instant.now().minusSeconds(1));
            assertSame(Context.DEADLINE_EXCEEDED, past.err());
            assertTrue(isClosed(past.done()));

            // the timeout of a child of a timed-out parent
            Context.Cancelable o = Context.withTimeout(Context.background(), Duration.ofMillis(20));
            Context.Cancelable child = Context.withTimeout(o, Duration.ofHours(1));
            child.done().recv();
            assertSame(Context.DEADLINE_EXCEEDED, child.err());
        });
    }

    @Test
    void timeoutFromAPlainThread() {
        // TestTimeout
        long t0 = System.nanoTime(); // before the timeout starts counting
        Context.Cancelable c = Context.withTimeout(Context.background(), Duration.ofMillis(20));
        assertNull(c.done().recv());
        assertTrue(System.nanoTime() - t0 >= 20_000_000L);
        assertSame(Context.DEADLINE_EXCEEDED, c.err());
    }

    @Test
    void canceledTimeoutReportsCanceled() {
        // TestCanceledTimeout
        Go.run(() -> {
            Context.Cancelable c = Context.withTimeout(Context.background(), Duration.ofSeconds(1));
            Context.Cancelable o = Context.withTimeout(Context.withValue(c, "a", 1), Duration.ofHours(2));
            o.cancel();
            o.done().recv();
            assertSame(Context.CANCELED, o.err());
            assertNull(c.err());
            c.cancel();
            assertSame(Context.CANCELED, c.err());
        });
    }

    @Test
    void deadlineReportsTheEarlierOfParentAndChild() {
        Instant soon = Instant.now().plusSeconds(60);
        Context.Cancelable p = Context.withDeadline(Context.background(), soon);
        Context.Cancelable later = Context.withDeadline(p, soon.plusSeconds(60));
        Context.Cancelable earlier = Context.withDeadline(p, soon.minusSeconds(30));
        Context.Cancelable viaTimeout = Context.withTimeout(Context.withValue(p, "x", 1), Duration.ofHours(5));
        assertEquals(Optional.of(soon), p.deadline());
        assertEquals(Optional.of(soon), later.deadline());
        assertEquals(Optional.of(soon), viaTimeout.deadline());
        assertEquals(Optional.of(soon.minusSeconds(30)), earlier.deadline());
        assertEquals(Optional.of(soon), Context.withValue(p, "k", "v").deadline());
        assertEquals(Optional.empty(), Context.withCancel(Context.background()).deadline());
        // huge timeouts saturate instead of overflowing
        Context.Cancelable huge = Context.withTimeout(Context.background(), Duration.ofSeconds(Long.MAX_VALUE));
        assertNull(huge.err());
        huge.cancel();
        p.cancel();
        assertSame(Context.CANCELED, later.err());
    }

    @Test
    void values() {
        // TestValues
        record Key(String name) { }
        Key k1 = new Key("k1"), k2 = new Key("k2"), k3 = new Key("k3");
        Context c0 = Context.background();
        Context c1 = Context.withValue(c0, k1, "c1k1");
        Context c2 = Context.withValue(c1, k2, "c2k2");
        Context c3 = Context.withValue(c2, k3, "c3k3");
        Context c4 = Context.withValue(c3, k1, null);
        Context o0 = Context.withCancel(c4);
        Context o1 = Context.withValue(Context.withTimeout(o0, Duration.ofHours(1)), k2, "o1k2");
        assertNull(c0.value(k1));
        assertEquals("c1k1", c1.value(k1));
        assertNull(c1.value(k2));
        assertEquals("c1k1", c3.value(k1));
        assertEquals("c2k2", c3.value(k2));
        assertEquals("c3k3", c3.value(k3));
        assertNull(c4.value(k1), "a null value hides the parent's");
        assertEquals("c2k2", c4.value(k2));
        assertNull(o0.value(k1));
        assertEquals("o1k2", o1.value(k2));
        assertEquals("c3k3", o1.value(k3));
        assertEquals("c1k1", c3.value(new Key("k1")), "keys compare with equals");
        assertThrows(NullPointerException.class, () -> Context.withValue(c0, null, "v"));
        assertThrows(NullPointerException.class, () -> c3.value(null));
        ((Context.Cancelable) o0).cancel();
    }

    @Test
    void nullParentIsRefused() {
        assertThrows(NullPointerException.class, () -> Context.withCancel(null));
        assertThrows(NullPointerException.class, () -> Context.withCancelCause(null));
        assertThrows(NullPointerException.class, () -> Context.withTimeout(null, Duration.ZERO));
        assertThrows(NullPointerException.class, () -> Context.withDeadline(null, Instant.now()));
        assertThrows(NullPointerException.class, () -> Context.withValue(null, "k", "v"));
        assertThrows(NullPointerException.class, () -> Context.withoutCancel(null));
        var e = assertThrows(NullPointerException.class, () -> Context.withCancel(null));
        assertEquals("cannot create context from nil parent", e.getMessage());
    }

    @Test
    void doneWorksInSelect() {
        Go.run(() -> {
            Context.Cancelable c = Context.withCancel(Context.background());
            Chan<Integer> work = Chan.make();
            Go.go(() -> {
                Time.sleep(Duration.ofMillis(5));
                c.cancel();
            });
            int i = Select.select(Select.recv(work), Select.recv(c.done()));
            assertEquals(1, i);
            assertSame(Context.CANCELED, c.err());
            // background's done() is a nil channel: never ready
            AtomicInteger took = new AtomicInteger(-1);
            int j = Select.select(Select.recv(Context.background().done()), Select.otherwise(() -> took.set(1)));
            assertEquals(1, j);
            assertEquals(1, took.get());
            // a timeout in select
            Context.Cancelable t = Context.withTimeout(Context.background(), Duration.ofMillis(5));
            assertEquals(1, Select.select(Select.recv(work), Select.recv(t.done())));
            assertSame(Context.DEADLINE_EXCEEDED, t.err());
        });
    }

    @Test
    void withCancelCauseAndCause() {
        // TestCause
        Context.CancelableCause c = Context.withCancelCause(Context.background());
        Context child = Context.withCancel(Context.withValue(c, "a", "b"));
        assertNull(Context.cause(c));
        RuntimeException why = new RuntimeException("why");
        c.cancel(why);
        c.cancel(new RuntimeException("later"));
        assertSame(Context.CANCELED, c.err());
        assertSame(why, Context.cause(c));
        assertSame(why, Context.cause(child), "children inherit the cause");
        // no cause given: the cause is the err
        Context.CancelableCause d = Context.withCancelCause(Context.background());
        d.cancel(null);
        assertSame(Context.CANCELED, Context.cause(d));
        Context.Cancelable e = Context.withCancel(Context.background());
        e.cancel();
        assertSame(Context.CANCELED, Context.cause(e));
        // deadline cause
        RuntimeException slow = new RuntimeException("slow");
        Context.Cancelable t = Context.withTimeoutCause(Context.background(), Duration.ofMillis(1), slow);
        assertNull(t.done().recv());
        assertSame(Context.DEADLINE_EXCEEDED, t.err());
        assertSame(slow, Context.cause(t));
        Context.Cancelable past = Context.withDeadlineCause(Context.background(), Instant.EPOCH, slow);
        assertSame(slow, Context.cause(past));
        assertNull(Context.cause(Context.background()));
    }

    @Test
    void afterFuncRunsOnceAfterCancelAndStopPrevents() {
        // TestAfterFuncCalledAfterCancel, TestAfterFuncNotCalledAfterStop, TestAfterFuncCalledImmediately
        AtomicInteger runs = new AtomicInteger();
        Go.run(() -> {
            Chan<Long> ran = Chan.make(4);
            Context.Cancelable c = Context.withCancel(Context.background());
            BooleanSupplier stop = Context.afterFunc(c, () -> {
                runs.incrementAndGet();
                ran.send(Go.goid());
            });
            c.cancel();
            c.cancel();
            long goid = ran.recv();
            assertNotEquals(Go.goid(), goid, "f runs in its own goroutine");
            assertFalse(stop.getAsBoolean(), "already started");

            Context.Cancelable c2 = Context.withCancel(Context.background());
            BooleanSupplier stop2 = Context.afterFunc(c2, runs::incrementAndGet);
            assertTrue(stop2.getAsBoolean());
            assertFalse(stop2.getAsBoolean());
            c2.cancel();

            // already cancelled: f is started at once
            Context.afterFunc(c, () -> ran.send(0L));
            assertEquals(0L, ran.recv());
            Time.sleep(Duration.ofMillis(10));
        });
        assertEquals(1, runs.get());
    }

    @Test
    void withoutCancelKeepsValuesButNotCancellation() {
        Context.Cancelable p = Context.withTimeout(Context.withValue(Context.background(), "k", "v"), Duration.ofHours(1));
        Context w = Context.withoutCancel(p);
        p.cancel();
        assertSame(Chan.nil(), w.done());
        assertNull(w.err());
        assertEquals(Optional.empty(), w.deadline());
        assertEquals("v", w.value("k"));
        Context.Cancelable c = Context.withCancel(w);
        assertNull(c.err());
        assertNull(Context.cause(w));
        c.cancel();
    }

    @Test
    void customParentIsWatched() {
        Go.run(() -> {
            HandmadeContext my = new HandmadeContext();
            Context.Cancelable c = Context.withCancel(my);
            Context.Cancelable g = Context.withCancel(c);
            assertEquals("my:x", g.value("x"));
            my.cancel();
            assertNull(g.done().recv());
            assertSame(Context.CANCELED, g.err());
            assertSame(Context.CANCELED, c.err());
            // already-cancelled custom parent: child cancelled at once
            assertSame(Context.CANCELED, Context.withCancel(my).err());
        });
    }

    @Test
    void interlockedCancels() {
        // TestInterlockedCancels: parent and child cancelled from different goroutines.
        Go.run(() -> {
            for (int i = 0; i < 500; i++) {
                Context.Cancelable parent = Context.withCancel(Context.background());
                Context.Cancelable child = Context.withTimeout(parent, Duration.ofHours(1));
                Chan<Boolean> fin = Chan.make(2);
                Go.go(() -> { parent.cancel(); fin.send(true); });
                Go.go(() -> { child.cancel(); fin.send(true); });
                fin.recv();
                fin.recv();
                assertNotNull(child.err());
                assertSame(Context.CANCELED, parent.err());
            }
        });
    }
}
