package dev.go4j.context;

import dev.go4j.Chan;
import dev.go4j.Go;
import dev.go4j.Select;
import dev.go4j.sync.Cond;
import dev.go4j.sync.Mutex;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;

import static org.junit.jupiter.api.Assertions.*;

/**
 * The patterns of Go's context examples (example_test.go) as assertions:
 * ExampleWithCancel (a generator goroutine ends once its context is cancelled),
 * ExampleAfterFunc_cond (a Cond wait interrupted by a context) and ExampleAfterFunc_merge
 * (a context cancelled by either of two, with the cause of the one that fired).
 */
@Timeout(60)
class ContextExamplesTest {

    @Test
    void generatorStopsWhenCancelled() {
        Go.run(() -> {
            int base = Go.numGoroutine();
            for (int round = 0; round < 200; round++) {
                Context.Cancelable ctx = Context.withCancel(Context.background());
                Chan<Integer> dst = Chan.make();
                Chan<Integer> exited = Chan.make(1);
                Go.go(() -> {
                    int n = 1;
                    for (;;) {
                        int k = n;
                        int i = Select.select(Select.recv(ctx.done()), Select.send(dst, k));
                        if (i == 0) {
                            exited.send(n);
                            return;
                        }
                        n++;
                    }
                });
                for (int want = 1; want <= 5; want++) assertEquals(want, dst.recv());
                ctx.cancel();
                assertEquals(6, exited.recv(), "the generator returned, having sent 5");
            }
            while (Go.numGoroutine() != base) Go.gosched(); // no generator left behind
            assertEquals(base, Go.numGoroutine());
        });
    }

    /** Go's waitOnCond: cond's lock is held by the caller. */
    private static Context.Error waitOnCond(Context ctx, Cond cond, BooleanSupplier conditionMet) {
        BooleanSupplier stopf = Context.afterFunc(ctx, () -> {
            cond.locker().lock();
            try {
                cond.broadcast();
            } finally {
                cond.locker().unlock();
            }
        });
        try {
            while (!conditionMet.getAsBoolean()) {
                cond.await();
                if (ctx.err() != null) return ctx.err();
            }
            return null;
        } finally {
            stopf.getAsBoolean();
        }
    }

    @Test
    void condWaitInterruptedByContext() {
        Go.run(() -> {
            for (int round = 0; round < 50; round++) {
                Mutex mu = new Mutex();
                Cond cond = new Cond(mu);
                Context.Cancelable ctx = Context.withCancel(Context.background());
                int waiters = 20;
                AtomicInteger canceled = new AtomicInteger();
                Chan<Boolean> fin = Chan.make(waiters);
                for (int i = 0; i < waiters; i++) {
                    Go.go(() -> {
                        mu.lock();
                        try {
                            Context.Error err = waitOnCond(ctx, cond, () -> false);
                            if (err == Context.CANCELED) canceled.incrementAndGet();
                        } finally {
                            mu.unlock();
                        }
                        fin.send(true);
                    });
                }
                ctx.cancel();
                for (int i = 0; i < waiters; i++) fin.recv();
                assertEquals(waiters, canceled.get(), "every waiter returned Canceled");
            }
            // the condition met first: no error, and the afterFunc is stopped
            Mutex mu = new Mutex();
            Cond cond = new Cond(mu);
            Context.Cancelable ctx = Context.withCancel(Context.background());
            mu.lock();
            try {
                assertNull(waitOnCond(ctx, cond, () -> true));
            } finally {
                mu.unlock();
            }
            ctx.cancel();
        });
    }

    /** Go's mergeCancel: ctx's values and cancellation, also cancelled with cancelCtx's cause. */
    private record Merged(Context.CancelableCause ctx, Runnable cancel) { }

    private static Merged mergeCancel(Context ctx, Context cancelCtx) {
        Context.CancelableCause merged = Context.withCancelCause(ctx);
        BooleanSupplier stop = Context.afterFunc(cancelCtx, () -> merged.cancel(Context.cause(cancelCtx)));
        return new Merged(merged, () -> {
            stop.getAsBoolean();
            merged.cancel(Context.CANCELED);
        });
    }

    private static void merge() {
        RuntimeException why = new RuntimeException("the other one");
        // the second context fires: its cause arrives (in the afterFunc's goroutine)
        Context.Cancelable a = Context.withCancel(Context.withValue(Context.background(), "k", "v"));
        Context.CancelableCause b = Context.withCancelCause(Context.background());
        Merged m = mergeCancel(a, b);
        assertEquals("v", m.ctx().value("k"));
        assertNull(m.ctx().err());
        b.cancel(why);
        assertNull(m.ctx().done().recv());
        assertSame(Context.CANCELED, m.ctx().err());
        assertSame(why, Context.cause(m.ctx()));
        assertNull(a.err(), "never the first");
        m.cancel().run();
        a.cancel();

        // the first context fires: synchronously, with its own cause
        Context.CancelableCause a2 = Context.withCancelCause(Context.background());
        Context.Cancelable b2 = Context.withCancel(Context.background());
        Merged m2 = mergeCancel(a2, b2);
        a2.cancel(why);
        assertSame(Context.CANCELED, m2.ctx().err());
        assertSame(why, Context.cause(m2.ctx()));
        assertNull(b2.err());
        m2.cancel().run();
        b2.cancel();

        // the merge's own cancel stops the afterFunc on the second context
        Context.Cancelable a3 = Context.withCancel(Context.background());
        Context.CancelableCause b3 = Context.withCancelCause(Context.background());
        Merged m3 = mergeCancel(a3, b3);
        m3.cancel().run();
        b3.cancel(why);
        assertSame(Context.CANCELED, Context.cause(m3.ctx()), "the merge's cancel came first");
        a3.cancel();
    }

    @Test
    void mergeFromAGoroutine() {
        Go.run(() -> {
            for (int i = 0; i < 200; i++) merge();
        });
    }

    @Test
    void mergeFromAPlainThread() {
        for (int i = 0; i < 200; i++) merge();
    }
}
