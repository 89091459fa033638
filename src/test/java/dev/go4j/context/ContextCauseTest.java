package dev.go4j.context;

import dev.go4j.Chan;
import dev.go4j.Go;
import dev.go4j.Receiver;
import dev.go4j.Unit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

import static org.junit.jupiter.api.Assertions.*;

/**
 * Context.cause: ports of Go's TestCause table, TestCauseRace,
 * TestWithCancelCanceledParent, TestWithCancelSimultaneouslyCanceledParent,
 * TestCustomContextPropagation and TestCustomContextCause (src/context/x_test.go).
 */
@Timeout(60)
class ContextCauseTest {
    private static final Duration FOREVER = Duration.ofSeconds(1_000_000);
    private static final RuntimeException PARENT_CAUSE = new RuntimeException("parentCause");
    private static final RuntimeException CHILD_CAUSE = new RuntimeException("childCause");
    private static final RuntimeException TOO_SLOW = new RuntimeException("tooSlow");
    private static final RuntimeException FINISHED_EARLY = new RuntimeException("finishedEarly");

    private record Case(String name, Supplier<Context> ctx, Context.Error err, Throwable cause) { }

    private static List<Case> cases() {
        List<Case> l = new ArrayList<>();
        l.add(new Case("Background", Context::background, null, null));
        l.add(new Case("TODO", Context::todo, null, null));
        l.add(new Case("WithCancel", () -> {
            var c = Context.withCancel(Context.background());
            c.cancel();
            return c;
        }, Context.CANCELED, Context.CANCELED));
        l.add(new Case("WithCancelCause", () -> {
            var c = Context.withCancelCause(Context.background());
            c.cancel(PARENT_CAUSE);
            return c;
        }, Context.CANCELED, PARENT_CAUSE));
        l.add(new Case("WithCancelCause nil", () -> {
            var c = Context.withCancelCause(Context.background());
            c.cancel(null);
            return c;
        }, Context.CANCELED, Context.CANCELED));
        l.add(new Case("WithCancelCause: parent cause before child", () -> {
            var p = Context.withCancelCause(Context.background());
            var c = Context.withCancelCause(p);
            p.cancel(PARENT_CAUSE);
            c.cancel(CHILD_CAUSE);
            return c;
        }, Context.CANCELED, PARENT_CAUSE));
        l.add(new Case("WithCancelCause: parent cause after child", () -> {
            var p = Context.withCancelCause(Context.background());
            var c = Context.withCancelCause(p);
            c.cancel(CHILD_CAUSE);
            p.cancel(PARENT_CAUSE);
            return c;
        }, Context.CANCELED, CHILD_CAUSE));
        l.add(new Case("WithCancelCause: parent cause before nil", () -> {
            var p = Context.withCancelCause(Context.background());
            var c = Context.withCancel(p);
            p.cancel(PARENT_CAUSE);
            c.cancel();
            return c;
        }, Context.CANCELED, PARENT_CAUSE));
        l.add(new Case("WithCancelCause: parent cause after nil", () -> {
            var p = Context.withCancelCause(Context.background());
            var c = Context.withCancel(p);
            c.cancel();
            p.cancel(PARENT_CAUSE);
            return c;
        }, Context.CANCELED, Context.CANCELED));
        l.add(new Case("WithCancelCause: child cause after nil", () -> {
            var p = Context.withCancel(Context.background());
            var c = Context.withCancelCause(p);
            p.cancel();
            c.cancel(CHILD_CAUSE);
            return c;
        }, Context.CANCELED, Context.CANCELED));
        l.add(new Case("WithCancelCause: child cause before nil", () -> {
            var p = Context.withCancel(Context.background());
            var c = Context.withCancelCause(p);
            c.cancel(CHILD_CAUSE);
            p.cancel();
            return c;
        }, Context.CANCELED, CHILD_CAUSE));
        l.add(new Case("WithTimeout", () -> {
            var c = Context.withTimeout(Context.background(), Duration.ZERO);
            c.cancel();
            return c;
        }, Context.DEADLINE_EXCEEDED, Context.DEADLINE_EXCEEDED));
        l.add(new Case("WithTimeout canceled", () -> {
            var c = Context.withTimeout(Context.background(), FOREVER);
            c.cancel();
            return c;
        }, Context.CANCELED, Context.CANCELED));
        l.add(new Case("WithTimeoutCause", () -> {
            var c = Context.withTimeoutCause(Context.background(), Duration.ZERO, TOO_SLOW);
            c.cancel();
            return c;
        }, Context.DEADLINE_EXCEEDED, TOO_SLOW));
        l.add(new Case("WithTimeoutCause canceled", () -> {
            var c = Context.withTimeoutCause(Context.background(), FOREVER, TOO_SLOW);
            c.cancel();
            return c;
        }, Context.CANCELED, Context.CANCELED));
        l.add(new Case("WithTimeoutCause stacked", () -> {
            var p = Context.withCancelCause(Context.background());
            var c = Context.withTimeoutCause(p, Duration.ZERO, TOO_SLOW);
            p.cancel(FINISHED_EARLY);
            return c;
        }, Context.DEADLINE_EXCEEDED, TOO_SLOW));
        l.add(new Case("WithTimeoutCause stacked canceled", () -> {
            var p = Context.withCancelCause(Context.background());
            var c = Context.withTimeoutCause(p, FOREVER, TOO_SLOW);
            p.cancel(FINISHED_EARLY);
            return c;
        }, Context.CANCELED, FINISHED_EARLY));
        l.add(new Case("WithDeadlineCause in the past", () -> {
            var c = Context.withDeadlineCause(Context.background(), Instant.now().minusSeconds(1), TOO_SLOW);
            c.cancel();
            return c;
        }, Context.DEADLINE_EXCEEDED, TOO_SLOW));
        l.add(new Case("WithDeadlineCause canceled", () -> {
            var c = Context.withDeadlineCause(Context.background(), Instant.now().plus(FOREVER), TOO_SLOW);
            c.cancel();
            return c;
        }, Context.CANCELED, Context.CANCELED));
        l.add(new Case("WithoutCancel", () -> Context.withoutCancel(Context.background()), null, null));
        l.add(new Case("WithoutCancel canceled", () -> {
            var p = Context.withCancelCause(Context.background());
            var c = Context.withoutCancel(p);
            p.cancel(FINISHED_EARLY);
            return c;
        }, null, null));
        l.add(new Case("WithoutCancel timeout", () -> {
            var p = Context.withTimeoutCause(Context.background(), Duration.ZERO, TOO_SLOW);
            var c = Context.withoutCancel(p);
            p.cancel();
            return c;
        }, null, null));
        l.add(new Case("WithValue over WithCancelCause", () -> {
            var p = Context.withCancelCause(Context.background());
            var c = Context.withValue(p, "k", "v");
            p.cancel(PARENT_CAUSE);
            return c;
        }, Context.CANCELED, PARENT_CAUSE));
        return l;
    }

    private static void checkTable() {
        for (Case c : cases()) {
            Context ctx = c.ctx().get();
            assertSame(c.err(), ctx.err(), c.name() + ": err");
            assertSame(c.cause(), Context.cause(ctx), c.name() + ": cause");
        }
    }

    @Test
    void causeTableFromAGoroutine() {
        Go.run(ContextCauseTest::checkTable);
    }

    @Test
    void causeTableFromAPlainThread() {
        checkTable();
    }

    /** TestCauseRace: polling cause (not done) sees either null or the cause, never anything else. */
    private static void causeRace(boolean cancelInGoroutine, int rounds) {
        for (int i = 0; i < rounds; i++) {
            RuntimeException cause = new RuntimeException("TestCauseRace " + i);
            var ctx = Context.withCancelCause(Context.background());
            if (cancelInGoroutine) {
                Go.go(() -> ctx.cancel(cause));
            } else {
                Thread.ofPlatform().start(() -> ctx.cancel(cause));
            }
            Throwable got;
            while ((got = Context.cause(ctx)) == null) {
                if (Go.goid() != 0) Go.gosched();
                else Thread.yield();
            }
            assertSame(cause, got, "iteration " + i);
            // err is set before the cause is visible
            assertSame(Context.CANCELED, ctx.err(), "iteration " + i);
        }
    }

    @Test
    void causeRaceInGoroutines() {
        Go.run(() -> causeRace(true, 2000));
    }

    @Test
    void causeRaceOnPlainThreads() {
        causeRace(false, 500);
    }

    @Test
    void withCancelOfACanceledParentHasItsCause() {
        // TestWithCancelCanceledParent
        var parent = Context.withCancelCause(Context.background());
        RuntimeException cause = new RuntimeException("Because!");
        parent.cancel(cause);
        for (Context c : List.of(Context.withCancel(parent), Context.withCancelCause(parent),
                Context.withTimeout(parent, FOREVER), Context.withValue(Context.withCancel(parent), "k", 1))) {
            assertTrue(closedNow(c.done()), c + " not done immediately upon construction");
            assertSame(Context.CANCELED, c.err(), c.toString());
            assertSame(cause, Context.cause(c), c.toString());
        }
        // an earlier deadline cancelled by the parent first
        var t = Context.withTimeoutCause(parent, Duration.ZERO, TOO_SLOW);
        assertSame(Context.CANCELED, t.err());
        assertSame(cause, Context.cause(t));
    }

    private static boolean closedNow(Receiver<Unit> done) {
        return dev.go4j.Select.select(dev.go4j.Select.recv(done), dev.go4j.Select.otherwise(() -> { })) == 0;
    }

    /** TestWithCancelSimultaneouslyCanceledParent: the parent is cancelled while the child is made. */
    private static void simultaneouslyCanceledParent(boolean goroutines) {
        for (int i = 0; i < 1000; i++) {
            var parent = Context.withCancelCause(Context.background());
            RuntimeException cause = new RuntimeException("Because! " + i);
            if (goroutines) Go.go(() -> parent.cancel(cause));
            else Thread.ofPlatform().start(() -> parent.cancel(cause));
            var c = Context.withCancel(parent);
            assertNull(c.done().recv());
            assertSame(Context.CANCELED, c.err(), "iteration " + i);
            assertSame(cause, Context.cause(c), "iteration " + i);
        }
    }

    @Test
    void simultaneouslyCanceledParentInGoroutines() {
        Go.run(() -> simultaneouslyCanceledParent(true));
    }

    @Test
    void simultaneouslyCanceledParentOnPlainThreads() {
        simultaneouslyCanceledParent(false);
    }

    /** Go's customDoneContext: a go4j context's values, but its own done channel. */
    private record CustomDone(Context inner, Chan<Unit> donec) implements Context {
        @Override public Optional<Instant> deadline() { return inner.deadline(); }
        @Override public Receiver<Unit> done() { return donec; }
        @Override public Error err() { return inner.err(); }
        @Override public Object value(Object key) { return inner.value(key); }
    }

    @Test
    void customContextPropagatesTheCause() {
        // TestCustomContextPropagation
        Go.run(() -> {
            RuntimeException cause = new RuntimeException("TestCustomContextPropagation");
            Chan<Unit> donec = Chan.make();
            var ctx1 = Context.withCancelCause(Context.background());
            var ctx2 = new CustomDone(ctx1, donec);
            var ctx3 = Context.withCancel(ctx2);
            try {
                ctx1.cancel(cause);
                donec.close();
                assertNull(ctx3.done().recv());
                assertSame(Context.CANCELED, ctx3.err());
                assertSame(cause, Context.cause(ctx3));
            } finally {
                ctx3.cancel();
            }
        });
    }

    /** Go's customCauseContext: cancelled by hand, optionally cancelling one child too. */
    private static final class CustomCause implements Context {
        private final Chan<Unit> done = Chan.make();
        private Error err;
        private Cancelable cancelChild;

        @Override public Optional<Instant> deadline() { return Optional.empty(); }
        @Override public Receiver<Unit> done() { return done; }
        @Override public synchronized Error err() { return err; }
        @Override public Object value(Object key) { return null; }

        void cancel() {
            Cancelable child;
            synchronized (this) {
                err = Context.CANCELED;
                done.close();
                child = cancelChild;
            }
            if (child != null) child.cancel();
        }
    }

    private static void customContextCause() {
        // a cancelled custom context: err and cause are Canceled
        CustomCause ccc = new CustomCause();
        ccc.cancel();
        assertSame(Context.CANCELED, ccc.err());
        assertSame(Context.CANCELED, Context.cause(ccc));

        // a WithCancelCause child of a custom context keeps its own cause; the parent is untouched
        ccc = new CustomCause();
        var ctx = Context.withCancelCause(ccc);
        RuntimeException cause = new RuntimeException("TestCustomContextCause");
        ctx.cancel(cause);
        assertSame(Context.CANCELED, ctx.err());
        assertSame(cause, Context.cause(ctx));
        assertNull(ccc.err());
        assertNull(Context.cause(ccc));
        // now cancelling the custom parent changes nothing for the child
        ccc.cancel();
        assertSame(Context.CANCELED, ctx.err());
        assertSame(cause, Context.cause(ctx));
        assertSame(Context.CANCELED, ccc.err());
        assertSame(Context.CANCELED, Context.cause(ccc));

        // the custom context cancels its child itself
        ccc = new CustomCause();
        var c2 = Context.withCancel(ccc);
        ccc.cancelChild = c2;
        ccc.cancel();
        assertSame(Context.CANCELED, c2.err());
        assertSame(Context.CANCELED, Context.cause(c2));
        assertSame(Context.CANCELED, ccc.err());
        assertSame(Context.CANCELED, Context.cause(ccc));
    }

    @Test
    void customContextCauseFromAGoroutine() {
        Go.run(ContextCauseTest::customContextCause);
    }

    @Test
    void customContextCauseFromAPlainThread() {
        customContextCause();
    }
}
