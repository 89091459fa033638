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
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.function.BooleanSupplier;

import static org.junit.jupiter.api.Assertions.*;

/**
 * Parents outside go4j that implement {@link Context.AfterFuncer}: ports of Go's
 * afterfunc_test.go (TestCustomContextAfterFuncCancel, ...Timeout, ...AfterFunc,
 * ...UnregisterCancel, ...UnregisterTimeout, ...UnregisterAfterFunc), plus no watching
 * goroutine (TestCustomContextGoroutines' afterFuncer case), a deadline that unregisters,
 * the errors for a broken AfterFuncer, and races between the parent's cancel and the
 * child's, with exact counts.
 */
@Timeout(60)
class ContextAfterFuncerTest {
    private static final Duration VERY_LONG = Duration.ofHours(1000);

    /** Go's afterFuncContext: keeps its AfterFunc registrations, runs each in a goroutine on cancel. */
    static class Parent implements Context.AfterFuncer {
        private final Map<Object, Runnable> afterFuncs = new HashMap<>(); // guarded by this
        private final Chan<Unit> done = Chan.make();
        private Error err; // guarded by this
        /** A value for each registration a stop function removed: a test can wait for one. */
        final Chan<Unit> unregistered = Chan.make(64);

        @Override public Optional<Instant> deadline() { return Optional.empty(); }
        @Override public Receiver<Unit> done() { return done; }
        @Override public synchronized Error err() { return err; }
        @Override public Object value(Object key) { return null; }

        @Override
        public synchronized BooleanSupplier afterFunc(Runnable f) {
            Object k = new Object();
            afterFuncs.put(k, f);
            return () -> {
                synchronized (Parent.this) {
                    boolean removed = afterFuncs.remove(k) != null;
                    if (removed) unregistered.trySend(Unit.UNIT);
                    return removed;
                }
            };
        }

        synchronized int registered() { return afterFuncs.size(); }

        void cancel() {
            List<Runnable> fs;
            synchronized (this) {
                if (err != null) return;
                err = Context.CANCELED;
                fs = new ArrayList<>(afterFuncs.values());
                afterFuncs.clear();
            }
            done.close();
            for (Runnable f : fs) Go.go(f);
        }
    }

    private static boolean closedNow(Receiver<Unit> c) {
        return Select.select(Select.recv(c), Select.otherwise(() -> { })) == 0;
    }

    @Test
    void cancelReachesAChildWithNoGoroutineWatching() {
        Go.run(() -> {
            Parent ctx0 = new Parent();
            int g = Go.numGoroutine();
            Context.Cancelable ctx1 = Context.withCancel(ctx0);
            assertEquals(g, Go.numGoroutine(), "an AfterFuncer parent needs no watching goroutine");
            assertEquals(1, ctx0.registered());
            assertFalse(closedNow(ctx1.done()));
            ctx0.cancel();
            assertNull(ctx1.done().recv());
            assertSame(Context.CANCELED, ctx1.err());
            assertSame(Context.CANCELED, Context.cause(ctx1));
            ctx1.cancel();
        });
    }

    @Test
    void cancelReachesAChildWithATimeout() {
        Parent ctx0 = new Parent();
        Context.Cancelable ctx1 = Context.withTimeout(ctx0, VERY_LONG);
        ctx0.cancel();
        assertNull(ctx1.done().recv());
        assertSame(Context.CANCELED, ctx1.err());
        ctx1.cancel();
    }

    @Test
    void cancelRunsAnAfterFunc() {
        Parent ctx0 = new Parent();
        Chan<Unit> donec = Chan.make();
        BooleanSupplier stop = Context.afterFunc(ctx0, donec::close);
        ctx0.cancel();
        assertNull(donec.recv());
        assertFalse(stop.getAsBoolean(), "f has run");
    }

    @Test
    void cancellingTheChildrenUnregistersThem() {
        Parent ctx0 = new Parent();
        Context.Cancelable c1 = Context.withCancel(ctx0);
        Context.Cancelable c2 = Context.withCancel(ctx0);
        assertEquals(2, ctx0.registered());
        c1.cancel();
        c2.cancel();
        assertEquals(0, ctx0.registered());
    }

    @Test
    void cancellingATimeoutUnregistersIt() {
        Parent ctx0 = new Parent();
        Context.Cancelable c = Context.withTimeout(ctx0, VERY_LONG);
        assertEquals(1, ctx0.registered());
        c.cancel();
        assertEquals(0, ctx0.registered());
    }

    @Test
    void aDeadlineThatPassesUnregisters() {
        Parent ctx0 = new Parent();
        Context.Cancelable c = Context.withTimeout(ctx0, Duration.ofMillis(1));
        assertNull(c.done().recv());
        assertSame(Context.DEADLINE_EXCEEDED, c.err());
        // The deadline's cancel closes done before it leaves the parent (as Go's timerCtx
        // does), so wait for the unregistration; one that never comes hangs until @Timeout.
        assertSame(Unit.UNIT, ctx0.unregistered.recv());
        assertEquals(0, ctx0.registered());
    }

    @Test
    void stoppingAnAfterFuncUnregistersIt() {
        Parent ctx0 = new Parent();
        BooleanSupplier stop = Context.afterFunc(ctx0, () -> fail("stopped"));
        assertEquals(1, ctx0.registered());
        assertTrue(stop.getAsBoolean());
        assertEquals(0, ctx0.registered());
        assertFalse(stop.getAsBoolean());
    }

    @Test
    void aGrandchildIsCancelledThroughTheChild() {
        Parent ctx0 = new Parent();
        Context.Cancelable c1 = Context.withCancel(ctx0);
        Context.Cancelable c2 = Context.withCancel(c1);
        assertEquals(1, ctx0.registered(), "only the child registers with the parent");
        ctx0.cancel();
        assertNull(c2.done().recv());
        assertSame(Context.CANCELED, c2.err());
    }

    @Test
    void anAfterFuncerThatReturnsNoStopFunctionIsNamed() {
        Context.AfterFuncer broken = new Parent() {
            @Override public BooleanSupplier afterFunc(Runnable f) { return null; }
            @Override public String toString() { return "brokenParent"; }
        };
        NullPointerException e = assertThrows(NullPointerException.class, () -> Context.withCancel(broken));
        assertEquals("context: brokenParent.afterFunc returned null, not a stop function", e.getMessage());
    }

    @Test
    void anAfterFuncerThatRunsFBeforeItIsCancelledIsNamed() {
        Context.AfterFuncer eager = new Parent() {
            @Override public BooleanSupplier afterFunc(Runnable f) {
                f.run();
                return () -> false;
            }
            @Override public String toString() { return "eagerParent"; }
        };
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> Context.withCancel(eager));
        assertEquals("context: eagerParent ran an afterFunc function before it was cancelled (its err() is null)",
                e.getMessage());
    }

    /** The parent's cancel and the child's race: the child ends cancelled and registered nowhere. */
    private static void cancelRace(int rounds) throws InterruptedException {
        for (int i = 0; i < rounds; i++) {
            Parent ctx0 = new Parent();
            Context.Cancelable c1 = Context.withCancel(ctx0);
            Context.Cancelable c2 = Context.withCancel(c1);
            CountDownLatch both = new CountDownLatch(2);
            Go.go(() -> { ctx0.cancel(); both.countDown(); });
            Go.go(() -> { c1.cancel(); both.countDown(); });
            both.await();
            assertNull(c2.done().recv());
            assertSame(Context.CANCELED, c1.err());
            assertSame(Context.CANCELED, c2.err());
            assertEquals(0, ctx0.registered(), "round " + i);
        }
    }

    @Test
    void parentAndChildCancelRacingFromGoroutines() {
        Go.run(() -> {
            try {
                cancelRace(2_000);
            } catch (InterruptedException e) {
                throw new AssertionError(e);
            }
        });
    }

    @Test
    void parentAndChildCancelRacingFromAPlainThread() throws InterruptedException {
        cancelRace(2_000);
    }

    /** An afterFunc's stop races the parent's cancel: in every round exactly one of them wins. */
    @Test
    void stopAndCancelRacingRunOrStopEachFunctionExactlyOnce() {
        Go.run(() -> {
            int rounds = 2_000;
            Chan<Integer> ran = Chan.make(rounds);
            int stopped = 0;
            for (int i = 0; i < rounds; i++) {
                Parent ctx0 = new Parent();
                int round = i;
                BooleanSupplier stop = Context.afterFunc(ctx0, () -> ran.send(round));
                Go.go(ctx0::cancel);
                if (stop.getAsBoolean()) stopped++;
            }
            for (int i = stopped; i < rounds; i++) ran.recv(); // each f that was not stopped runs
            assertFalse(Select.select(Select.recv(ran), Select.otherwise(() -> { })) == 0,
                    "a stopped function ran too");
        });
    }
}
