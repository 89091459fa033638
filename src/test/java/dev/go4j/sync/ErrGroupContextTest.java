package dev.go4j.sync;

import dev.go4j.Go;
import dev.go4j.context.Context;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.*;

/** x/sync/errgroup's WithContext: the context ends on the first error or when Wait returns. */
@Timeout(60)
class ErrGroupContextTest {

    @RepeatedTest(20)
    void firstErrorCancelsTheContextWithItAsCause() {
        Go.run(() -> {
            var g = ErrGroup.withContext(Context.background());
            var ctx = g.context();
            var boom = new java.io.IOException("boom");
            AtomicInteger sawCancel = new AtomicInteger();
            for (int i = 0; i < 10; i++) {
                g.go(() -> {
                    ctx.done().recv(); // the others wait for the failure to cancel them
                    sawCancel.incrementAndGet();
                    return null;
                });
            }
            g.go(() -> { throw boom; });
            assertSame(boom, g.await());
            assertEquals(10, sawCancel.get(), "every waiting task saw the cancellation");
            assertSame(Context.CANCELED, ctx.err());
            assertSame(boom, Context.cause(ctx));
        });
    }

    @Test
    void awaitCancelsTheContextWhenAllSucceed() {
        Go.run(() -> {
            var g = ErrGroup.withContext(Context.background());
            AtomicInteger ran = new AtomicInteger();
            for (int i = 0; i < 5; i++) g.go(() -> {
                assertNull(g.context().err(), "not cancelled while tasks run without error");
                return ran.incrementAndGet();
            });
            assertNull(g.await());
            assertEquals(5, ran.get());
            assertSame(Context.CANCELED, g.context().err());
            assertNull(g.context().done().recv(), "done is closed");
        });
    }

    @Test
    void parentCancellationReachesTheGroupContext() {
        Go.run(() -> {
            var parent = Context.withCancel(Context.background());
            var g = ErrGroup.withContext(parent);
            g.go(() -> { g.context().done().recv(); return null; });
            parent.cancel();
            assertNull(g.await(), "cancellation is not a task error");
            assertSame(Context.CANCELED, g.context().err());
        });
    }

    @Test
    void badUse() {
        assertThrows(NullPointerException.class, () -> ErrGroup.withContext(null));
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> new ErrGroup().context());
        assertTrue(e.getMessage().contains("withContext"), e.getMessage());
    }
}
