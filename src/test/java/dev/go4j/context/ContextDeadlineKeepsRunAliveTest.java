package dev.go4j.context;

import dev.go4j.Chan;
import dev.go4j.Go;
import dev.go4j.Select;
import dev.go4j.sync.Mutex;
import dev.go4j.sync.WaitGroup;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.*;

/**
 * A run whose only way forward is a context deadline is not a deadlock: the deadline
 * wakes a goroutine blocked on the done channel of the context or of a descendant, or
 * one that an afterFunc of it will wake (a channel send, a mutex unlock). Go's runtime
 * never reports these, since a pending timer keeps the program alive.
 */
@Timeout(60)
class ContextDeadlineKeepsRunAliveTest {
    private static final Duration SOON = Duration.ofMillis(5);

    @Test
    void waitingOnADescendantsDone() {
        for (int i = 0; i < 20; i++) {
            Go.run(() -> {
                Context.Cancelable ctx = Context.withTimeout(Context.background(), SOON);
                Context.Cancelable grandchild = Context.withCancel(Context.withValue(Context.withCancel(ctx), "k", 1));
                assertNull(grandchild.done().recv());
                assertSame(Context.DEADLINE_EXCEEDED, grandchild.err());
            });
        }
    }

    @Test
    void waitingInASelectOverTwoContexts() {
        for (int i = 0; i < 20; i++) {
            Go.run(() -> {
                Context.Cancelable never = Context.withCancel(Context.background());
                Context.Cancelable soon = Context.withTimeout(Context.background(), SOON);
                assertEquals(1, Select.select(Select.recv(never.done()), Select.recv(soon.done())));
                never.cancel();
            });
        }
    }

    @Test
    void waitingOnAChannelAnAfterFuncSendsOn() {
        for (int i = 0; i < 20; i++) {
            Go.run(() -> {
                Context.Cancelable ctx = Context.withTimeout(Context.background(), SOON);
                Chan<Integer> c = Chan.make();
                Context.afterFunc(ctx, () -> c.send(7));
                assertEquals(7, c.recv());
            });
        }
    }

    @Test
    void waitingOnAMutexAnAfterFuncUnlocks() {
        for (int i = 0; i < 20; i++) {
            Go.run(() -> {
                Mutex mu = new Mutex();
                mu.lock();
                Context.Cancelable ctx = Context.withTimeout(Context.background(), SOON);
                Context.afterFunc(Context.withCancel(ctx), mu::unlock);
                mu.lock(); // released by the afterFunc
                mu.unlock();
                assertSame(Context.DEADLINE_EXCEEDED, ctx.err());
            });
        }
    }

    @Test
    void workersWaitOnTheDeadlineAndMainOnAWaitGroup() {
        for (int i = 0; i < 20; i++) {
            AtomicInteger expired = new AtomicInteger();
            Go.run(() -> {
                Context.Cancelable ctx = Context.withTimeout(Context.background(), SOON);
                WaitGroup wg = new WaitGroup();
                for (int w = 0; w < 8; w++) {
                    wg.add(1);
                    Go.go(() -> {
                        try {
                            ctx.done().recv();
                            if (ctx.err() == Context.DEADLINE_EXCEEDED) expired.incrementAndGet();
                        } finally {
                            wg.done();
                        }
                    });
                }
                wg.await();
            });
            assertEquals(8, expired.get());
        }
    }
}
