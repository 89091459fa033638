package dev.go4j.context;

import dev.go4j.Chan;
import dev.go4j.Go;
import dev.go4j.Receiver;
import dev.go4j.Select;
import dev.go4j.Unit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.*;

/**
 * Contexts implemented outside go4j as parents: ports of the otherContext cases of Go's
 * TestWithCancel, TestDeadline, TestTimeout, TestCanceledTimeout and TestValues, and of
 * TestCustomContextGoroutines (a wrapper that forwards done() to a go4j context needs no
 * watching goroutine; one with its own done channel is watched and its inner context's
 * cancellation is not used).
 */
@Timeout(60)
class ContextCustomParentTest {
    private static final Duration VERY_LONG = Duration.ofHours(1000);

    /** Go's otherContext: embeds a Context, so every method forwards. */
    private record Other(Context c) implements Context {
        @Override public Optional<Instant> deadline() { return c.deadline(); }
        @Override public Receiver<Unit> done() { return c.done(); }
        @Override public Error err() { return c.err(); }
        @Override public Object value(Object key) { return c.value(key); }
    }

    /** Go's myDoneCtx: forwards everything but done(), which is a fresh channel nobody closes. */
    private record OwnDone(Context c) implements Context {
        @Override public Optional<Instant> deadline() { return c.deadline(); }
        @Override public Receiver<Unit> done() { return Chan.make(); }
        @Override public Error err() { return c.err(); }
        @Override public Object value(Object key) { return c.value(key); }
    }

    private static boolean closedNow(Receiver<Unit> c) {
        return Select.select(Select.recv(c), Select.otherwise(() -> { })) == 0;
    }

    private static void withCancelThroughAWrapper() {
        Context.Cancelable c1 = Context.withCancel(Context.background());
        Context o = new Other(c1);
        Context.Cancelable c2 = Context.withCancel(o);
        List<Context> contexts = List.of(c1, o, c2);
        for (Context c : contexts) {
            assertNotNull(c.done());
            assertNull(c.err());
            assertFalse(closedNow(c.done()));
        }
        c1.cancel(); // propagates synchronously, through the wrapper too
        for (Context c : contexts) {
            assertTrue(closedNow(c.done()), c + " should be done");
            assertSame(Context.CANCELED, c.err());
        }
    }

    @Test
    void withCancelThroughAWrapperFromAGoroutine() {
        Go.run(() -> {
            for (int i = 0; i < 200; i++) withCancelThroughAWrapper();
        });
    }

    @Test
    void withCancelThroughAWrapperFromAPlainThread() {
        for (int i = 0; i < 200; i++) withCancelThroughAWrapper();
    }

    private static void testDeadline(Context c, String name) {
        assertNull(c.done().recv(), name); // done eventually; @Timeout catches a hang
        assertSame(Context.DEADLINE_EXCEEDED, c.err(), name);
    }

    private static void deadlinesThroughAWrapper() {
        Duration shortDuration = Duration.ofMillis(1);
        Context.Cancelable c = Context.withDeadline(Context.background(), Instant.now().plus(shortDuration));
        assertTrue(c.toString().startsWith("context.Background.WithDeadline("), c.toString());
        testDeadline(c, "WithDeadline");

        c = Context.withDeadline(Context.background(), Instant.now().plus(shortDuration));
        testDeadline(new Other(c), "WithDeadline+otherContext");

        c = Context.withDeadline(Context.background(), Instant.now().plus(shortDuration));
        Instant inner = c.deadline().orElseThrow();
        Context.Cancelable c2 = Context.withDeadline(new Other(c), Instant.now().plus(VERY_LONG));
        assertEquals(Optional.of(inner), c2.deadline(), "the earlier deadline of the parent");
        testDeadline(c2, "WithDeadline+otherContext+WithDeadline");

        testDeadline(Context.withDeadline(Context.background(), Instant.now().minus(shortDuration)), "WithDeadline+inthepast");
        testDeadline(Context.withDeadline(Context.background(), Instant.now()), "WithDeadline+now");

        c = Context.withTimeout(Context.background(), shortDuration);
        assertTrue(c.toString().startsWith("context.Background.WithDeadline("), c.toString());
        testDeadline(c, "WithTimeout");
        testDeadline(new Other(Context.withTimeout(Context.background(), shortDuration)), "WithTimeout+otherContext");
        testDeadline(Context.withTimeout(new Other(Context.withTimeout(Context.background(), shortDuration)), VERY_LONG),
                "WithTimeout+otherContext+WithTimeout");
        testDeadline(Context.withTimeout(Context.background(), Duration.ZERO), "WithTimeout+zero");
        testDeadline(Context.withTimeout(Context.background(), Duration.ofMillis(-5)), "WithTimeout+negative");
    }

    @Test
    void deadlinesThroughAWrapperFromAGoroutine() {
        Go.run(() -> {
            for (int i = 0; i < 20; i++) deadlinesThroughAWrapper();
        });
    }

    @Test
    void deadlinesThroughAWrapperFromAPlainThread() {
        for (int i = 0; i < 20; i++) deadlinesThroughAWrapper();
    }

    private static void canceledTimeoutThroughAWrapper() {
        Context.Cancelable p = Context.withTimeout(Context.background(), Duration.ofHours(1));
        Context.Cancelable c = Context.withTimeout(new Other(p), VERY_LONG);
        c.cancel(); // synchronous
        assertTrue(closedNow(c.done()));
        assertSame(Context.CANCELED, c.err());
        assertNull(p.err(), "never the parent");
        p.cancel();
    }

    @Test
    void canceledTimeoutThroughAWrapperFromAGoroutineAndAPlainThread() {
        Go.run(ContextCustomParentTest::canceledTimeoutThroughAWrapper);
        canceledTimeoutThroughAWrapper();
    }

    @Test
    void valuesThroughAWrapper() {
        // TestValues' otherContext half: k1, k2, k3 of different types, one of them equal ints
        record Key1(int i) { }
        record Key2(int i) { }
        Key1 k1 = new Key1(1);
        Key2 k2 = new Key2(1), k3 = new Key2(3);
        Context c1 = Context.withValue(Context.background(), k1, "c1k1");
        Context c2 = Context.withValue(c1, k2, "c2k2");
        Context c3 = Context.withValue(c2, k3, "c3k3");
        Context c4 = Context.withValue(c3, k1, null);

        Context o0 = new Other(Context.background());
        assertNull(o0.value(k1));
        Context o1 = new Other(Context.withValue(Context.background(), k1, "c1k1"));
        assertEquals("c1k1", o1.value(k1));
        assertNull(o1.value(k2));
        Context o2 = Context.withValue(o1, k2, "o2k2");
        assertEquals("c1k1", o2.value(k1));
        assertEquals("o2k2", o2.value(k2));
        assertNull(o2.value(k3));
        Context o3 = new Other(c4);
        assertNull(o3.value(k1));
        assertEquals("c2k2", o3.value(k2));
        assertEquals("c3k3", o3.value(k3));
        Context o4 = Context.withValue(o3, k3, null);
        assertNull(o4.value(k1));
        assertEquals("c2k2", o4.value(k2));
        assertNull(o4.value(k3));
        // and through a cancellable child of the wrapper
        Context.Cancelable o5 = Context.withCancel(o4);
        assertEquals("c2k2", o5.value(k2));
        assertNull(o5.value(k3));
        o5.cancel();
        assertEquals("c2k2", o5.value(k2), "values outlive cancellation");
    }

    @Test
    void wrapperWithItsOwnDoneIsWatchedAndForwardingWrapperIsNot() {
        // TestCustomContextGoroutines
        Go.run(() -> {
            int g = Go.numGoroutine();

            Context.Cancelable ctx1 = Context.withCancel(Context.background());
            Context ctx2 = new Other(ctx1);
            Context.Cancelable ctx3 = Context.withCancel(ctx2);
            assertEquals(g, Go.numGoroutine(), "a wrapper forwarding done() needs no goroutine");

            // ctx1 does not provide OwnDone's done(): it must not be used
            Context.Cancelable watched = Context.withCancel(new OwnDone(ctx2));
            assertEquals(g + 1, Go.numGoroutine(), "a goroutine watches the custom done channel");

            Context.Cancelable ctx4 = Context.withTimeout(ctx3, VERY_LONG);
            Context.Cancelable ctx5 = Context.withCancel(ctx4);
            ctx5.cancel();
            Context.Cancelable ctx6 = Context.withTimeout(ctx5, VERY_LONG);
            assertSame(Context.CANCELED, ctx6.err(), "child of a cancelled context");
            assertEquals(g + 1, Go.numGoroutine());

            ctx1.cancel();
            assertSame(Context.CANCELED, ctx3.err());
            assertSame(Context.CANCELED, ctx4.err());
            assertNull(watched.err(), "cancelled only through the custom done channel, which is never closed");
            Context.Cancelable ctx7 = Context.withCancel(ctx5);
            assertSame(Context.CANCELED, ctx7.err());
            assertEquals(g + 1, Go.numGoroutine());

            // cancelling the watched child ends its watcher
            watched.cancel();
            assertSame(Context.CANCELED, watched.err());
            while (Go.numGoroutine() != g) Go.gosched();
            assertEquals(g, Go.numGoroutine());
        });
    }
}
