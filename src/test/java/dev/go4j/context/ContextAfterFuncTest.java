package dev.go4j.context;

import dev.go4j.Chan;
import dev.go4j.Go;
import dev.go4j.Unit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;

import static org.junit.jupiter.api.Assertions.*;

/**
 * Context.afterFunc: ports of Go's TestAfterFuncCalledAfterTimeout,
 * TestAfterFuncCalledAsynchronously and TestAfterFuncNotCalledAfterStop, plus the stop
 * contract under a race with cancel (exactly one of "stop returned true" and "f ran"),
 * never-cancelled contexts, and a parent implemented outside go4j.
 */
@Timeout(60)
class ContextAfterFuncTest {

    private static void calledAfterTimeout() {
        var ctx = Context.withTimeout(Context.background(), Duration.ofMillis(1));
        try {
            Chan<Unit> donec = Chan.make();
            Context.afterFunc(ctx, donec::close);
            assertNull(donec.recv()); // called eventually; @Timeout catches a hang
            assertSame(Context.DEADLINE_EXCEEDED, ctx.err());
        } finally {
            ctx.cancel();
        }
    }

    @Test
    void calledAfterTimeoutFromAGoroutine() {
        Go.run(() -> {
            for (int i = 0; i < 50; i++) calledAfterTimeout();
        });
    }

    @Test
    void calledAfterTimeoutFromAPlainThread() {
        for (int i = 0; i < 50; i++) calledAfterTimeout();
    }

    /** Cancel does not wait for f: f blocks on an unbuffered send that only the canceller receives. */
    private static void calledAsynchronously() {
        var ctx = Context.withCancel(Context.background());
        Chan<Unit> donec = Chan.make();
        BooleanSupplier stop = Context.afterFunc(ctx, () -> donec.send(Unit.UNIT));
        ctx.cancel(); // would deadlock if it ran f itself
        assertSame(Unit.UNIT, donec.recv());
        assertFalse(stop.getAsBoolean(), "f was started");
    }

    @Test
    void calledAsynchronouslyFromAGoroutine() {
        Go.run(() -> {
            for (int i = 0; i < 200; i++) calledAsynchronously();
        });
    }

    @Test
    void calledAsynchronouslyFromAPlainThread() {
        for (int i = 0; i < 200; i++) calledAsynchronously();
    }

    /**
     * A stopped f is not started by a later cancel. No sleep: a second afterFunc
     * registered after the cancel is waited for, and the stopped one has not run.
     */
    private static void notCalledAfterStop() {
        AtomicInteger stoppedRuns = new AtomicInteger();
        var ctx = Context.withCancel(Context.background());
        BooleanSupplier stop = Context.afterFunc(ctx, stoppedRuns::incrementAndGet);
        Chan<Unit> other = Chan.make(1);
        BooleanSupplier otherStop = Context.afterFunc(ctx, () -> other.send(Unit.UNIT));
        assertTrue(stop.getAsBoolean(), "stop() before cancel");
        ctx.cancel();
        assertSame(Unit.UNIT, other.recv());
        assertFalse(stop.getAsBoolean(), "a second stop()");
        assertFalse(otherStop.getAsBoolean(), "stop() after f started");
        assertEquals(0, stoppedRuns.get());
    }

    @Test
    void notCalledAfterStopFromAGoroutine() {
        Go.run(() -> {
            for (int i = 0; i < 200; i++) notCalledAfterStop();
        });
    }

    @Test
    void notCalledAfterStopFromAPlainThread() {
        for (int i = 0; i < 200; i++) notCalledAfterStop();
    }

    /**
     * stop() racing cancel(): either stop wins (true, f never runs) or f is started
     * (stop false, f runs exactly once). Counted over many rounds.
     */
    @Test
    void stopRacingCancelFromGoroutines() {
        int rounds = 2000;
        AtomicInteger runs = new AtomicInteger();
        int[] stopped = new int[1];
        Go.run(() -> {
            Chan<Integer> ran = Chan.make(rounds);
            for (int i = 0; i < rounds; i++) {
                var ctx = Context.withCancel(Context.background());
                int round = i;
                BooleanSupplier stop = Context.afterFunc(ctx, () -> {
                    runs.incrementAndGet();
                    ran.send(round);
                });
                Chan<Boolean> result = Chan.make(1);
                Go.go(ctx::cancel);
                Go.go(() -> result.send(stop.getAsBoolean()));
                boolean s = result.recv();
                if (s) {
                    stopped[0]++;
                } else {
                    assertEquals(round, ran.recv(), "f started by cancel runs");
                }
                assertFalse(stop.getAsBoolean(), "stop is true at most once");
            }
            // flush: an afterFunc on a cancelled context, waited for
            var done = Context.withCancel(Context.background());
            done.cancel();
            Chan<Unit> flushed = Chan.make();
            Context.afterFunc(done, flushed::close);
            flushed.recv();
        });
        assertEquals(rounds - stopped[0], runs.get(), "f ran exactly when stop lost; stopped " + stopped[0]);
    }

    @Test
    void stopRacingCancelOnPlainThreads() throws InterruptedException {
        int rounds = 300;
        AtomicInteger runs = new AtomicInteger();
        int stopped = 0;
        for (int i = 0; i < rounds; i++) {
            var ctx = Context.withCancel(Context.background());
            CountDownLatch ran = new CountDownLatch(1);
            BooleanSupplier stop = Context.afterFunc(ctx, () -> {
                runs.incrementAndGet();
                ran.countDown();
            });
            boolean[] s = new boolean[1];
            Thread a = Thread.ofPlatform().start(ctx::cancel);
            Thread b = Thread.ofPlatform().start(() -> s[0] = stop.getAsBoolean());
            a.join();
            b.join();
            if (s[0]) stopped++;
            else ran.await();
            assertFalse(stop.getAsBoolean());
        }
        var done = Context.withCancel(Context.background());
        done.cancel();
        CountDownLatch flushed = new CountDownLatch(1);
        Context.afterFunc(done, flushed::countDown);
        flushed.await();
        assertEquals(rounds - stopped, runs.get(), "f ran exactly when stop lost; stopped " + stopped);
    }

    /** Many afterFuncs on one context, cancelled from several goroutines at once: each runs once. */
    @Test
    void manyAfterFuncsRunOnceEach() {
        for (int round = 0; round < 20; round++) {
            int n = 200, cancellers = 4;
            AtomicInteger runs = new AtomicInteger();
            Go.run(() -> {
                var ctx = Context.withCancel(Context.background());
                Chan<Unit> ran = Chan.make(n);
                List<BooleanSupplier> stops = new ArrayList<>();
                for (int i = 0; i < n; i++) {
                    stops.add(Context.afterFunc(ctx, () -> {
                        runs.incrementAndGet();
                        ran.send(Unit.UNIT);
                    }));
                }
                Chan<Unit> fin = Chan.make(cancellers);
                for (int t = 0; t < cancellers; t++) {
                    Go.go(() -> {
                        ctx.cancel();
                        fin.send(Unit.UNIT);
                    });
                }
                for (int t = 0; t < cancellers; t++) fin.recv();
                for (int i = 0; i < n; i++) ran.recv();
                for (BooleanSupplier s : stops) assertFalse(s.getAsBoolean());
            });
            assertEquals(n, runs.get());
        }
    }

    @Test
    void neverCancelledContextNeverRunsF() {
        AtomicInteger runs = new AtomicInteger();
        for (Context ctx : List.of(Context.background(), Context.todo(),
                Context.withoutCancel(Context.withCancel(Context.background())),
                Context.withValue(Context.background(), "k", "v"))) {
            BooleanSupplier stop = Context.afterFunc(ctx, runs::incrementAndGet);
            assertTrue(stop.getAsBoolean(), ctx + ": stop() prevents f");
            assertFalse(stop.getAsBoolean(), ctx + ": only once");
        }
        assertEquals(0, runs.get());
    }

    private static void customParent() {
        HandmadeContext my = new HandmadeContext();
        Chan<Unit> donec = Chan.make();
        AtomicInteger stoppedRuns = new AtomicInteger();
        BooleanSupplier stopped = Context.afterFunc(my, stoppedRuns::incrementAndGet);
        BooleanSupplier stop = Context.afterFunc(my, donec::close);
        assertTrue(stopped.getAsBoolean());
        my.cancel();
        assertNull(donec.recv());
        assertFalse(stop.getAsBoolean());
        assertFalse(stopped.getAsBoolean());
        // already cancelled custom parent: f is started at once
        Chan<Unit> again = Chan.make();
        Context.afterFunc(my, again::close);
        assertNull(again.recv());
        assertEquals(0, stoppedRuns.get());
    }

    @Test
    void customParentFromAGoroutine() {
        Go.run(() -> {
            for (int i = 0; i < 100; i++) customParent();
        });
    }

    @Test
    void customParentFromAPlainThread() {
        for (int i = 0; i < 100; i++) customParent();
    }
}
